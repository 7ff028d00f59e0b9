import { and, desc, eq, inArray } from 'drizzle-orm';
import { managerOf, mayApproveFor } from '../auth/teams.js';
import type { SessionUser } from '../auth/users.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { KOREAN_PUBLIC_HOLIDAYS } from '../centers/holidays.js';
import { type Database, inTransaction } from '../db/client.js';
import { bookings, planDays, planEvents, schedulePlans } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeBus, type ChangeEvent, publishAll } from '../realtime/bus.js';
import { addDaysToDate, type Clock, datesBetween, isoWeekday, seoulDate } from '../time/seoul.js';
import { bookPlanDay, patternDay } from './plan-bookings.js';
import { checkPeriod, checkWeek, type PlanDay, requiredMinutesForWeek } from './rules.js';

export type PlanRow = typeof schedulePlans.$inferSelect;
export interface PlanDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  /** To prefer desks that suit the person's own needs (an accessible desk if they need one). */
  needsKey: Buffer;
}

export interface PlanInput {
  fromDate: string;
  toDate: string;
  pattern: PlanDay[];
  project: string;
  outcome: string;
}

const holidays = new Set(Object.values(KOREAN_PUBLIC_HOLIDAYS).flatMap((list) => list.map((d) => d.date)));

/** Every rule for a plan: its period, and each of its weeks (a public holiday lowers that week's target). */
export function planErrors(input: PlanInput, today: string) {
  const period = checkPeriod({ from: input.fromDate, to: input.toDate }, today);
  const mondays = new Set<string>();
  for (const d of datesBetween(input.fromDate, input.toDate)) mondays.add(addDaysToDate(d, 1 - isoWeekday(d)));
  const weekly = [...mondays].map((monday) => ({
    monday,
    ...checkWeek(input.pattern, { requiredMinutes: requiredMinutesForWeek(monday, input.pattern, holidays) }),
  }));
  const discretionary = input.pattern.some((d) => d.type === 'discretionary');
  const plan: Record<string, { key: string }> = {};
  if (discretionary && (!input.project.trim() || !input.outcome.trim()))
    plan.project = { key: 'schedule.error.discretionary' };
  if (input.pattern.length === 0) plan.pattern = { key: 'schedule.error.emptyPattern' };
  const ok =
    Object.keys(period).length === 0 &&
    Object.keys(plan).length === 0 &&
    weekly.every((w) => Object.keys(w.errors).length === 0);
  return { ok, period, plan, weekly };
}

async function record(
  db: Database,
  planId: number,
  from: string | null,
  to: string,
  actorId: number,
  comment: string,
  at: Date,
) {
  await db.insert(planEvents).values({ planId, fromStatus: from, toStatus: to, actorId, comment, at });
}

export async function saveDraft(
  deps: PlanDeps,
  user: SessionUser,
  input: PlanInput,
  planId?: number,
): Promise<PlanRow> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    if (planId) {
      const [row] = await tx
        .update(schedulePlans)
        .set({ ...input })
        .where(and(eq(schedulePlans.id, planId), eq(schedulePlans.userId, user.id), eq(schedulePlans.status, 'draft')))
        .returning();
      if (!row) throw new NotFoundError('schedule.notFound');
      return row;
    }
    const [row] = await tx
      .insert(schedulePlans)
      .values({ userId: user.id, ...input, createdAt: now })
      .returning();
    await record(tx, row!.id, null, 'draft', user.id, '', now);
    return row!;
  });
}

export async function findPlan(db: Database, id: number) {
  const [row] = await db.select().from(schedulePlans).where(eq(schedulePlans.id, id));
  return row;
}

export function plansOf(db: Database, userId: number) {
  return db.select().from(schedulePlans).where(eq(schedulePlans.userId, userId)).orderBy(desc(schedulePlans.fromDate));
}

export function historyOf(db: Database, planId: number) {
  return db.select().from(planEvents).where(eq(planEvents.planId, planId)).orderBy(planEvents.at, planEvents.id);
}

