import { and, asc, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import { findDeskContext } from '../centers/repository.js';
import { inTransaction } from '../db/client.js';
import { bookings } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { publishAll } from '../realtime/bus.js';
import { seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { book } from './book.js';
import { checkInWindowOf, closureOn } from './policy.js';
import { activeOverlapping, type BookingRow, findBooking, recordEvent } from './repository.js';
import { checkInWindow } from './rules.js';
import { type BookingDeps, checkIn } from './service.js';
import { promoteSoon } from './waitlist.js';

export type DeskAction =
  | { kind: 'check_in'; booking: BookingRow }
  | { kind: 'check_out'; booking: BookingRow }
  | { kind: 'walk_in'; until: Date }
  | { kind: 'none'; reason: 'closed' | 'taken' | 'walk_ins_off' | 'out_of_service' | 'not_allowed' };

/** What a person scanning a desk's code can do there now: the one rule for the check-in page. */
export async function deskActionFor(deps: BookingDeps, user: SessionUser, deskId: number): Promise<DeskAction> {
  const context = await findDeskContext(deps.db, deskId);
  if (!context?.desk.active) throw new NotFoundError('booking.error.deskNotFound');
  const now = deps.clock.now();
  const today = seoulDate(now);
  const policy = await policyFor(deps.db, context.center.id);
  const todays = await deps.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.deskId, deskId), activeOverlapping(now, seoulInstant(today, 1440))))
    .orderBy(asc(bookings.startsAt));
  const mine = todays.find(
    (b) =>
      b.userId === user.id && (b.status === 'checked_in' || checkInWindow(b, now, checkInWindowOf(policy)) === 'ok'),
  );
  if (mine)
    return mine.status === 'checked_in' ? { kind: 'check_out', booking: mine } : { kind: 'check_in', booking: mine };
  if (context.desk.outOfService) return { kind: 'none', reason: 'out_of_service' };
  if (!mayUseZone(user, context.zone)) return { kind: 'none', reason: 'not_allowed' };
  const hours = hoursOn(context.center.hours, today);
  const minute = seoulMinuteOfDay(now);
  const closed = !hours || minute < hours.opensMinute || minute >= hours.closesMinute;
  if (closed || closureOn(await closuresBetween(deps.db, context.center.id, today, today), today))
    return { kind: 'none', reason: 'closed' };
  if (!policy.walkInsAllowed) return { kind: 'none', reason: 'walk_ins_off' };
  const t = now.getTime();
  if (todays.some((b) => b.startsAt.getTime() <= t)) return { kind: 'none', reason: 'taken' };
  const next = todays.find((b) => b.startsAt.getTime() > t);
  const until = new Date(
    Math.min(seoulInstant(today, hours.closesMinute).getTime(), next?.startsAt.getTime() ?? Number.POSITIVE_INFINITY),
  );
  if (until.getTime() - t < policy.minMinutes * 60_000) return { kind: 'none', reason: 'taken' };
  // No longer than the center's longest booking, like any other.
  if (until.getTime() - t > policy.maxMinutes * 60_000) until.setTime(t - (t % 60_000) + policy.maxMinutes * 60_000);
  return { kind: 'walk_in', until };
}

/**
 * Scanning a desk's code and confirming: checks in to one's own booking there, or, when the
 * desk is free and the center takes walk-ins, books it on the spot (already checked in) until
 * closing or the next booking. The exclusion constraint still settles any race.
 */
export async function useDeskNow(deps: BookingDeps, user: SessionUser, deskId: number): Promise<BookingRow> {
  const action = await deskActionFor(deps, user, deskId);
  if (action.kind === 'check_in') return checkIn(deps, user, action.booking.id);
  if (action.kind === 'check_out') return action.booking;
  if (action.kind === 'none') {
    if (action.reason === 'walk_ins_off') throw new ForbiddenError('booking.error.walkInsClosed');
    if (action.reason === 'not_allowed') throw new ForbiddenError('booking.error.zoneNotAllowed');
    throw new ConflictError('booking.error.notNow');
  }
  const now = deps.clock.now();
  const today = seoulDate(now);
  const outcome = await book(deps.db, deps, {
    source: 'walk_in',
    actorId: user.id,
    personId: user.id,
    deskId,
    date: today,
    start: seoulMinuteOfDay(now),
    end: seoulDate(action.until) === today ? seoulMinuteOfDay(action.until) : 1440,
    checkedIn: true,
    reason: 'walk-in',
  });
  await publishAll(deps.events, outcome.events);
  return outcome.booking;
}

/** Leaving early: the booking ends now and the rest of its time is free for others. */
export async function checkOut(deps: BookingDeps, user: SessionUser, bookingId: number): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  if (!booking || booking.userId !== user.id) throw new NotFoundError('booking.error.notFound');
  const now = deps.clock.now();
  if (booking.status !== 'checked_in' || booking.endsAt <= now)
    throw new ConflictError('booking.error.checkOut.inactive');
  // At least a minute, so the range stays non-empty for the constraint.
  const endsAt = new Date(Math.max(Math.ceil(now.getTime() / 60_000) * 60_000, booking.startsAt.getTime() + 60_000));
  const row = await inTransaction(deps.db, async (tx) => {
    const [updated] = await tx
      .update(bookings)
      .set({ status: 'completed', endsAt })
      .where(and(eq(bookings.id, booking.id), eq(bookings.status, 'checked_in')))
      .returning();
    if (updated)
      await recordEvent(tx, {
        bookingId: updated.id,
        fromStatus: 'checked_in',
        toStatus: 'completed',
        actorId: user.id,
        reason: 'checked out early',
        at: now,
      });
    return updated;
  });
  if (!row) throw new ConflictError('booking.error.checkOut.inactive');
  const context = await findDeskContext(deps.db, booking.deskId);
  if (context) {
    await deps.events.publish({ type: 'center', centerId: context.center.id });
    await promoteSoon(deps, context.center.id);
  }
  return row;
}
