import { eq, inArray } from 'drizzle-orm';
import { extraHorizonDays } from '../accessibility/benefits.js';
import { heldFromPerson, needsAccessibleDesk, ownNeeds } from '../accessibility/needs.js';
import { isManagerOf } from '../auth/teams.js';
import { findSessionUser, normaliseUsername, type SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import { mayOperate } from '../centers/operators.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import { type DeskContext, findDeskContext } from '../centers/repository.js';
import { type Database, inTransaction, pgErrorOf } from '../db/client.js';
import { bookingAttendees, planDays, users } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, formatMinute, seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { noticeParams } from './notices.js';
import { type CenterPolicy, checkInWindowOf, closureOn, fitsWeeklyLimit, isoWeekOf, modeOf } from './policy.js';
import {
  activeBan,
  type BookingRow,
  centerIdOfDesk,
  findBooking,
  heldMinutes,
  insertBooking,
  markCancelled,
  markCheckedIn,
  recordEvent,
} from './repository.js';
import { bookingInstants, canCancel, checkBookingTimes, checkInWindow } from './rules.js';
import { promoteSoon } from './waitlist.js';

export interface BookingDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  /** Decrypts the booked person's own needs (for held desks); without it nobody counts as needing one. */
  needsKey?: Buffer;
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

/** Inserts a booking and its first audit entry together; the exclusion constraints have the last word. */
export async function insertWithAudit(
  db: Database,
  values: {
    title?: string;
    needsAccessible?: boolean;
    deskId: number;
    userId: number;
    createdById: number;
    startsAt: Date;
    endsAt: Date;
    status?: 'booked' | 'checked_in';
    checkedInAt?: Date;
  },
  reason: string,
  at: Date,
  attendeeIds: readonly number[] = [],
): Promise<BookingRow> {
  try {
    return await inTransaction(db, async (tx) => {
      const booking = await insertBooking(tx, values);
      await recordEvent(tx, {
        bookingId: booking.id,
        fromStatus: null,
        toStatus: booking.status,
        actorId: values.createdById,
        reason,
        at,
      });
      await addNotification(tx, booking.userId, 'notice.booked', noticeParams(booking), at);
      if (attendeeIds.length > 0) {
        await tx.insert(bookingAttendees).values(attendeeIds.map((userId) => ({ bookingId: booking.id, userId })));
        for (const userId of attendeeIds) {
          await addNotification(
            tx,
            userId,
            'notice.invited',
            { ...noticeParams(booking), title: booking.title ?? '' },
            at,
          );
        }
      }
      return booking;
    });
  } catch (err) {
    const pg = pgErrorOf(err);
    if (pg?.code === '23P01' && pg.constraint === 'bookings_no_user_overlap') {
      throw new ConflictError('booking.error.userOverlap', {}, 'start');
    }
    if (pg?.code === '23P01') throw new ConflictError('booking.error.deskTaken', {}, 'start');
    throw err;
  }
}

async function usableDesk(db: Database, user: SessionUser, deskId: number): Promise<DeskContext> {
  const context = await findDeskContext(db, deskId);
  if (!context?.desk.active || context.desk.outOfService) {
    throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  }
  if (!mayUseZone(user, context.zone)) {
    throw new ForbiddenError('booking.error.zoneNotAllowed', {}, 'deskId');
  }
  return context;
}

/**
 * Books a desk for the signed-in user under the center's policy: times and horizon, closures,
 * the weekly limit, and a no-show hold (which stops booking ahead, not booking today).
 */
export async function createBooking(deps: BookingDeps, actor: SessionUser, input: NewBooking): Promise<BookingRow> {
  const user = await bookedPerson(deps.db, actor, input.forUserId);
  const context = await usableDesk(deps.db, user, input.deskId);
  const now = deps.clock.now();
  const [centerPolicy, closures, extraDays] = await Promise.all([
    policyFor(deps.db, context.center.id),
    /^\d{4}-\d{2}-\d{2}$/.test(input.date) ? closuresBetween(deps.db, context.center.id, input.date, input.date) : [],
    extraHorizonDays(deps.db, user.id, seoulDate(now)),
  ]);
  // A pilot programme's benefit extends this person's horizon (e.g. parents or disabled staff booking earlier).
  const policy = { ...centerPolicy, horizonDays: centerPolicy.horizonDays + extraDays };
  const errors = checkBookingTimes(input, {
    now,
    policy,
    hoursOnDate: (date) => hoursOn(context.center.hours, date),
    closureOnDate: (date) => closureOn(closures, date),
    mode: modeOf(policy, context.desk),
  });
  if (Object.keys(errors).length > 0 || input.start === undefined || input.end === undefined) {
    throw new ValidationError(errors);
  }
  if (input.date !== seoulDate(now)) {
    const ban = await activeBan(deps.db, user.id, now);
    if (ban) throw new ForbiddenError('booking.error.banned', { until: seoulDate(ban.endsAt) }, 'date');
  }
  await checkWeeklyLimit(deps.db, user.id, input.date, input.end - input.start, policy);
  const room = await roomDetails(deps.db, context, user, input);
  const needs = deps.needsKey ? await ownNeeds({ db: deps.db, key: deps.needsKey }, user.id) : [];
  const { startsAt, endsAt } = bookingInstants(input.date, { start: input.start, end: input.end });
  const hold = heldFromPerson(context.desk, needs, startsAt, now, policy.priorityReleaseHours);
  if (hold.held) {
    throw new ForbiddenError(
      'booking.error.heldForNeeds',
      { from: `${seoulDate(hold.releasesAt)} ${formatMinute(seoulMinuteOfDay(hold.releasesAt))}` },
      'deskId',
    );
  }
  const booking = await insertWithAudit(
    deps.db,
    {
      deskId: input.deskId,
      userId: user.id,
      createdById: actor.id,
      startsAt,
      endsAt,
      title: room?.title,
      needsAccessible: needsAccessibleDesk(needs),
    },
    user.id === actor.id ? 'booked' : `booked by ${actor.username} for the team`,
    now,
    room?.attendeeIds,
  );
  await deps.events.publish({ type: 'center', centerId: context.center.id });
  return booking;
}

/** A room needs a title; its attendees must exist and fit in it. Desks take neither. */
async function roomDetails(db: Database, context: DeskContext, organiser: SessionUser, input: NewBooking) {
  if (context.desk.kind === 'desk') return undefined;
  const title = input.title?.trim() ?? '';
  if (!title) throw new ValidationError({ title: { key: 'booking.error.titleRequired' } });
  const names = [
    ...new Set((input.attendees ?? []).map(normaliseUsername).filter((n) => n && n !== organiser.username)),
  ];
  const found = names.length
    ? await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names))
    : [];
  const missing = names.filter((n) => !found.some((f) => f.username === n));
  if (missing.length)
    throw new ValidationError({
      attendees: { key: 'booking.error.unknownAttendee', params: { names: missing.join(', ') } },
    });
  if (found.length + 1 > context.desk.capacity) {
    throw new ValidationError({
      attendees: { key: 'booking.error.overCapacity', params: { capacity: context.desk.capacity } },
    });
  }
  return { title: title.slice(0, 120), attendeeIds: found.map((f) => f.id) };
}

/** The person a booking is for: the actor, or a member of a team the actor manages. */
async function bookedPerson(db: Database, actor: SessionUser, forUserId: number | undefined): Promise<SessionUser> {
  if (forUserId === undefined || forUserId === actor.id) return actor;
  const person = await findSessionUser(db, forUserId);
  if (!person || !(await isManagerOf(db, actor.id, forUserId))) {
    throw new ForbiddenError('booking.error.notYourTeam', {}, 'forUserId');
  }
  return person;
}

async function checkWeeklyLimit(db: Database, userId: number, date: string, minutes: number, policy: CenterPolicy) {
  const week = isoWeekOf(date);
  const already = await heldMinutes(db, userId, seoulInstant(week.from, 0), seoulInstant(week.to, 0));
  if (!fitsWeeklyLimit(already, minutes, policy)) {
    throw new ValidationError({
      end: { key: 'booking.error.weeklyLimit', params: { hours: policy.maxWeekMinutes / 60 } },
    });
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
    }
    return updated;
  });
  if (!row) throw new ConflictError('booking.error.checkIn.inactive', window);
  await deps.events.publish({ type: 'center', centerId: centerId! });
  return row;
}
