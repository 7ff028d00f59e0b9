import { managerOf } from '../auth/teams.js';
import type { SessionUser } from '../auth/users.js';
import { networkClosedDays } from '../centers/policy-repository.js';
import { type Database, inTransaction } from '../db/client.js';
import { ConflictError, type Message, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, seoulDate } from '../time/seoul.js';
import { refuseOverlap } from './overlap.js';
import {
  contractedMinutesOf,
  findPlan,
  insertPlan,
  movePlan,
  type PlanFields,
  type PlanRow,
  planDaysWithBookings,
  recordPlanEvent,
  scheduleConfigFor,
  updateDraft,
} from './repository.js';
import { changeStart, checkPeriod, checkWeek, holidayCredits, type ScheduleConfig, type WeekCheck } from './rules.js';

// Decisions live in approval.ts; callers that know the service find them here too.
export { approvalQueue, approveMany, decidePlan } from './approval.js';
export type { PlanRow } from './repository.js';
export type PlanInput = PlanFields;

export interface PlanDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  /** To prefer desks that suit the person's own needs (an accessible desk if they need one). */
  needsKey: Buffer;
}

/** What the rules need to know about a plan beyond the plan: the settings, the person's hours, the closed days. */
export interface PlanContext {
  config: ScheduleConfig;
  /** The person's contracted weekly minutes (part-time), or null for full time. */
  contractedMinutes: number | null;
  /** Public holidays and network-wide closures in the plan's period, with their reasons. */
  closedDays: ReadonlyMap<string, { reason: string; reasonEn: string }>;
}

export async function planContext(
  db: Database,
  userId: number,
  period: { fromDate: string; toDate: string },
): Promise<PlanContext> {
  const [config, contractedMinutes] = await Promise.all([scheduleConfigFor(db), contractedMinutesOf(db, userId)]);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.fromDate) && /^\d{4}-\d{2}-\d{2}$/.test(period.toDate);
  const closedDays =
    valid && period.toDate >= period.fromDate
      ? await networkClosedDays(db, period.fromDate, period.toDate)
      : new Map<string, { reason: string; reasonEn: string }>();
  return { config, contractedMinutes, closedDays };
}

export interface PlanCheck {
  ok: boolean;
  period: Partial<Record<'from' | 'to', Message>>;
  plan: Partial<Record<'project' | 'pattern', Message>>;
  week: WeekCheck;
  /** Holidays (and network-wide closures) on working days of the plan, credited with the day's hours. */
  holidays: { date: string; minutes: number; reason: string; reasonEn: string }[];
}

/** Every rule for a plan: its period, its weekly pattern (against the person's hours), and its holidays. */
export function planErrors(input: PlanInput, today: string, context: PlanContext): PlanCheck {
  const { config } = context;
  const period = checkPeriod({ from: input.fromDate, to: input.toDate }, today, config);
  const week = checkWeek(input.pattern, { requiredMinutes: context.contractedMinutes, config });
  const holidays = holidayCredits(
    { from: input.fromDate, to: input.toDate },
    input.pattern,
    new Set(context.closedDays.keys()),
    config,
  ).map((c) => ({ ...c, ...context.closedDays.get(c.date)! }));
  const plan: PlanCheck['plan'] = {};
  if (input.pattern.some((d) => d.type === 'discretionary') && (!input.project.trim() || !input.outcome.trim()))
    plan.project = { key: 'schedule.error.discretionary' };
  if (input.pattern.length === 0) plan.pattern = { key: 'schedule.error.emptyPattern' };
  const ok =
    Object.keys(period).length === 0 && Object.keys(plan).length === 0 && Object.keys(week.errors).length === 0;
  return { ok, period, plan, week, holidays };
}

