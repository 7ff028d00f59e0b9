import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { ownNeeds, wishesFor } from '../accessibility/needs.js';
import { findSessionUser } from '../auth/users.js';
import { book, refusalMessage } from '../bookings/book.js';
import { freeDeskFor } from '../bookings/suggest.js';
import { longestHorizonDays, policyFor } from '../centers/policy-repository.js';
import { type Database, inTransaction, queryRows } from '../db/client.js';
import { planDays, schedulePlans } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeBus, type ChangeEvent, publishAll } from '../realtime/bus.js';
import { addDaysToDate, type Clock, isoWeekday, seoulDate, seoulMinuteOfDay } from '../time/seoul.js';
import { bookingWindow, centerPartOf, type PlanDay, type PlanDayAttention, parsePattern } from './rules.js';

/**
 * Why a smart-work day of an approved plan has no booking. 'pending' days lie beyond the
 * center's horizon and are booked by the roll-forward job as they enter it.
 */
export type DayAttention = PlanDayAttention;

export interface PlanBookingDeps {
  clock: Clock;
  needsKey: Buffer;
}

/** Maps the admission path's refusal to what the plan page says about the day. */
function attentionOf(err: DomainError): DayAttention {
  const { key } = refusalMessage(err);
  if (['booking.error.closure', 'booking.error.closedDay', 'booking.error.outsideHours'].includes(key)) return 'closed';
  if (key === 'booking.error.onLeave') return 'leave';
  if (key === 'booking.error.userOverlap') return 'own_booking';
  if (key === 'booking.error.deskTaken') return 'full';
  if (key === 'booking.error.datePast' || key === 'booking.error.startPast') return 'past';
  if (key === 'booking.error.dateTooFar') return 'pending';
  return 'refused';
}

/**
 * Books one smart-work day of a plan through the one admission path, in the caller's
 * transaction: a desk that suits the person first, trying the next free desk if one is taken
 * meanwhile. Days beyond the center's horizon wait ('pending'); past days are never booked.
 */
export async function bookPlanDay(
  tx: Database,
  deps: PlanBookingDeps,
  plan: { id: number; userId: number },
  date: string,
  day: PlanDay,
  actorId: number | undefined,
): Promise<{ bookingId: number | null; attention: DayAttention | null; events: ChangeEvent[] }> {
  const now = deps.clock.now();
  if (!day.centerId) return { bookingId: null, attention: 'closed', events: [] };
  const policy = await policyFor(tx, day.centerId);
  // Never a day (or today's hours) already over; nothing beyond the horizon until the job reaches it.
  const window = bookingWindow({ date, end: day.end }, seoulDate(now), seoulMinuteOfDay(now), policy.horizonDays);
  if (window === 'past') return { bookingId: null, attention: 'past', events: [] };
  if (window === 'beyond_horizon') return { bookingId: null, attention: 'pending', events: [] };
  const person = await findSessionUser(tx, plan.userId);
  if (!person) return { bookingId: null, attention: 'refused', events: [] };
  const wishes = wishesFor(await ownNeeds({ db: tx, key: deps.needsKey }, plan.userId));
  const tried = new Set<number>();
  let attention: DayAttention = 'full';
  for (let attempt = 0; attempt < 3; attempt++) {
    const desk = await freeDeskFor(tx, person, day.centerId, date, { start: day.start, end: day.end }, wishes, tried);
    if (!desk) break;
    tried.add(desk.id);
    try {
      const outcome = await book(tx, deps, {
        source: 'plan',
        actorId,
        personId: plan.userId,
        deskId: desk.id,
        date,
        start: day.start,
        end: day.end,
        reason: `plan ${plan.id}`,
      });
      return { bookingId: outcome.booking.id, attention: null, events: outcome.events };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      attention = attentionOf(err);
      // Only a desk taken meanwhile is worth another desk; any other refusal holds for every desk.
      if (attention !== 'full') break;
    }
  }
  return { bookingId: null, attention, events: [] };
}

/**
 * Books each pending plan day that has entered its center's horizon, through the same path as
 * approval. Safe across processes (rows claimed with SKIP LOCKED) and catches up after
 * downtime: a pending day that has already passed is marked 'past', never booked late.
 */
export async function rollPlansForward(
  deps: PlanBookingDeps & { db: Database; events: ChangeBus },
): Promise<{ booked: number; unbooked: number }> {
  const today = seoulDate(deps.clock.now());
  // Only days within the longest horizon of any center can be due; the rest wait without being read.
  const longest = await longestHorizonDays(deps.db);
  const candidates = await deps.db
    .select({ planId: planDays.planId, date: planDays.date })
    .from(planDays)
    .innerJoin(schedulePlans, eq(planDays.planId, schedulePlans.id))
    .where(
      and(
        eq(planDays.attention, 'pending'),
        eq(schedulePlans.status, 'approved'),
        lte(planDays.date, addDaysToDate(today, longest)),
      ),
    )
    .orderBy(asc(planDays.date))
    .limit(500);
  let booked = 0;
  let unbooked = 0;
  const events: ChangeEvent[] = [];
  for (const c of candidates) {
    const result = await inTransaction(deps.db, async (tx) => {
      const [claimed] = await queryRows<{ plan_id: number }>(
        tx,
        sql`select plan_id from plan_days where plan_id = ${c.planId} and date = ${c.date}::date
            and attention = 'pending' for update skip locked`,
      );
      if (!claimed) return undefined;
      const [plan] = await tx.select().from(schedulePlans).where(eq(schedulePlans.id, c.planId));
      const day = plan && patternDay(parsePattern(plan.pattern), c.date);
      if (!plan || !day) return undefined;
      const outcome = await bookPlanDay(tx, deps, plan, c.date, day, undefined);
      if (outcome.attention === 'pending') return undefined;
      await tx
        .update(planDays)
        .set({ bookingId: outcome.bookingId, attention: outcome.attention })
        .where(and(eq(planDays.planId, c.planId), eq(planDays.date, c.date)));
      if (outcome.attention) {
        await addNotification(
          tx,
          plan.userId,
          'notice.planDayUnbooked',
          { date: c.date, reasonKey: `schedule.attention.${outcome.attention}` },
          deps.clock.now(),
        );
      }
      return outcome;
    });
    if (!result) continue;
    if (result.bookingId) booked++;
    else unbooked++;
    events.push(...result.events);
  }
  await publishAll(deps.events, events);
  return { booked, unbooked };
}

/**
 * The pattern's smart-work time at a center on a date's weekday, if any: a whole day at a
 * center, or the remote hours of an office day spent at one (remote work by the hour).
 */
export function patternDay(pattern: readonly PlanDay[], date: string): PlanDay | undefined {
  const day = pattern.find((d) => d.weekday === isoWeekday(date));
  const part = centerPartOf(day);
  return day && part ? { weekday: day.weekday, type: day.type, place: 'center', ...part } : undefined;
}
