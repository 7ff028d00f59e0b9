import { inArray } from 'drizzle-orm';
import { mayApproveFor } from '../auth/teams.js';
import type { SessionUser } from '../auth/users.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { type Database, inTransaction } from '../db/client.js';
import { bookings, planDays } from '../db/schema.js';
import { ConflictError, DomainError, ForbiddenError, type Message, NotFoundError } from '../errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeEvent, publishAll } from '../realtime/bus.js';
import { seoulDate } from '../time/seoul.js';
import { enqueueEvent, planPayload } from '../webhooks/events.js';
import { refuseOverlap } from './overlap.js';
import { bookPlanDay, patternDay } from './plan-bookings.js';
import {
  bookedDaysFrom,
  dropDaysFrom,
  findPlan,
  insertPlanDay,
  movePlan,
  type PlanRow,
  recordPlanEvent,
  shortenPlan,
  submittedPlans,
} from './repository.js';
import { centerDays, changeEffect, decisionRefusal } from './rules.js';
import type { PlanDeps } from './service.js';

export interface Decision {
  plan: PlanRow;
  /** Center days that could not be booked (closed, full, on leave, already booked). */
  attention: number;
  /** Center days beyond the center's horizon, booked when they enter it. */
  pending: number;
}

/**
 * A decision on a plan by the manager of the person's team or their acting manager — never by
 * the person themselves, whatever their role. Approval books the plan's center days from today
 * up to each center's horizon through the one admission path (bookPlanDay → book()), keeps
 * later days as pending for the roll-forward job, and ends the plan it changes; every row and
 * notice is written in one transaction, events leave after it.
 */
export async function decidePlan(
  deps: PlanDeps,
  actor: SessionUser,
  id: number,
  decision: 'approved' | 'rejected',
  comment: string,
): Promise<Decision> {
  const plan = await findPlan(deps.db, id);
  if (!plan) throw new NotFoundError('schedule.notFound');
  const now = deps.clock.now();
  const today = seoulDate(now);
  const refusal = decisionRefusal(actor.id, plan.userId, await mayApproveFor(deps.db, actor.id, plan.userId, today));
  if (refusal) throw new ForbiddenError(refusal);

  const events: ChangeEvent[] = [{ type: 'user', userId: plan.userId }];
  const result = await inTransaction(deps.db, async (tx) => {
    if (decision === 'rejected') {
      const rejected = await movePlanRecorded(tx, plan, 'rejected', actor.id, comment, now);
      await tellOwner(tx, rejected, 'rejected', { from: plan.fromDate, to: plan.toDate, comment }, now);
      return { plan: rejected, attention: 0, pending: 0 };
    }
    await refuseOverlap(tx, plan);
    const approved = await movePlanRecorded(tx, plan, 'approved', actor.id, comment, now);
    if (plan.replacesPlanId) await endChangedPlan(tx, plan, plan.replacesPlanId, actor.id, now);

    let attention = 0;
    let pending = 0;
    for (const { date } of centerDays({ from: plan.fromDate, to: plan.toDate }, plan.pattern)) {
      const day = patternDay(plan.pattern, date);
      if (!day) continue;
      const outcome = await bookPlanDay(tx, { clock: deps.clock, needsKey: deps.needsKey }, plan, date, day, actor.id);
      events.push(...outcome.events);
      // Days waiting for the horizon are not a problem yet, nor days already over; every other unbooked day is.
      if (outcome.attention === 'pending') pending++;
      else if (outcome.attention && outcome.attention !== 'past') attention++;
      await insertPlanDay(tx, { planId: plan.id, date, bookingId: outcome.bookingId, attention: outcome.attention });
    }
    await tellOwner(tx, approved, 'approved', { from: plan.fromDate, to: plan.toDate, attention }, now);
    return { plan: approved, attention, pending };
  });
  await publishAll(deps.events, events);
  return result;
}

