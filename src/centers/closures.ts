import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { recordAdminChange } from '../admin/audit.js';
import type { SessionUser } from '../auth/users.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { noticeParams } from '../bookings/notices.js';
import { activeOverlapping } from '../bookings/repository.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { bookings, closures, desks, planDays, zones } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import { addDaysToDate, type Clock, seoulInstant } from '../time/seoul.js';
import { KOREAN_PUBLIC_HOLIDAYS } from './holidays.js';
import { mayOperate } from './operators.js';
import { deleteNetworkClosure } from './policy-repository.js';

export interface NewClosure {
  startsOn: string;
  endsOn: string;
  kind: 'holiday' | 'maintenance' | 'other';
  reason: string;
  reasonEn?: string;
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
  return closeCenters(deps, actor, centerId, ranges);
}

/**
 * Closes every center for a range of days (임시공휴일, an election day): an administrator's
 * decision. Bookings in those days are cancelled with a notice, and plans skip the days.
 */
export async function addNetworkClosure(
  deps: { db: Database; clock: Clock; events: ChangeBus },
  actor: SessionUser,
  range: NewClosure,
): Promise<{ cancelled: number }> {
  if (actor.role !== 'admin') throw new ForbiddenError('error.forbidden');
  return closeCenters(deps, actor, null, [range]);
}

export async function removeNetworkClosure(
  deps: { db: Database; clock: Clock; events: ChangeBus },
  actor: SessionUser,
  id: number,
): Promise<void> {
  if (actor.role !== 'admin') throw new ForbiddenError('error.forbidden');
  if (!(await deleteNetworkClosure(deps.db, id, { actorId: actor.id, at: deps.clock.now() })))
    throw new NotFoundError('closure.notFound');
}

async function closeCenters(
  deps: { db: Database; clock: Clock; events: ChangeBus },
  actor: SessionUser,
  centerId: number | null,
  ranges: readonly NewClosure[],
): Promise<{ cancelled: number }> {
  const now = deps.clock.now();
  const people = new Set<number>();
  const centersHit = new Set<number>();
  const cancelled = await inTransaction(deps.db, async (tx) => {
    let n = 0;
    for (const r of ranges) {
      const [made] = await tx
        .insert(closures)
        .values({ centerId, ...r, createdById: actor.id })
        .returning();
      const inCenter = tx
        .select({ id: desks.id })
        .from(desks)
        .innerJoin(zones, eq(desks.zoneId, zones.id))
        .where(centerId === null ? undefined : eq(zones.centerId, centerId));
      const where: SQL | undefined = and(
        inArray(bookings.deskId, inCenter),
        activeOverlapping(seoulInstant(r.startsOn, 0), seoulInstant(addDaysToDate(r.endsOn, 1), 0)),
      );
      const hit = await cancelMatching(tx, where, {
        actorId: actor.id,
        reason: `closure: ${r.reason}`,
        at: now,
        notice: (b) => ({
          key: 'notice.bookingCancelledClosure',
          params: { ...noticeParams(b), reason: r.reason, reasonEn: r.reasonEn || r.reason },
        }),
      });
      n += hit.length;
      for (const b of hit) people.add(b.userId);
      await recordAdminChange(tx, {
        actorId: actor.id,
        entity: 'closure',
        entityId: made!.id,
        action: 'create',
        after: { ...made, cancelledBookings: hit.length },
        at: now,
      });
      // A plan's day whose booking the closure cancelled is closed, not silently gone.
      if (hit.length)
        await tx
          .update(planDays)
          .set({ attention: 'closed' })
          .where(
            inArray(
              planDays.bookingId,
              hit.map((b) => b.id),
            ),
          );
      if (hit.length && centerId === null) {
        const rows = await tx
          .selectDistinct({ centerId: zones.centerId })
          .from(desks)
          .innerJoin(zones, eq(desks.zoneId, zones.id))
          .where(
            inArray(
              desks.id,
              hit.map((b) => b.deskId),
            ),
          );
        for (const row of rows) centersHit.add(row.centerId);
      }
    }
    return n;
  });
  if (centerId !== null) centersHit.add(centerId);
  for (const id of centersHit) await deps.events.publish({ type: 'center', centerId: id });
  for (const userId of people) await deps.events.publish({ type: 'user', userId });
  return { cancelled };
}

/** The public holidays of a year that fall on or after today, as closures. */
export function holidayClosures(year: number, today: string): NewClosure[] {
  return (KOREAN_PUBLIC_HOLIDAYS[year] ?? [])
    .filter((h) => h.date >= today)
    .map((h) => ({ startsOn: h.date, endsOn: h.date, kind: 'holiday' as const, reason: h.name, reasonEn: h.nameEn }));
}
