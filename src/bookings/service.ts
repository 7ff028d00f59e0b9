import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import { mayOperate } from '../centers/operators.js';
import { findDeskContext } from '../centers/repository.js';
import { type Database, pgErrorOf } from '../db/client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import type { Clock } from '../time/seoul.js';
import {
  type BookingRow,
  centerIdOfDesk,
  findBooking,
  insertBooking,
  markCancelled,
  markCheckedIn,
} from './repository.js';
import { bookingInstants, CHECK_IN_WINDOW, canCancel, checkBookingTimes, checkInWindow } from './rules.js';

export interface BookingDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
}

export interface NewBooking {
  deskId: number;
  date: string;
  start: number | undefined;
  end: number | undefined;
}

/** Books a desk for the signed-in user. The database's exclusion constraints have the last word on overlaps. */
export async function createBooking(deps: BookingDeps, user: SessionUser, input: NewBooking): Promise<BookingRow> {
  const context = await findDeskContext(deps.db, input.deskId);
  if (!context?.desk.active || context.desk.outOfService) {
    throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  }
  if (!mayUseZone(user, context.zone)) {
    throw new ForbiddenError('booking.error.zoneNotAllowed', {}, 'deskId');
  }
  const errors = checkBookingTimes(input, {
    now: deps.clock.now(),
    hoursOnDate: (date) => hoursOn(context.center.hours, date),
  });
  if (Object.keys(errors).length > 0 || input.start === undefined || input.end === undefined) {
    throw new ValidationError(errors);
  }
  const { startsAt, endsAt } = bookingInstants(input.date, { start: input.start, end: input.end });
  try {
    const booking = await insertBooking(deps.db, {
      deskId: input.deskId,
      userId: user.id,
      createdById: user.id,
      startsAt,
      endsAt,
    });
    await deps.events.publish({ type: 'center', centerId: context.center.id });
    return booking;
  } catch (err) {
    const pg = pgErrorOf(err);
    if (pg?.code === '23P01' && pg.constraint === 'bookings_no_user_overlap') {
      throw new ConflictError('booking.error.userOverlap', {}, 'start');
    }
    if (pg?.code === '23P01') throw new ConflictError('booking.error.deskTaken', {}, 'start');
    throw err;
  }
}

/** Cancels one of the user's own bookings; someone else's booking is "not found", never "forbidden". */
export async function cancelBooking(deps: BookingDeps, user: SessionUser, bookingId: number): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  if (!booking || booking.userId !== user.id) throw new NotFoundError('booking.error.notFound');
  const now = deps.clock.now();
  const verdict = canCancel(booking, now);
  if (verdict === 'ended') throw new ConflictError('booking.error.pastUnchangeable');
  if (verdict === 'inactive') throw new ConflictError('booking.error.alreadyInactive');
  const cancelled = await markCancelled(deps.db, booking.id, user.id, now);
  if (!cancelled) throw new ConflictError('booking.error.alreadyInactive');
  await publishCenterOfDesk(deps, booking.deskId);
  return cancelled;
}

async function publishCenterOfDesk(deps: BookingDeps, deskId: number): Promise<void> {
  const centerId = await centerIdOfDesk(deps.db, deskId);
  if (centerId !== undefined) await deps.events.publish({ type: 'center', centerId });
}

/**
 * Checks a person in: the booking's holder, or an operator of its center, within the window
 * around its start. Check-in is what tells an operator someone is really at the desk.
 */
export async function checkIn(deps: BookingDeps, actor: SessionUser, bookingId: number): Promise<BookingRow> {
  const booking = await findBooking(deps.db, bookingId);
  const centerId = booking ? await centerIdOfDesk(deps.db, booking.deskId) : undefined;
  const allowed =
    booking && centerId !== undefined && (booking.userId === actor.id || (await mayOperate(deps.db, actor, centerId)));
  if (!booking || !allowed) throw new NotFoundError('booking.error.notFound');
  const verdict = checkInWindow(booking, deps.clock.now());
  if (verdict !== 'ok') throw new ConflictError(`booking.error.checkIn.${verdict}`, CHECK_IN_WINDOW);
  const row = await markCheckedIn(deps.db, booking.id, deps.clock.now());
  if (!row) throw new ConflictError('booking.error.checkIn.inactive', CHECK_IN_WINDOW);
  await deps.events.publish({ type: 'center', centerId: centerId! });
  return row;
}
