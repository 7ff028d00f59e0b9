import { and, count, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { type Database, inTransaction, queryRows } from '../db/client.js';
import { bookingBans, bookings, users } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, formatMinute, seoulDate, seoulMinuteOfDay } from '../time/seoul.js';
import { BAN_DAYS, DEFAULT_POLICY, NO_SHOW_PERIOD_DAYS, reachesNoShowLimit } from './policy.js';
import { recordEvent } from './repository.js';

export interface ReleaseResult {
  released: number;
  completed: number;
  banned: number;
}

interface Overdue {
  id: number;
  user_id: number;
  center_id: number;
  starts_at: Date | string;
  ends_at: Date | string;
  no_show_limit: number;
}

const BATCH = 500;

/**
 * Releases bookings whose check-in window closed with nobody checked in (status no_show: the
 * desk is free again), completes checked-in bookings that have ended, tells each person, and
 * puts a hold on booking ahead after too many no-shows. Safe to run in every app process at
 * once: rows are claimed with FOR UPDATE SKIP LOCKED and changed only from their old status,
 * so none is released twice and none is missed; a run after downtime catches up on all of them.
 */
export async function releaseNoShows(deps: { db: Database; clock: Clock; events: ChangeBus }): Promise<ReleaseResult> {
  const now = deps.clock.now();
  const centers = new Set<number>();
  const people = new Set<number>();
  const result = await inTransaction(deps.db, async (tx) => {
    const overdue = await queryRows<Overdue>(
      tx,
      sql`select b.id, b.user_id, z.center_id, b.starts_at, b.ends_at,
                 coalesce(p.no_show_limit, ${DEFAULT_POLICY.noShowLimit}) as no_show_limit
          from bookings b
          join desks d on d.id = b.desk_id
          join zones z on z.id = d.zone_id
          left join center_policies p on p.center_id = z.center_id
          where b.status = 'booked'
            and least(b.starts_at + make_interval(mins => coalesce(p.check_in_after_minutes, ${DEFAULT_POLICY.checkInAfterMinutes})), b.ends_at) <= ${now.toISOString()}::timestamptz
          order by b.starts_at
          limit ${BATCH}
          for update of b skip locked`,
    );
    let released = 0;
    let banned = 0;
    for (const b of overdue) {
      const [row] = await tx
        .update(bookings)
        .set({ status: 'no_show' })
        .where(and(eq(bookings.id, b.id), eq(bookings.status, 'booked')))
        .returning({ id: bookings.id });
      if (!row) continue;
      released++;
      centers.add(b.center_id);
      people.add(b.user_id);
      await recordEvent(tx, {
        bookingId: b.id,
        fromStatus: 'booked',
        toStatus: 'no_show',
        actorId: null,
        reason: 'not checked in within the window',
        at: now,
      });
      const startsAt = new Date(b.starts_at);
      const noShow = { date: seoulDate(startsAt), start: formatMinute(seoulMinuteOfDay(startsAt)) };
      await addNotification(tx, b.user_id, 'notice.noShow', noShow, now);
      await enqueueMail(tx, {
        userId: b.user_id,
        template: 'booking.noShow',
        params: noShow,
        at: now,
        ics: { bookingId: b.id, method: 'CANCEL' },
      });
      if (await placeHoldIfDue(tx, b.user_id, Number(b.no_show_limit), now)) banned++;
    }

    const ended = await tx
      .update(bookings)
      .set({ status: 'completed' })
      .where(and(eq(bookings.status, 'checked_in'), lte(bookings.endsAt, now)))
      .returning({ id: bookings.id });
    for (const e of ended) {
      await recordEvent(tx, {
        bookingId: e.id,
        fromStatus: 'checked_in',
        toStatus: 'completed',
        actorId: null,
        reason: 'ended',
        at: now,
      });
    }
    return { released, completed: ended.length, banned };
  });
  for (const centerId of centers) await deps.events.publish({ type: 'center', centerId });
  for (const userId of people) await deps.events.publish({ type: 'user', userId });
  return result;
}

async function placeHoldIfDue(tx: Database, userId: number, limit: number, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - NO_SHOW_PERIOD_DAYS * 86_400_000);
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.userId, userId), eq(bookings.status, 'no_show'), gte(bookings.startsAt, since)));
  if (!reachesNoShowLimit(n, { ...DEFAULT_POLICY, noShowLimit: limit })) return false;
  const existing = await tx
    .select({ id: bookingBans.id })
    .from(bookingBans)
    .where(
      and(
        eq(bookingBans.userId, userId),
        isNull(bookingBans.liftedAt),
        sql`${bookingBans.endsAt} > ${now.toISOString()}::timestamptz`,
      ),
    );
  if (existing.length > 0) return false;
  const endsAt = new Date(now.getTime() + BAN_DAYS * 86_400_000);
  await tx
    .insert(bookingBans)
    .values({ userId, startsAt: now, endsAt, reason: `${n} no-shows in ${NO_SHOW_PERIOD_DAYS} days` });
  await addNotification(tx, userId, 'notice.banned', { count: n, until: seoulDate(endsAt) }, now);
  return true;
}

/** Lifts a hold (an operator's decision); true when there was one. */
export async function liftHold(db: Database, userId: number, byUserId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(bookingBans)
    .set({ liftedAt: now, liftedById: byUserId })
    .where(
      and(
        eq(bookingBans.userId, userId),
        isNull(bookingBans.liftedAt),
        sql`${bookingBans.endsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: bookingBans.id });
  return rows.length > 0;
}

/** Holds in force now, with the person's name: for operators deciding whether to lift one. */
export function activeHolds(db: Database, now: Date) {
  return db
    .select({
      userId: bookingBans.userId,
      endsAt: bookingBans.endsAt,
      reason: bookingBans.reason,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      username: users.username,
    })
    .from(bookingBans)
    .innerJoin(users, eq(bookingBans.userId, users.id))
    .where(and(isNull(bookingBans.liftedAt), sql`${bookingBans.endsAt} > ${now.toISOString()}::timestamptz`));
}
