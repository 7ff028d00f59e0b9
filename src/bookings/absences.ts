import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { absences, bookings } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { addDaysToDate, seoulInstant } from '../time/seoul.js';
import { cancelMatching } from './cancellations.js';
import { noticeParams } from './notices.js';
import { activeOverlapping, centerIdOfDesk } from './repository.js';
import type { BookingDeps } from './service.js';

export interface NewAbsence {
  startsOn: string;
  endsOn: string;
  kind: 'leave' | 'business_trip' | 'other';
  note: string;
}

const overlapping = (userId: number, a: { startsOn: string; endsOn: string }) =>
  and(
    eq(bookings.userId, userId),
    activeOverlapping(seoulInstant(a.startsOn, 0), seoulInstant(addDaysToDate(a.endsOn, 1), 0)),
  );

/** The bookings an absence would cancel, to show before the person confirms. */
export function bookingsInAbsence(db: Database, userId: number, a: { startsOn: string; endsOn: string }) {
  return db.select().from(bookings).where(overlapping(userId, a)).orderBy(asc(bookings.startsAt));
}

/** Records leave or a business trip and cancels the person's bookings in it, with the audit trail and a notice each. */
export async function recordAbsence(
  deps: BookingDeps,
  user: SessionUser,
  a: NewAbsence,
): Promise<{ cancelled: number }> {
  const now = deps.clock.now();
  const deskIds: number[] = [];
  const cancelled = await inTransaction(deps.db, async (tx) => {
    await tx.insert(absences).values({ userId: user.id, ...a });
    const rows = await cancelMatching(tx, overlapping(user.id, a), {
      actorId: user.id,
      reason: `absence: ${a.kind}`,
      at: now,
      notice: (b) => ({ key: 'notice.cancelled', params: noticeParams(b) }),
    });
    deskIds.push(...rows.map((b) => b.deskId));
    return rows.length;
  });
  const centers = new Set<number>();
  for (const d of deskIds) {
    const c = await centerIdOfDesk(deps.db, d);
    if (c !== undefined) centers.add(c);
  }
  for (const centerId of centers) await deps.events.publish({ type: 'center', centerId });
  return { cancelled };
}

export function upcomingAbsences(db: Database, userId: number, today: string) {
  return db
    .select()
    .from(absences)
    .where(and(eq(absences.userId, userId), gte(absences.endsOn, today)))
    .orderBy(asc(absences.startsOn));
}

/** Absences of a person touching [from, to], for series to skip. */
export function absencesBetween(db: Database, userId: number, from: string, to: string) {
  return db
    .select({ startsOn: absences.startsOn, endsOn: absences.endsOn, reason: absences.kind })
    .from(absences)
    .where(and(eq(absences.userId, userId), gte(absences.endsOn, from), lt(absences.startsOn, addDaysToDate(to, 1))));
}

export async function deleteAbsence(db: Database, userId: number, id: number): Promise<void> {
  const rows = await db
    .delete(absences)
    .where(and(eq(absences.id, id), eq(absences.userId, userId)))
    .returning({ id: absences.id });
  if (rows.length === 0) throw new NotFoundError('absence.notFound');
}