async function move(deps: PlanDeps, plan: PlanRow, from: readonly string[], to: string, actorId: number, comment = '') {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (tx) => {
    const [updated] = await tx
      .update(schedulePlans)
      .set({ status: to, comment })
      .where(and(eq(schedulePlans.id, plan.id), inArray(schedulePlans.status, [...from])))
      .returning();
    if (updated) await record(tx, plan.id, plan.status, to, actorId, comment, now);
    return updated;
  });
  if (!row) throw new ConflictError('schedule.error.state');
  return row;
}

export async function submitPlan(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  const check = planErrors(plan as PlanInput & PlanRow, seoulDate(deps.clock.now()));
  if (!check.ok) throw new ValidationError({ plan: { key: 'schedule.error.fixFirst' } });
  const submitted = await move(deps, plan, ['draft'], 'submitted', user.id);
  // The manager's queue updates live, and they get a notice.
  const managerId = await managerOf(deps.db, user.id);
  if (managerId) {
    await addNotification(
      deps.db,
      managerId,
      'notice.planSubmitted',
      { name: user.displayName, from: plan.fromDate, to: plan.toDate },
      deps.clock.now(),
    );
    await deps.events.publish({ type: 'user', userId: managerId });
  }
  return submitted;
}

export async function withdrawPlan(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  return move(deps, plan, ['draft', 'submitted'], 'withdrawn', user.id);
}

/**
 * A manager's decision on a plan of someone in their team. Approval books each smart-work day
 * at its center in the same transaction; a day that cannot be booked (closed, full) is kept as
 * needing attention, never dropped.
 */
export async function decidePlan(
  deps: PlanDeps,
  manager: SessionUser,
  id: number,
  decision: 'approved' | 'rejected',
  comment: string,
): Promise<{ plan: PlanRow; attention: number }> {
  const plan = await findPlan(deps.db, id);
  if (!plan) throw new NotFoundError('schedule.notFound');
  if (!(await mayApproveFor(deps.db, manager.id, plan.userId, seoulDate(deps.clock.now())))) {
    throw new ForbiddenError('schedule.error.notYourTeam');
  }
  if (decision === 'rejected') {
    const rejected = await move(deps, plan, ['submitted'], 'rejected', manager.id, comment);
    await addNotification(
      deps.db,
      plan.userId,
      'notice.planRejected',
      { from: plan.fromDate, to: plan.toDate, comment },
      deps.clock.now(),
    );
    await deps.events.publish({ type: 'user', userId: plan.userId });
    return { plan: rejected, attention: 0 };
  }
  const now = deps.clock.now();
  const pattern = plan.pattern as PlanDay[];
  let attention = 0;
  const events: ChangeEvent[] = [{ type: 'user', userId: plan.userId }];
  const result = await inTransaction(deps.db, async (tx) => {
    const [updated] = await tx
      .update(schedulePlans)
      .set({ status: 'approved', comment, decidedById: manager.id })
      .where(and(eq(schedulePlans.id, plan.id), eq(schedulePlans.status, 'submitted')))
      .returning();
    if (!updated) throw new ConflictError('schedule.error.state');
    await record(tx, plan.id, 'submitted', 'approved', manager.id, comment, now);
    if (plan.replacesPlanId) {
      // The plan this one changes steps aside, and its smart-work bookings still ahead are cancelled.
      const [old] = await tx
        .update(schedulePlans)
        .set({ status: 'superseded' })
        .where(and(eq(schedulePlans.id, plan.replacesPlanId), eq(schedulePlans.status, 'approved')))
        .returning();
      if (old) {
        await record(tx, old.id, 'approved', 'superseded', manager.id, `replaced by plan ${plan.id}`, now);
        const oldDays = await tx.select().from(planDays).where(eq(planDays.planId, old.id));
        const ahead = oldDays.filter((d) => d.bookingId && d.date >= seoulDate(now)).map((d) => d.bookingId!);
        if (ahead.length) {
          await cancelMatching(tx, inArray(bookings.id, ahead), {
            actorId: manager.id,
            reason: `plan ${old.id} replaced by ${plan.id}`,
            at: now,
          });
        }
      }
    }
    for (const date of datesBetween(plan.fromDate, plan.toDate)) {
      const day = patternDay(pattern, date);
      if (!day) continue;
      const outcome = await bookPlanDay(
        tx,
        { clock: deps.clock, needsKey: deps.needsKey },
        plan,
        date,
        day,
        manager.id,
      );
      // Days waiting for the horizon are not a problem yet; every other unbooked day is.
      if (outcome.attention && outcome.attention !== 'pending' && outcome.attention !== 'past') attention++;
      events.push(...outcome.events);
      await tx
        .insert(planDays)
        .values({ planId: plan.id, date, bookingId: outcome.bookingId, attention: outcome.attention });
    }
    await addNotification(
      tx,
      plan.userId,
      'notice.planApproved',
      { from: plan.fromDate, to: plan.toDate, attention },
      now,
    );
    return updated;
  });
  await publishAll(deps.events, events);
  return { plan: result, attention };
}