/** The rules for a stored or typed plan of a person, with their context loaded. */
export async function checkPlan(db: Database, userId: number, input: PlanInput, today: string): Promise<PlanCheck> {
  return planErrors(input, today, await planContext(db, userId, input));
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
      const row = await updateDraft(tx, planId, user.id, input);
      if (!row) throw new NotFoundError('schedule.notFound');
      return row;
    }
    const row = await insertPlan(tx, { userId: user.id, ...input, createdAt: now });
    await recordPlanEvent(tx, { planId: row.id, from: null, to: 'draft', actorId: user.id, comment: '', at: now });
    return row;
  });
}

/** Submitting: the rules must hold, no other plan of the person may overlap; the manager is told in the same transaction. */
export async function submitPlan(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  const check = await checkPlan(deps.db, user.id, plan, seoulDate(deps.clock.now()));
  if (!check.ok) throw new ValidationError({ plan: { key: 'schedule.error.fixFirst' } });
  const now = deps.clock.now();
  const { submitted, managerId } = await inTransaction(deps.db, async (tx) => {
    await refuseOverlap(tx, plan);
    const submitted = await movePlan(tx, plan.id, ['draft'], 'submitted');
    if (!submitted) throw new ConflictError('schedule.error.state');
    await recordPlanEvent(tx, {
      planId: plan.id,
      from: 'draft',
      to: 'submitted',
      actorId: user.id,
      comment: '',
      at: now,
    });
    const managerId = await managerOf(tx, user.id);
    if (managerId && managerId !== user.id)
      await addNotification(
        tx,
        managerId,
        'notice.planSubmitted',
        { name: user.displayName, from: plan.fromDate, to: plan.toDate },
        now,
      );
    return { submitted, managerId };
  });
  // The manager's queue updates live once the plan is there to see.
  if (managerId) await deps.events.publish({ type: 'user', userId: managerId });
  return submitted;
}

export async function withdrawPlan(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const row = await movePlan(tx, plan.id, ['draft', 'submitted'], 'withdrawn');
    if (!row) throw new ConflictError('schedule.error.state');
    await recordPlanEvent(tx, {
      planId: plan.id,
      from: plan.status,
      to: 'withdrawn',
      actorId: user.id,
      comment: '',
      at: now,
    });
    return row;
  });
}

/**
 * Asking to change an approved plan: a new draft copying it, from today at the earliest (the
 * days already worked stay as they were). The approved plan stays in force, with its
 * bookings, until the change is approved; then it ends the day before the change.
 */
export async function requestChange(deps: PlanDeps, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await findPlan(deps.db, id);
  if (!plan || plan.userId !== user.id) throw new NotFoundError('schedule.notFound');
  const now = deps.clock.now();
  const from = changeStart(plan, seoulDate(now));
  if (plan.status !== 'approved' || from > plan.toDate) throw new ConflictError('schedule.error.state');
  return inTransaction(deps.db, async (tx) => {
    const draft = await insertPlan(tx, {
      userId: user.id,
      fromDate: from,
      toDate: plan.toDate,
      pattern: plan.pattern,
      project: plan.project,
      outcome: plan.outcome,
      replacesPlanId: plan.id,
      createdAt: now,
    });
    await recordPlanEvent(tx, {
      planId: draft.id,
      from: null,
      to: 'draft',
      actorId: user.id,
      comment: `change of plan ${plan.id}`,
      at: now,
    });
    return draft;
  });
}

export type ActualOutcome = 'ahead' | 'present' | 'no_show' | 'not_booked' | 'cancelled' | 'pending';

/** Plan against actuals for the smart-work days: what the plan booked and whether the person checked in. */
export async function actualsOf(db: Database, planId: number, today: string) {
  const rows = await planDaysWithBookings(db, planId);
  return rows.map((r) => ({
    date: r.date,
    outcome: (r.attention === 'pending'
      ? 'pending'
      : r.date > today
        ? 'ahead'
        : r.status === 'checked_in' || r.status === 'completed'
          ? 'present'
          : r.status === 'no_show'
            ? 'no_show'
            : r.attention && r.attention !== 'cancelled'
              ? 'not_booked'
              : 'cancelled') satisfies ActualOutcome,
  }));
}
