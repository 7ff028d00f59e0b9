import { and, asc, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { overlapping } from '../bookings/repository.js';
import { PRESENT_STATUSES } from '../bookings/statuses.js';
import type { Database } from '../db/client.js';
import { bookingsAtCenters } from '../db/joins.js';
import {
  absences,
  bookings,
  centers,
  planDays,
  planEvents,
  schedulePlans,
  scheduleSettings,
  teams,
  users,
} from '../db/schema.js';
import { addDaysToDate, seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import {
  ACTIVE_PLAN_STATUSES,
  type PlanDay,
  type PlanDayAttention,
  parsePattern,
  type ScheduleConfig,
  scheduleConfigFrom,
} from './rules.js';

/** All SQL of flexible work. Plans come out with a typed pattern, never raw jsonb. */

type PlanRecord = typeof schedulePlans.$inferSelect;
export type PlanRow = Omit<PlanRecord, 'pattern'> & { pattern: PlanDay[] };

const typed = (row: PlanRecord): PlanRow => ({ ...row, pattern: parsePattern(row.pattern) });

/** The flexible-work settings of a scope ('default' until organisations have their own). */
export async function scheduleConfigFor(db: Database, scope = 'default'): Promise<ScheduleConfig> {
  const [row] = await db.select().from(scheduleSettings).where(eq(scheduleSettings.scope, scope));
  if (!row && scope !== 'default') return scheduleConfigFor(db, 'default');
  return scheduleConfigFrom(row?.settings);
}

export async function saveScheduleSettings(
  db: Database,
  scope: string,
  settings: Partial<ScheduleConfig>,
  byUserId: number | null,
  at: Date,
): Promise<void> {
  await db
    .insert(scheduleSettings)
    .values({ scope, settings, updatedAt: at, updatedById: byUserId })
    .onConflictDoUpdate({ target: scheduleSettings.scope, set: { settings, updatedAt: at, updatedById: byUserId } });
}

/** A person's contracted weekly minutes (part-time), or null for full time. */
export async function contractedMinutesOf(db: Database, userId: number): Promise<number | null> {
  const [row] = await db.select({ minutes: users.contractedWeekMinutes }).from(users).where(eq(users.id, userId));
  return row?.minutes ?? null;
}

/** Holds the person's row until the transaction ends, so that two plans of theirs are checked one after the other. */
export async function lockPerson(tx: Database, userId: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

export async function findPlan(db: Database, id: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(schedulePlans).where(eq(schedulePlans.id, id));
  return row && typed(row);
}

export async function plansOf(db: Database, userId: number): Promise<PlanRow[]> {
  const rows = await db
    .select()
    .from(schedulePlans)
    .where(eq(schedulePlans.userId, userId))
    .orderBy(desc(schedulePlans.fromDate));
  return rows.map(typed);
}

/** The person's plans that hold their period (submitted or approved). */
export async function activePlansOf(db: Database, userId: number): Promise<PlanRow[]> {
  const rows = await db
    .select()
    .from(schedulePlans)
    .where(and(eq(schedulePlans.userId, userId), inArray(schedulePlans.status, [...ACTIVE_PLAN_STATUSES])));
  return rows.map(typed);
}

export async function submittedPlans(db: Database): Promise<PlanRow[]> {
  const rows = await db
    .select()
    .from(schedulePlans)
    .where(eq(schedulePlans.status, 'submitted'))
    .orderBy(desc(schedulePlans.createdAt));
  return rows.map(typed);
}

export interface PlanFields {
  fromDate: string;
  toDate: string;
  pattern: PlanDay[];
  project: string;
  outcome: string;
}

export async function insertPlan(
  db: Database,
  values: PlanFields & { userId: number; createdAt: Date; replacesPlanId?: number },
): Promise<PlanRow> {
  const [row] = await db.insert(schedulePlans).values(values).returning();
  return typed(row!);
}

export async function updateDraft(db: Database, id: number, userId: number, fields: PlanFields) {
  const [row] = await db
    .update(schedulePlans)
    .set(fields)
    .where(and(eq(schedulePlans.id, id), eq(schedulePlans.userId, userId), eq(schedulePlans.status, 'draft')))
    .returning();
  return row && typed(row);
}

/** Moves a plan from one of `from` to `to`; undefined when it was no longer in one of them. */
export async function movePlan(
  db: Database,
  id: number,
  from: readonly string[],
  to: string,
  set: { comment?: string; decidedById?: number; toDate?: string } = {},
): Promise<PlanRow | undefined> {
  const [row] = await db
    .update(schedulePlans)
    .set({ status: to, ...set })
    .where(and(eq(schedulePlans.id, id), inArray(schedulePlans.status, [...from])))
    .returning();
  return row && typed(row);
}

/** Ends an approved plan early (a change takes over from the next day); its status stays approved. */
export async function shortenPlan(db: Database, id: number, toDate: string): Promise<PlanRow | undefined> {
  const [row] = await db
    .update(schedulePlans)
    .set({ toDate })
    .where(and(eq(schedulePlans.id, id), eq(schedulePlans.status, 'approved')))
    .returning();
  return row && typed(row);
}

export async function recordPlanEvent(
  db: Database,
  e: { planId: number; from: string | null; to: string; actorId: number; comment: string; at: Date },
): Promise<void> {
  await db
    .insert(planEvents)
    .values({ planId: e.planId, fromStatus: e.from, toStatus: e.to, actorId: e.actorId, comment: e.comment, at: e.at });
}

/** A plan's history, oldest first, with who did each step. */
export function historyOf(db: Database, planId: number) {
  return db
    .select({
      id: planEvents.id,
      fromStatus: planEvents.fromStatus,
      toStatus: planEvents.toStatus,
      comment: planEvents.comment,
      at: planEvents.at,
      actorId: planEvents.actorId,
      actorName: users.displayName,
      actorNameEn: users.displayNameEn,
    })
    .from(planEvents)
    .leftJoin(users, eq(planEvents.actorId, users.id))
    .where(eq(planEvents.planId, planId))
    .orderBy(asc(planEvents.at), asc(planEvents.id));
}

export function daysOf(db: Database, planId: number) {
  return db.select().from(planDays).where(eq(planDays.planId, planId)).orderBy(planDays.date);
}

export async function insertPlanDay(
  db: Database,
  values: { planId: number; date: string; bookingId: number | null; attention: PlanDayAttention | null },
): Promise<void> {
  await db
    .insert(planDays)
    .values(values)
    .onConflictDoUpdate({
      target: [planDays.planId, planDays.date],
      set: { bookingId: values.bookingId, attention: values.attention },
    });
}

/** The booking ids of a plan's days from a date on (to cancel when a change takes over). */
export async function bookedDaysFrom(db: Database, planId: number, fromDate: string): Promise<number[]> {
  const rows = await db
    .select({ bookingId: planDays.bookingId })
    .from(planDays)
    .where(and(eq(planDays.planId, planId), gte(planDays.date, fromDate)));
  return rows.flatMap((r) => (r.bookingId ? [r.bookingId] : []));
}

/** Forgets a plan's days from a date on that no longer belong to it (a change took them over). */
export async function dropDaysFrom(db: Database, planId: number, fromDate: string): Promise<void> {
  await db.delete(planDays).where(and(eq(planDays.planId, planId), gte(planDays.date, fromDate)));
}

/** Plan against actuals: each smart-work day with the status of the booking it made. */
export function planDaysWithBookings(db: Database, planId: number) {
  return db
    .select({
      date: planDays.date,
      attention: planDays.attention,
      status: bookings.status,
      checkedInAt: bookings.checkedInAt,
    })
    .from(planDays)
    .leftJoin(bookings, eq(planDays.bookingId, bookings.id))
    .where(eq(planDays.planId, planId))
    .orderBy(planDays.date);
}

/** For the team calendar: approved plans, absences and check-ins of some people over some dates. */
export async function teamWeek(db: Database, userIds: readonly number[], from: string, to: string) {
  if (userIds.length === 0) return { plans: [], leave: [], checkIns: [] };
  const ids = [...userIds];
  const [plans, leave, visits] = await Promise.all([
    db
      .select()
      .from(schedulePlans)
      .where(
        and(
          inArray(schedulePlans.userId, ids),
          eq(schedulePlans.status, 'approved'),
          lte(schedulePlans.fromDate, to),
          gte(schedulePlans.toDate, from),
        ),
      ),
    db
      .select()
      .from(absences)
      .where(and(inArray(absences.userId, ids), lte(absences.startsOn, to), gte(absences.endsOn, from))),
    bookingsAtCenters(
      db.select({
        userId: bookings.userId,
        centerId: centers.id,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        checkedInAt: bookings.checkedInAt,
      }),
    ).where(
      and(
        inArray(bookings.userId, ids),
        overlapping(seoulInstant(from, 0), seoulInstant(addDaysToDate(to, 1), 0), PRESENT_STATUSES),
      ),
    ),
  ]);
  const checkIns = visits
    .filter((v) => v.checkedInAt)
    .map((v) => ({
      userId: v.userId,
      date: seoulDate(v.startsAt),
      centerId: v.centerId,
      start: seoulMinuteOfDay(v.startsAt),
      end: seoulMinuteOfDay(v.endsAt) || 1440,
    }))
    .filter((v) => from <= v.date && v.date <= to);
  return { plans: plans.map(typed), leave, checkIns };
}

/** The teams a manager leads, to filter their approval queue. */
export function teamsLedBy(db: Database, managerId: number) {
  return db
    .select({ id: teams.id, name: teams.name, nameEn: teams.nameEn })
    .from(teams)
    .where(eq(teams.managerId, managerId))
    .orderBy(asc(teams.name));
}

/**
 * Days of approved plans not booked yet because they were beyond the center's horizon, up to a
 * date: what the daily roll-forward books (each with bookPlanDay), oldest first.
 */
export function pendingPlanDays(db: Database, upTo: string) {
  return db
    .select({ planId: planDays.planId, date: planDays.date })
    .from(planDays)
    .innerJoin(schedulePlans, eq(planDays.planId, schedulePlans.id))
    .where(and(eq(planDays.attention, 'pending'), lte(planDays.date, upTo), eq(schedulePlans.status, 'approved')))
    .orderBy(asc(planDays.date), asc(planDays.planId));
}
