import { eq } from 'drizzle-orm';
import { type Request, type Response, Router } from 'express';
import { delegate, delegationsOf, mayApproveFor, removeDelegation } from '../../auth/teams.js';
import { findSessionUser } from '../../auth/users.js';
import { listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { teams } from '../../db/schema.js';
import { DomainError, NotFoundError } from '../../errors.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { type PlanDay, SCHEDULE_TYPES, type ScheduleType } from '../../schedules/rules.js';
import {
  actualsOf,
  approvalQueue,
  daysOf,
  decidePlan,
  findPlan,
  historyOf,
  type PlanInput,
  planErrors,
  plansOf,
  requestChange,
  saveDraft,
  submitPlan,
  withdrawPlan,
} from '../../schedules/service.js';
import { addDaysToDate, type Clock, formatMinute, isDateString, parseMinute, seoulDate } from '../../time/seoul.js';
import { formText, idOrNotFound, parseId } from '../../validation/input.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  needsKey: Buffer;
}

const PLACES = ['hq', 'home', 'center'] as const;
/** The longest plan the form accepts (see POST /schedules). */
const MAX_PLAN_DAYS = 366;
const times = Array.from({ length: 37 }, (_, i) => 360 + i * 30).map(formatMinute);

/** The weekly pattern from the form: one row per weekday, worked when its box is ticked. */
function patternFrom(body: Record<string, unknown>): PlanDay[] {
  const days: PlanDay[] = [];
  for (let w = 1; w <= 7; w++) {
    if (body[`work-${w}`] !== '1') continue;
    const type = (SCHEDULE_TYPES as readonly string[]).includes(String(body[`type-${w}`]))
      ? (body[`type-${w}`] as ScheduleType)
      : 'choice';
    const place = (PLACES as readonly string[]).includes(String(body[`place-${w}`]))
      ? (body[`place-${w}`] as PlanDay['place'])
      : 'hq';
    const centerId = parseId(body[`center-${w}`]);
    days.push({
      weekday: w,
      type,
      place,
      centerId: place === 'center' ? centerId : undefined,
      start: parseMinute(String(body[`start-${w}`])) ?? 540,
      end: parseMinute(String(body[`end-${w}`])) ?? 1080,
    });
  }
  return days;
}

