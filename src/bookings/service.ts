import { eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayOperate } from '../centers/operators.js';
import { policyFor } from '../centers/policy-repository.js';
import { type Database, inTransaction } from '../db/client.js';
import { planDays } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeBus, publishAll } from '../realtime/bus.js';
import type { Clock } from '../time/seoul.js';
import { bookingPayload, enqueueEvent } from '../webhooks/events.js';
import { type BookRequest, book } from './book.js';
import { noticeParams } from './notices.js';
import { checkInWindowOf } from './policy.js';
import {
  type BookingRow,
  centerIdOfDesk,
  findBooking,
  markCancelled,
  markCheckedIn,
  recordEvent,
} from './repository.js';
import { canCancel, checkInWindow } from './rules.js';
import { promoteSoon } from './waitlist.js';

export interface BookingDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  /** Decrypts the booked person's own needs (for held desks and rooms). */
  needsKey: Buffer;
}

export interface NewBooking {
  deskId: number;
  date: string;
  start: number | undefined;
  end: number | undefined;
  /** Someone in the actor's team, when a manager books for them. */
  forUserId?: number;
  /** Rooms: what the meeting is, and who else comes (usernames). */
  title?: string;
  attendees?: string[];
}

/** A booking asked for by a person (a form or the API), for themselves or a team member, through the one admission path. */
export async function createBooking(
  deps: BookingDeps,
  actor: SessionUser,
  input: NewBooking,
  source: 'form' | 'api' = 'form',
  withinTransaction?: BookRequest['withinTransaction'],
): Promise<BookingRow> {
  const outcome = await book(deps.db, deps, {
    source,
    actorId: actor.id,
    personId: input.forUserId ?? actor.id,
    deskId: input.deskId,
    date: input.date,
    start: input.start,
    end: input.end,
    title: input.title,
    attendees: input.attendees,
    reason:
      input.forUserId !== undefined && input.forUserId !== actor.id
        ? `booked by ${actor.username} for the team`
        : undefined,
    withinTransaction,
  });
  await publishAll(deps.events, outcome.events);
  return outcome.booking;
}

/**
 * Moves or shortens one of the person's own bookings (another desk, another time) through the
 * one admission path. Atomic: the booking keeps its id, and if the new slot is refused the old
 * one stays exactly as it was.
 */
export async function rescheduleBooking(
  deps: BookingDeps,
  actor: SessionUser,
  bookingId: number,
  change: { deskId?: number; date: string; start: number; end: number },
): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  if (!booking || booking.userId !== actor.id) throw new NotFoundError('booking.error.notFound');
  const verdict = canCancel(booking, deps.clock.now());
  if (verdict === 'ended') throw new ConflictError('booking.error.pastUnchangeable');
  if (verdict === 'inactive' || booking.status !== 'booked') throw new ConflictError('booking.error.alreadyInactive');
  const outcome = await book(deps.db, deps, {
    source: 'api',
    actorId: actor.id,
    personId: actor.id,
    deskId: change.deskId ?? booking.deskId,
    date: change.date,
    start: change.start,
    end: change.end,
    replaces: booking.id,
    reason: 'rescheduled by the holder',
  });
  const oldCenter = await centerIdOfDesk(deps.db, booking.deskId);
  await publishAll(deps.events, [
    ...outcome.events,
    ...(oldCenter === undefined ? [] : [{ type: 'center' as const, centerId: oldCenter }]),
  ]);
  return outcome.booking;
}

/** Cancels one of the user's own bookings; someone else's booking is "not found", never "forbidden". */
export async function cancelBooking(deps: BookingDeps, user: SessionUser, bookingId: number): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  if (!booking || booking.userId !== user.id) throw new NotFoundError('booking.error.notFound');
  const now = deps.clock.now();
  const verdict = canCancel(booking, now);
  if (verdict === 'ended') throw new ConflictError('booking.error.pastUnchangeable');
  if (verdict === 'inactive') throw new ConflictError('booking.error.alreadyInactive');
  const cancelled = await inTransaction(deps.db, async (tx) => {
    const row = await markCancelled(tx, booking.id, user.id, now);
    if (row) {
      await recordEvent(tx, {
        bookingId: row.id,
        fromStatus: booking.status,
        toStatus: 'cancelled',
        actorId: user.id,
        reason: 'cancelled by the holder',
        at: now,
      });
      await addNotification(tx, row.userId, 'notice.cancelled', noticeParams(row), now);
      await enqueueMail(tx, {
        userId: row.userId,
        template: 'booking.cancelled',
        params: noticeParams(row),
        at: now,
        ics: { bookingId: row.id, method: 'CANCEL' },
      });
      await enqueueEvent(tx, { type: 'booking.cancelled', userId: row.userId, data: bookingPayload(row), at: now });
      // A smart-work day of an approved plan stays in step: the plan shows the day needs attention.
      await tx.update(planDays).set({ attention: 'cancelled' }).where(eq(planDays.bookingId, row.id));
    }
    return row;
  });
  if (!cancelled) throw new ConflictError('booking.error.alreadyInactive');
  const centerId = await publishCenterOfDesk(deps, booking.deskId);
  if (centerId !== undefined) await promoteSoon(deps, centerId);
  return cancelled;
}

async function publishCenterOfDesk(deps: BookingDeps, deskId: number): Promise<number | undefined> {
  const centerId = await centerIdOfDesk(deps.db, deskId);
  if (centerId !== undefined) await deps.events.publish({ type: 'center', centerId });
  return centerId;
}

/**
 * Checks a person in: the booking's holder, or an operator of its center, within the center's
 * window around the start. Check-in is what tells an operator someone is really at the desk.
 */
export async function checkIn(deps: BookingDeps, actor: SessionUser, bookingId: number): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  const centerId = booking ? await centerIdOfDesk(deps.db, booking.deskId) : undefined;
  const allowed =
    booking && centerId !== undefined && (booking.userId === actor.id || (await mayOperate(deps.db, actor, centerId)));
  if (!booking || !allowed) throw new NotFoundError('booking.error.notFound');
  const now = deps.clock.now();
  const window = checkInWindowOf(await policyFor(deps.db, centerId!));
  const verdict = checkInWindow(booking, now, window);
  if (verdict !== 'ok') throw new ConflictError(`booking.error.checkIn.${verdict}`, window);
  const row = await inTransaction(deps.db, async (tx) => {
    const updated = await markCheckedIn(tx, booking.id, now);
    if (updated) {
      await recordEvent(tx, {
        bookingId: updated.id,
        fromStatus: 'booked',
        toStatus: 'checked_in',
        actorId: actor.id,
        reason: actor.id === booking.userId ? 'checked in' : 'checked in by the operator',
        at: now,
      });
      await enqueueEvent(tx, {
        type: 'booking.checked_in',
        userId: updated.userId,
        data: bookingPayload(updated),
        at: now,
      });
    }
    return updated;
  });
  if (!row) throw new ConflictError('booking.error.checkIn.inactive', window);
  await deps.events.publish({ type: 'center', centerId: centerId! });
  return row;
}
