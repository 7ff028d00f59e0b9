import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { NO_SHOW_PERIOD_DAYS } from '../bookings/policy.js';
import type { Database } from '../db/client.js';
import { bookingsAtCenters } from '../db/joins.js';
import { bookingBans, bookings, centers, users } from '../db/schema.js';
import { operatedCenterIds } from './operators.js';

export interface HoldForOperator {
  userId: number;
  endsAt: Date;
  displayName: string;
  displayNameEn: string;
  username: string;
  /** The centers where the no-shows behind the hold happened. */
  causedAt: { id: number; name: string; nameEn: string }[];
  /** Whether this person may lift it: an administrator, or the operator of every center that caused it. */
  mayLift: boolean;
}

/**
 * Holds in force, as one operator may see them: only people with a no-show behind the hold at a
 * center they run (administrators see every hold), each saying which centers caused it. A hold
 * is network-wide, so it is lifted by the operator of every center that caused it, or by an
 * administrator.
 */
export async function holdsForOperator(
  db: Database,
  operator: Pick<SessionUser, 'id' | 'role'>,
  now: Date,
): Promise<HoldForOperator[]> {
  const mine = await operatedCenterIds(db, operator);
  if (mine && mine.length === 0) return [];
  const holds = await db
    .select({
      userId: bookingBans.userId,
      startsAt: bookingBans.startsAt,
      endsAt: bookingBans.endsAt,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      username: users.username,
    })
    .from(bookingBans)
    .innerJoin(users, eq(bookingBans.userId, users.id))
    .where(and(isNull(bookingBans.liftedAt), sql`${bookingBans.endsAt} > ${now.toISOString()}::timestamptz`));
  if (holds.length === 0) return [];
  const earliest = new Date(Math.min(...holds.map((h) => h.startsAt.getTime())) - NO_SHOW_PERIOD_DAYS * 86_400_000);
  const noShows = await bookingsAtCenters(
    db.selectDistinct({
      userId: bookings.userId,
      startsAt: bookings.startsAt,
      centerId: centers.id,
      name: centers.name,
      nameEn: centers.nameEn,
    }),
  ).where(
    and(
      inArray(
        bookings.userId,
        holds.map((h) => h.userId),
      ),
      eq(bookings.status, 'no_show'),
      gte(bookings.startsAt, earliest),
      lte(bookings.startsAt, now),
    ),
  );
  const result: HoldForOperator[] = [];
  for (const h of holds) {
    const since = h.startsAt.getTime() - NO_SHOW_PERIOD_DAYS * 86_400_000;
    const causing = noShows.filter(
      (n) => n.userId === h.userId && n.startsAt.getTime() >= since && n.startsAt.getTime() <= h.startsAt.getTime(),
    );
    const causedAt = [
      ...new Map(causing.map((c) => [c.centerId, { id: c.centerId, name: c.name, nameEn: c.nameEn }])).values(),
    ];
    const ours = mine === undefined ? causedAt : causedAt.filter((c) => mine.includes(c.id));
    if (mine !== undefined && ours.length === 0) continue;
    result.push({
      userId: h.userId,
      endsAt: h.endsAt,
      displayName: h.displayName,
      displayNameEn: h.displayNameEn,
      username: h.username,
      causedAt,
      mayLift: mine === undefined || causedAt.every((c) => mine.includes(c.id)),
    });
  }
  return result;
}

/** Whether this operator may lift this person's hold now (see `holdsForOperator`). */
export async function mayLiftHold(
  db: Database,
  operator: Pick<SessionUser, 'id' | 'role'>,
  userId: number,
  now: Date,
): Promise<boolean> {
  const holds = await holdsForOperator(db, operator, now);
  return holds.some((h) => h.userId === userId && h.mayLift);
}
