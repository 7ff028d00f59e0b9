import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { noticeParams } from '../bookings/notices.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { bookings, closures, desks, zones } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import { addDaysToDate, type Clock, seoulInstant } from '../time/seoul.js';
import { KOREAN_PUBLIC_HOLIDAYS } from './holidays.js';
import { mayOperate } from './operators.js';

export interface NewClosure {
  startsOn: string;
  endsOn: string;
  kind: 'holiday' | 'maintenance' | 'other';
  reason: string;
}

/**
 * Closes a center for a range of days. Bookings that still hold a desk in those days are
 * cancelled in the same transaction, each with a notice to its holder: nothing is dropped silently.
 */
export async function addClosures(
  deps: { db: Database; clock: Clock; events: ChangeBus },
  actor: SessionUser,
  centerId: number,
  ranges: readonly NewClosure[],
): Promise<{ cancelled: number }> {
  if (!(await mayOperate(deps.db, actor, centerId))) throw new NotFoundError('center.notFound');
  const now = deps.clock.now();
  const people = new Set<number>();
  const cancelled = await inTransaction(deps.db, async (tx) => {
    let n = 0;
    for (const r of ranges) {
      await tx.insert(closures).values({ centerId, ...r, createdById: actor.id });
      const inCenter = tx
        .select({ id: desks.id })
        .from(desks)
        .innerJoin(zones, eq(desks.zoneId, zones.id))
        .where(eq(zones.centerId, centerId));
      const hit = await cancelMatching(
        tx,
        and(
          inArray(bookings.deskId, inCenter),
          lt(bookings.startsAt, seoulInstant(addDaysToDate(r.endsOn, 1), 0)),
          gt(bookings.endsAt, seoulInstant(r.startsOn, 0)),
        ),
        {
          actorId: actor.id,
          reason: `closure: ${r.reason}`,
          at: now,
          notice: (b) => ({ key: 'notice.bookingCancelledClosure', params: { ...noticeParams(b), reason: r.reason } }),
        },
      );
      n += hit.length;
      for (const b of hit) people.add(b.userId);
    }
    return n;
  });
  await deps.events.publish({ type: 'center', centerId });
  for (const userId of people) await deps.events.publish({ type: 'user', userId });
  return { cancelled };
}

/** The public holidays of a year that fall on or after today, as closures. */
export function holidayClosures(year: number, today: string): NewClosure[] {
  return (KOREAN_PUBLIC_HOLIDAYS[year] ?? [])
    .filter((h) => h.date >= today)
    .map((h) => ({ startsOn: h.date, endsOn: h.date, kind: 'holiday' as const, reason: h.name }));
}