/**
 * Asking to change an approved plan: a new draft copying it, which replaces it once approved.
 * The approved plan stays in force (and its bookings stay) until then.
 */
export async function requestChange(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  if (plan.status !== 'approved') throw new ConflictError('schedule.error.state');
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const [draft] = await tx
      .insert(schedulePlans)
      .values({
        userId: user.id,
        fromDate: plan.fromDate,
        toDate: plan.toDate,
        pattern: plan.pattern,
        project: plan.project,
        outcome: plan.outcome,
        replacesPlanId: plan.id,
        createdAt: now,
      })
      .returning();
    await record(tx, draft!.id, null, 'draft', user.id, `change of plan ${plan.id}`, now);
    return draft!;
  });
}

/** Plans waiting for this manager (or the manager they act for today), newest first. */
export async function approvalQueue(db: Database, managerId: number, today: string) {
  const rows = await db
    .select()
    .from(schedulePlans)
    .where(eq(schedulePlans.status, 'submitted'))
    .orderBy(desc(schedulePlans.createdAt));
  const mine = [];
  for (const r of rows) if (await mayApproveFor(db, managerId, r.userId, today)) mine.push(r);
  return mine;
}

export function daysOf(db: Database, planId: number) {
  return db.select().from(planDays).where(eq(planDays.planId, planId)).orderBy(planDays.date);
}

export type WhereKind = 'hq' | 'home' | 'center' | 'leave' | 'off';

/**
 * Who works where on each day of a week, from approved plans and absences: the manager's
 * team calendar. Days without an approved plan are headquarters on weekdays, off at weekends.
 */
export function whereOn(
  date: string,
  plans: readonly { fromDate: string; toDate: string; pattern: unknown }[],
  absences: readonly { startsOn: string; endsOn: string }[],
): { kind: WhereKind; centerId?: number; start?: number; end?: number } {
  if (absences.some((a) => a.startsOn <= date && date <= a.endsOn)) return { kind: 'leave' };
  const plan = plans.find((p) => p.fromDate <= date && date <= p.toDate);
  const weekday = isoWeekday(date);
  if (!plan) return weekday <= 5 ? { kind: 'hq' } : { kind: 'off' };
  const day = (plan.pattern as PlanDay[]).find((d) => d.weekday === weekday);
  if (!day) return { kind: 'off' };
  return { kind: day.place, centerId: day.centerId, start: day.start, end: day.end };
}

/**
 * Plan against actuals for the smart-work days: what the plan booked and whether the person
 * checked in (from the booking lifecycle), day by day.
 */
export async function actualsOf(db: Database, planId: number, today: string) {
  const rows = await db
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
  return rows.map((r) => ({
    date: r.date,
    outcome:
      r.date > today
        ? 'ahead'
        : r.status === 'checked_in' || r.status === 'completed'
          ? 'present'
          : r.status === 'no_show'
            ? 'no_show'
            : r.attention
              ? 'not_booked'
              : 'cancelled',
  }));
}
