import { type Need, needsAccessibleDesk, wishesFor } from '../accessibility/needs.js';
import type { SessionUser } from '../auth/users.js';
import { bookingInstants } from '../bookings/rules.js';
import { insertWithAudit } from '../bookings/service.js';
import { freeDeskFor } from '../bookings/suggest.js';
import { hoursOn } from '../centers/hours.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import { findCenter } from '../centers/repository.js';
import { type Database, pgErrorOf } from '../db/client.js';
import { ConflictError } from '../errors.js';
import { seoulDate, seoulMinuteOfDay } from '../time/seoul.js';
import { holdsBookingBetween, onLeave } from './repository.js';
import { type BookPlanDayReason, bookingWindow, type CenterDay } from './rules.js';

export interface PlanDayBooking {
  plan: { id: number; userId: number };
  day: CenterDay;
  /** The person the plan is for, with their own needs (to prefer a desk that suits them). */
  person: SessionUser;
  needs: readonly Need[];
  /** Who books: the manager approving, or the job rolling plans forward. */
  actorId: number;
  now: Date;
}

export type PlanDayResult = { bookingId: number } | { reason: BookPlanDayReason };

/**
 * Books one smart-work day of an approved plan, inside the caller's transaction, or says why
 * not. The one place a plan turns into a booking: approval calls it for the days within the
 * center's horizon, and the daily roll-forward for the days that enter it ('beyond_horizon'
 * days wait). When the booking command `book()` exists, its body becomes that call.
 */
export async function bookPlanDay(tx: Database, req: PlanDayBooking): Promise<PlanDayResult> {
  const { day, person, plan, now } = req;
  const center = await findCenter(tx, day.centerId);
  if (!center) return { reason: 'closed' };
  const policy = await policyFor(tx, center.id);
  const window = bookingWindow(day, seoulDate(now), seoulMinuteOfDay(now), policy.horizonDays);
  if (window !== 'now') return { reason: window };
  const hours = hoursOn(center.hours, day.date);
  const closed = (await closuresBetween(tx, center.id, day.date, day.date)).length > 0;
  if (!hours || closed || day.start < hours.opensMinute || day.end > hours.closesMinute) return { reason: 'closed' };
  if (await onLeave(tx, plan.userId, day.date)) return { reason: 'leave' };
  const { startsAt, endsAt } = bookingInstants(day.date, { start: day.start, end: day.end });
  if (await holdsBookingBetween(tx, plan.userId, startsAt, endsAt)) return { reason: 'own_booking' };
  const desk = await freeDeskFor(
    tx,
    person,
    center.id,
    day.date,
    { start: day.start, end: day.end },
    wishesFor([...req.needs]),
  );
  if (!desk) return { reason: 'full' };
  try {
    const booking = await insertWithAudit(
      tx,
      {
        deskId: desk.id,
        userId: plan.userId,
        createdById: req.actorId,
        startsAt,
        endsAt,
        needsAccessible: needsAccessibleDesk([...req.needs]),
      },
      `plan ${plan.id}`,
      now,
    );
    return { bookingId: booking.id };
  } catch (err) {
    // Someone took the desk a moment ago (the exclusion constraint said so): the day needs attention.
    if (!(err instanceof ConflictError) && pgErrorOf(err)?.code !== '23P01') throw err;
    return { reason: 'full' };
  }
}