export function schedulesRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use(['/schedules', '/approvals'], requireLogin);

  async function renderForm(req: Request, res: Response, status: number, input: PlanInput, planId?: number) {
    const centers = await listCenters(db);
    const check = planErrors(input, seoulDate(clock.now()));
    const firstWeek = check.weekly[0];
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('schedules/form', {
      title: req.t('schedule.newTitle'),
      planId,
      input,
      total: firstWeek ? Math.round((firstWeek.totalMinutes / 60) * 10) / 10 : 0,
      periodErrors: Object.fromEntries(Object.entries(check.period).map(([k, m]) => [k, req.t(m!.key, m!.params)])),
      planError: Object.values(check.plan).map((m) => req.t(m.key)),
      // Week-level rules can differ from week to week (a public holiday lowers that week's target).
      weekErrors: check.weekly.flatMap((w) =>
        (w.errors.week ?? []).map((m) => `${w.monday}: ${req.t(m.key, m.params)}`),
      ),
      rows: [1, 2, 3, 4, 5, 6, 7].map((w) => {
        const d = input.pattern.find((x) => x.weekday === w);
        return {
          w,
          label: req.t(`weekday.${w}`),
          work: Boolean(d),
          types: SCHEDULE_TYPES.map((t) => ({
            value: t,
            label: req.t(`schedule.type.${t}`),
            selected: (d?.type ?? 'choice') === t,
          })),
          places: PLACES.map((p) => ({
            value: p,
            label: req.t(`schedule.place.${p}`),
            selected: (d?.place ?? 'hq') === p,
          })),
          centers: centers.map((c) => ({
            value: c.id,
            label: pick(req.locale, c.name, c.nameEn),
            selected: d?.centerId === c.id,
          })),
          starts: times.map((t) => ({ value: t, selected: t === formatMinute(d?.start ?? 540) })),
          ends: times.map((t) => ({ value: t, selected: t === formatMinute(d?.end ?? 1080) })),
          errors: (firstWeek?.errors[w] ?? []).map((m) => req.t(m.key, m.params)),
        };
      }),
      ok: check.ok,
    });
  }

  router.get('/schedules', async (req, res) => {
    const plans = await plansOf(db, req.user!.id);
    res.render('schedules/index', {
      title: req.t('schedule.title'),
      plans: plans.map((p) => ({ ...p, statusLabel: req.t(`schedule.status.${p.status}`) })),
      canApprove: req.user!.role === 'manager' || req.user!.role === 'admin',
    });
  });

  router.get('/schedules/new', async (req, res) => {
    const from = seoulDate(new Date(clock.now().getTime() + 8 * 86_400_000));
    const to = seoulDate(new Date(clock.now().getTime() + 35 * 86_400_000));
    const pattern: PlanDay[] = [1, 2, 3, 4, 5].map((w) => ({
      weekday: w,
      type: 'choice',
      place: 'hq',
      start: 540,
      end: 1080,
    }));
    await renderForm(req, res, 200, { fromDate: from, toDate: to, pattern, project: '', outcome: '' });
  });

  router.post('/schedules', async (req, res) => {
    const body = req.body as Record<string, string>;
    const input: PlanInput = {
      fromDate: formText(body.fromDate, 10),
      toDate: formText(body.toDate, 10),
      pattern: patternFrom(body),
      project: formText(body.project, 200),
      outcome: formText(body.outcome, 500),
    };
    // Real calendar dates in the supported range only: the rules loop over the days of the plan.
    if (!isDateString(input.fromDate) || !isDateString(input.toDate) || input.toDate < input.fromDate) {
      await renderForm(req, res, 422, input);
      return;
    }
    // The rules look at every day and week of a plan, synchronously: a century would hold the
    // server for a second, so a plan is at most a year long.
    if (addDaysToDate(input.fromDate, MAX_PLAN_DAYS - 1) < input.toDate) {
      throw new DomainError('schedule.error.tooLong', { days: MAX_PLAN_DAYS });
    }
    // "Check" re-renders with the rules explained; "save" keeps a draft (with or without broken rules).
    if (body.action === 'check') {
      await renderForm(req, res, 200, input, parseId(body.planId));
      return;
    }
    const plan = await saveDraft(deps, req.user!, input, parseId(body.planId));
    flash(req, { key: 'schedule.saved' });
    res.redirect(303, `/schedules/${plan.id}`);
  });

  router.get('/schedules/:id', async (req, res) => {
    const plan = await findPlan(db, idOrNotFound(req.params.id, 'schedule.notFound'));
    if (
      !plan ||
      (plan.userId !== req.user!.id && !(await mayApproveFor(db, req.user!.id, plan.userId, seoulDate(clock.now()))))
    ) {
      throw new NotFoundError('schedule.notFound');
    }
    const check = planErrors(plan as unknown as PlanInput, seoulDate(clock.now()));
    const owner = await findSessionUser(db, plan.userId);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('schedules/show', {
      live: true,
      title: req.t('schedule.planTitle', { from: plan.fromDate, to: plan.toDate }),
      plan,
      owner: owner && pick(req.locale, owner.displayName, owner.displayNameEn),
      mine: plan.userId === req.user!.id,
      statusLabel: req.t(`schedule.status.${plan.status}`),
      pattern: (plan.pattern as PlanDay[]).map((d) => ({
        day: req.t(`weekday.${d.weekday}`),
        type: req.t(`schedule.type.${d.type}`),
        place: req.t(`schedule.place.${d.place}`),
        time: d.type === 'discretionary' ? '' : `${formatMinute(d.start)}–${formatMinute(d.end)}`,
      })),
      ok: check.ok,
      problems: [
        ...Object.values(check.period).map((m) => req.t(m!.key, m!.params)),
        ...Object.values(check.plan).map((m) => req.t(m.key)),
        ...(check.weekly[0]
          ? Object.entries(check.weekly[0].errors).flatMap(([w, ms]) =>
              (ms ?? []).map((m) => `${w === 'week' ? '' : `${req.t(`weekday.${w}`)}: `}${req.t(m.key, m.params)}`),
            )
          : []),
      ],
      history: (await historyOf(db, plan.id)).map((e) => ({
        ...e,
        label: req.t(`schedule.status.${e.toStatus}`),
        at: e.at.toISOString().slice(0, 16).replace('T', ' '),
      })),
      days: (await daysOf(db, plan.id)).map((d) => ({
        ...d,
        attentionLabel: d.attention ? req.t(`schedule.attention.${d.attention}`) : undefined,
      })),
      actuals: (await actualsOf(db, plan.id, seoulDate(clock.now()))).map((a) => ({
        date: a.date,
        label: req.t(`schedule.actual.${a.outcome}`),
      })),
    });
  });

  router.get('/schedules/:id/edit', async (req, res) => {
    const plan = await findPlan(db, idOrNotFound(req.params.id, 'schedule.notFound'));
    if (!plan || plan.userId !== req.user!.id || plan.status !== 'draft') throw new NotFoundError('schedule.notFound');
    await renderForm(req, res, 200, plan as unknown as PlanInput, plan.id);
  });

  router.post('/schedules/:id/change', async (req, res) => {
    const draft = await requestChange(deps, req.user!, idOrNotFound(req.params.id, 'schedule.notFound'));
    flash(req, { key: 'schedule.changeStarted' });
    res.redirect(303, `/schedules/${draft.id}/edit`);
  });

  for (const [action, fn] of [
    ['submit', submitPlan],
    ['withdraw', withdrawPlan],
  ] as const) {
    router.post(`/schedules/:id/${action}`, async (req, res) => {
      try {
        await fn(deps, req.user!, idOrNotFound(req.params.id, 'schedule.notFound'));
        flash(req, { key: `schedule.${action}ted` });
      } catch (err) {
        if (!(err instanceof DomainError) || err.status === 404) throw err;
        flash(req, { key: err.key === 'error.validation' ? 'schedule.error.fixFirst' : err.key });
      }
      res.redirect(303, `/schedules/${req.params.id}`);
    });
  }

  router.get('/approvals', async (req, res) => {
    const type = SCHEDULE_TYPES.find((x) => x === req.query.type);
    const myTeams = await db
      .select({ id: teams.id, name: teams.name, nameEn: teams.nameEn })
      .from(teams)
      .where(eq(teams.managerId, req.user!.id));
    const teamId = myTeams.find((x) => String(x.id) === req.query.team)?.id;
    const all = await approvalQueue(db, req.user!.id, seoulDate(clock.now()));
    const queue = [];
    for (const p of all) {
      if (type && !(p.pattern as PlanDay[]).some((d) => d.type === type)) continue;
      if (teamId && (await findSessionUser(db, p.userId))?.teamId !== teamId) continue;
      queue.push(p);
    }
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('schedules/approvals', {
      live: true,
      title: req.t('schedule.approvals'),
      types: SCHEDULE_TYPES.map((x) => ({ value: x, label: req.t(`schedule.type.${x}`), selected: x === type })),
      teams: myTeams.map((x) => ({
        value: x.id,
        label: pick(req.locale, x.name, x.nameEn),
        selected: x.id === teamId,
      })),
      delegations: (await delegationsOf(db, req.user!.id)).map((d) => ({
        ...d,
        name: pick(req.locale, d.delegate, d.delegateEn),
      })),
      queue: await Promise.all(
        queue.map(async (p) => {
          const owner = await findSessionUser(db, p.userId);
          return {
            ...p,
            owner: owner && pick(req.locale, owner.displayName, owner.displayNameEn),
            ok: planErrors(p as unknown as PlanInput, seoulDate(clock.now())).ok,
          };
        }),
      ),
    });
  });

  // Several at once: each is decided on its own, so one refused does not stop the others.
  router.post('/approvals/bulk', async (req, res) => {
    const given = req.body.ids;
    const ids = (Array.isArray(given) ? given : given ? [given] : [])
      .map(parseId)
      .filter((id): id is number => id !== undefined);
    let approved = 0;
    for (const id of ids) {
      try {
        await decidePlan(deps, req.user!, id, 'approved', formText(req.body.comment, 500));
        approved++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
    }
    flash(req, { key: 'schedule.bulkApproved', params: { count: approved } });
    res.redirect(303, '/approvals');
  });

  router.post('/approvals/delegations', async (req, res) => {
    const { username, startsOn, endsOn } = req.body as Record<string, string>;
    const ok =
      isDateString(startsOn) &&
      isDateString(endsOn) &&
      typeof username === 'string' &&
      endsOn! >= startsOn! &&
      (await delegate(
        db,
        req.user!.id,
        String(username ?? '')
          .trim()
          .toLowerCase(),
        startsOn!,
        endsOn!,
      ));
    flash(req, { key: ok ? 'schedule.delegated' : 'schedule.delegateFailed' });
    res.redirect(303, '/approvals#delegations');
  });

  router.post('/approvals/delegations/:id/delete', async (req, res) => {
    await removeDelegation(db, req.user!.id, idOrNotFound(req.params.id, 'schedule.notFound'));
    res.redirect(303, '/approvals#delegations');
  });

  router.post('/approvals/:id', async (req, res) => {
    const decision = req.body.decision === 'approved' ? 'approved' : 'rejected';
    const { attention } = await decidePlan(
      deps,
      req.user!,
      idOrNotFound(req.params.id, 'schedule.notFound'),
      decision,
      formText(req.body.comment, 500),
    );
    flash(req, {
      key: decision === 'approved' ? 'schedule.approvedFlash' : 'schedule.rejectedFlash',
      params: { attention },
    });
    res.redirect(303, '/approvals');
  });
  return router;
}
