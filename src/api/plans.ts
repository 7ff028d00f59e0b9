import { type Request, Router } from 'express';
import type { z } from 'zod';
import type { Message } from '../errors.js';
import { NotFoundError } from '../errors.js';
import { type Locale, translate } from '../i18n/index.js';
import { findPlan, type PlanRow, plansOf } from '../schedules/repository.js';
import type { PlanDay, RemotePart } from '../schedules/rules.js';
import {
  approvalQueue,
  checkPlan,
  decidePlan,
  type PlanCheck,
  type PlanDeps,
  saveDraft,
  submitPlan,
  withdrawPlan,
} from '../schedules/service.js';
import { teamCalendar } from '../schedules/team-calendar.js';
import { formatMinute, parseMinute, seoulDate } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { apiLocale } from './problem.js';
import { DecisionRequest, PlanRequest, type PlanRequestDay, TeamWeekQuery } from './schemas.js';
import { parseQuery, validateBody } from './validate.js';

const planId = (req: Request) => idOrNotFound(req.params.id, 'schedule.notFound');

/** A pattern day as the API writes it: local HH:MM times. */
function dayJson(d: PlanDay) {
  const remote = (r: RemotePart) => ({
    place: r.place,
    start: formatMinute(r.start),
    end: formatMinute(r.end),
    centerId: r.centerId ?? null,
  });
  return {
    weekday: d.weekday,
    type: d.type,
    place: d.place,
    start: formatMinute(d.start),
    end: formatMinute(d.end),
    centerId: d.centerId ?? null,
    remote: d.remote ? remote(d.remote) : null,
  };
}

function dayFromJson(d: z.infer<typeof PlanRequestDay>): PlanDay {
  return {
    weekday: d.weekday,
    type: d.type,
    place: d.place,
    start: parseMinute(d.start) ?? 0,
    end: parseMinute(d.end) ?? 0,
    centerId: d.centerId ?? undefined,
    remote: d.remote
      ? {
          place: d.remote.place,
          start: parseMinute(d.remote.start) ?? 0,
          end: parseMinute(d.remote.end) ?? 0,
          centerId: d.remote.centerId ?? undefined,
        }
      : undefined,
  };
}

function planJson(p: PlanRow) {
  return {
    id: p.id,
    userId: p.userId,
    from: p.fromDate,
    to: p.toDate,
    status: p.status,
    pattern: p.pattern.map(dayJson),
    project: p.project,
    outcome: p.outcome,
    comment: p.comment,
    replacesPlanId: p.replacesPlanId ?? null,
  };
}

/** The rules' verdict in the caller's language: every problem with where it is. */
function checkJson(locale: Locale, check: PlanCheck) {
  const say = (m: Message) => translate(locale, m.key, m.params);
  const problems = [
    ...Object.entries(check.period).map(([field, m]) => ({ field, message: say(m!) })),
    ...Object.entries(check.plan).map(([field, m]) => ({ field, message: say(m!) })),
    ...Object.entries(check.week.errors).flatMap(([day, list]) =>
      (list ?? []).map((m) => ({ field: day === 'week' ? 'pattern' : `pattern.weekday.${day}`, message: say(m) })),
    ),
  ];
  return {
    ok: check.ok,
    weeklyHours: Math.round((check.week.totalMinutes / 60) * 10) / 10,
    requiredHours: check.week.requiredMinutes / 60,
    holidays: check.holidays.map((h) => ({ date: h.date, hours: h.minutes / 60, reason: h.reason })),
    problems,
  };
}

/**
 * Flexible work for HR systems: the caller's plans (list, check without saving, draft, submit,
 * withdraw), a manager's approval queue and decisions, and the team's week. The same rules and
 * the same separation of duties as the web (nobody decides on their own plan).
 */
export function plansApiRouter({ db, clock, config, events }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);
  const deps: PlanDeps = { db, clock, events, needsKey: config.needsKey };
  const today = () => seoulDate(clock.now());

  router.get('/me/plans', auth, async (req, res) => {
    const rows = await plansOf(db, req.apiUser!.id);
    res.set('Cache-Control', 'private, no-cache').json({ data: rows.map(planJson) });
  });

  router.post('/me/plans', auth, async (req, res) => {
    const body = validateBody(PlanRequest, req);
    const input = {
      fromDate: body.from,
      toDate: body.to,
      pattern: body.pattern.map(dayFromJson),
      project: body.project ?? '',
      outcome: body.outcome ?? '',
    };
    const check = await checkPlan(db, req.apiUser!.id, input, today());
    res.set('Cache-Control', 'no-store');
    if (body.dryRun) {
      res.json({ dryRun: true, check: checkJson(apiLocale(req), check) });
      return;
    }
    const plan = await saveDraft(deps, req.apiUser!, input);
    res
      .status(201)
      .set('Location', `/api/v1/me/plans/${plan.id}`)
      .json({ plan: planJson(plan), check: checkJson(apiLocale(req), check) });
  });

  router.get('/me/plans/:id', auth, async (req, res) => {
    const plan = await findPlan(db, planId(req));
    if (!plan || plan.userId !== req.apiUser!.id) throw new NotFoundError('schedule.notFound');
    const check = await checkPlan(db, plan.userId, plan, today());
    res
      .set('Cache-Control', 'private, no-cache')
      .json({ plan: planJson(plan), check: checkJson(apiLocale(req), check) });
  });

  router.post('/me/plans/:id/submit', auth, async (req, res) => {
    const plan = await submitPlan(deps, req.apiUser!, planId(req));
    res.set('Cache-Control', 'no-store').json({ plan: planJson(plan) });
  });

  router.post('/me/plans/:id/withdraw', auth, async (req, res) => {
    const plan = await withdrawPlan(deps, req.apiUser!, planId(req));
    res.set('Cache-Control', 'no-store').json({ plan: planJson(plan) });
  });

  router.get('/approvals', auth, async (req, res) => {
    const rows = await approvalQueue(db, req.apiUser!.id, today());
    res.set('Cache-Control', 'private, no-cache').json({ data: rows.map(planJson) });
  });

  router.post('/approvals/:id', auth, async (req, res) => {
    const body = validateBody(DecisionRequest, req);
    const decision = await decidePlan(deps, req.apiUser!, planId(req), body.decision, body.comment ?? '');
    res.set('Cache-Control', 'no-store').json({
      plan: planJson(decision.plan),
      daysNeedingAttention: decision.attention,
      daysPending: decision.pending,
    });
  });

  router.get('/team/week', auth, async (req, res) => {
    const q = parseQuery(TeamWeekQuery, req);
    const week = await teamCalendar(db, req.apiUser!.id, q.date ?? today());
    res.set('Cache-Control', 'private, no-cache').json({
      dates: week.dates.map((d) => ({ date: d.date, closed: d.closed ? d.closed.reason : null })),
      people: week.rows.map((r) => ({
        id: r.id,
        displayName: r.displayName,
        displayNameEn: r.displayNameEn,
        days: r.cells.map((c) => ({
          where: c.kind,
          centerId: c.centerId ?? null,
          start: c.start === undefined ? null : formatMinute(c.start),
          end: c.end === undefined ? null : formatMinute(c.end),
          actual: c.actual ?? false,
        })),
      })),
    });
  });
  return router;
}