/** Moves a submitted plan to its decision and records the step in its history; a plan decided meanwhile is a conflict. */
async function movePlanRecorded(
  tx: Database,
  plan: PlanRow,
  to: 'approved' | 'rejected',
  actorId: number,
  comment: string,
  now: Date,
): Promise<PlanRow> {
  const moved = await movePlan(tx, plan.id, ['submitted'], to, { comment, decidedById: actorId });
  if (!moved) throw new ConflictError('schedule.error.state');
  await recordPlanEvent(tx, { planId: plan.id, from: 'submitted', to, actorId, comment, at: now });
  return moved;
}

/** The owner hears of the decision in the app, by mail and through their webhooks, in the deciding transaction. */
async function tellOwner(
  tx: Database,
  decided: PlanRow,
  decision: 'approved' | 'rejected',
  params: Record<string, string | number>,
  now: Date,
) {
  // A rejection without a comment does not end in an empty "Comment:".
  const plain = decision === 'rejected' && !String(params.comment ?? '').trim();
  const notice =
    decision === 'approved' ? 'notice.planApproved' : plain ? 'notice.planRejectedNoComment' : 'notice.planRejected';
  await addNotification(tx, decided.userId, notice, params, now);
  const template = plain ? 'plan.rejectedNoComment' : decision === 'approved' ? 'plan.approved' : 'plan.rejected';
  await enqueueMail(tx, { userId: decided.userId, template, params, at: now });
  await enqueueEvent(tx, { type: 'plan.decided', userId: decided.userId, data: planPayload(decided), at: now });
}

/**
 * The approved plan a change replaces: it keeps the days before the change (they were worked
 * under it) and ends the day before; if the change starts with it, it is superseded whole. Its
 * bookings from the change on are cancelled.
 */
async function endChangedPlan(tx: Database, change: PlanRow, oldId: number, actorId: number, now: Date) {
  const old = await findPlan(tx, oldId);
  if (old?.status !== 'approved') return;
  const effect = changeEffect(old, change);
  const reason = `replaced by plan ${change.id} from ${change.fromDate}`;
  if (effect.kind === 'superseded') {
    await movePlan(tx, old.id, ['approved'], 'superseded');
    await recordPlanEvent(tx, {
      planId: old.id,
      from: 'approved',
      to: 'superseded',
      actorId,
      comment: reason,
      at: now,
    });
  } else {
    await shortenPlan(tx, old.id, effect.toDate);
    await recordPlanEvent(tx, {
      planId: old.id,
      from: 'approved',
      to: 'approved',
      actorId,
      comment: `${reason}; ends ${effect.toDate}`,
      at: now,
    });
  }
  const ahead = await bookedDaysFrom(tx, old.id, change.fromDate);
  if (ahead.length) {
    await cancelMatching(tx, inArray(bookings.id, ahead), { actorId, reason: `plan ${old.id} ${reason}`, at: now });
    await tx.update(planDays).set({ attention: 'cancelled' }).where(inArray(planDays.bookingId, ahead));
  }
  if (effect.kind === 'shortened') await dropDaysFrom(tx, old.id, change.fromDate);
}

/**
 * Plans waiting for this person's decision, newest first: those of the teams they manage or act
 * for today — never their own, even as an acting manager.
 */
export async function approvalQueue(db: Database, actorId: number, today: string): Promise<PlanRow[]> {
  const mine: PlanRow[] = [];
  for (const plan of await submittedPlans(db)) {
    if (plan.userId === actorId) continue;
    if (await mayApproveFor(db, actorId, plan.userId, today)) mine.push(plan);
  }
  return mine;
}

/** Several approvals at once: each decided on its own, so one refused does not stop the others; says why each was refused. */
export async function approveMany(
  deps: PlanDeps,
  actor: SessionUser,
  ids: readonly number[],
  comment: string,
): Promise<{ approved: number; refused: { id: number; reason: Message }[] }> {
  let approved = 0;
  const refused: { id: number; reason: Message }[] = [];
  for (const id of ids) {
    try {
      await decidePlan(deps, actor, id, 'approved', comment);
      approved++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      refused.push({ id, reason: { key: err.key, params: err.params } });
    }
  }
  return { approved, refused };
}
