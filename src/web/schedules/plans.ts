import { type Request, type Response, Router } from 'express';
import { mayApproveFor } from '../../auth/teams.js';
import { findSessionUser } from '../../auth/users.js';
import { listCenters } from '../../centers/repository.js';
import { DomainError, NotFoundError } from '../../errors.js';
import { daysOf, findPlan, historyOf, plansOf } from '../../schedules/repository.js';
import { PLACES, type PlanDay, SCHEDULE_TYPES } from '../../schedules/rules.js';
import {
  actualsOf,
  checkPlan,
  type PlanDeps,
  type PlanInput,
  requestChange,
  saveDraft,
  submitPlan,
  withdrawPlan,
} from '../../schedules/service.js';
import { addDaysToDate, formatMinute, isoWeekday, seoulDate } from '../../time/seoul.js';
import { pick } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';
import { idParam, parsePlanForm } from './schema.js';
import { holidayLines, patternRows, problemsOf, seoulStamp } from './view-models.js';

const times = Array.from({ length: 37 }, (_, i) => 360 + i * 30).map(formatMinute);

/** The plan screens: my plans, the plan form (check, save), one plan with its history, and its actions. */
export function plansController(deps: PlanDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  async function renderForm(req: Request, res: Response, status: number, input: PlanInput, planId?: number) {
    const [centers, check] = await Promise.all([
      listCenters(db),
      checkPlan(db, req.user!.id, input, seoulDate(clock.now())),
    ]);
    const periodErrors = Object.fromEntries(
      Object.entries(check.period).map(([k, m]) => [k, req.t(m!.key, m!.params)]),
    );
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('schedules/form', {
      title: req.t('schedule.newTitle'),
      planId,
      input,
      total: Math.round((check.week.totalMinutes / 60) * 10) / 10,
      required: check.week.requiredMinutes / 60,
      periodErrors,
      errors: {
        summary: Object.entries(periodErrors).map(([k, text]) => ({ href: `#${k}Date`, text })),
      },
      planError: Object.values(check.plan).map((m) => req.t(m!.key)),
      weekErrors: (check.week.errors.week ?? []).map((m) => req.t(m.key, m.params)),
      holidays: holidayLines(req, check),
      rows: [1, 2, 3, 4, 5, 6, 7].map((w) => {
        const d = input.pattern.find((x) => x.weekday === w);
        const centerId = d?.centerId ?? d?.remote?.centerId;
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
          remotePlaces: (['home', 'center'] as const).map((p) => ({
            value: p,
            label: req.t(`schedule.place.${p}`),
            selected: d?.remote?.place === p,
          })),
          centers: centers.map((c) => ({
            value: c.id,
            label: pick(req.locale, c.name, c.nameEn),
            selected: centerId === c.id,
          })),
          starts: times.map((t) => ({ value: t, selected: t === formatMinute(d?.start ?? 540) })),
          ends: times.map((t) => ({ value: t, selected: t === formatMinute(d?.end ?? 1080) })),
          remoteStarts: times.map((t) => ({
            value: t,
            selected: d?.remote !== undefined && t === formatMinute(d.remote.start),
          })),
          remoteEnds: times.map((t) => ({
            value: t,
            selected: d?.remote !== undefined && t === formatMinute(d.remote.end),
          })),
          errors: (check.week.errors[w] ?? []).map((m) => req.t(m.key, m.params)),
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
    // Plans may start today; the form suggests next Monday to the Sunday four weeks on.
    const today = seoulDate(clock.now());
    const monday = addDaysToDate(today, 8 - isoWeekday(today));
    const pattern: PlanDay[] = [1, 2, 3, 4, 5].map((w) => ({
      weekday: w,
      type: 'choice',
      place: 'hq',
      start: 540,
      end: 1080,
    }));
    await renderForm(req, res, 200, {
      fromDate: monday,
      toDate: addDaysToDate(monday, 27),
      pattern,
      project: '',
      outcome: '',
    });
  });

  router.post('/schedules', async (req, res) => {
    const { input, action, planId } = parsePlanForm(req.body as Record<string, unknown>);
    const check = await checkPlan(db, req.user!.id, input, seoulDate(clock.now()));
    // Dates that are not real dates, an end before the start, or a period over a year cannot even be saved.
    if (
      check.period.from?.key === 'schedule.error.date' ||
      check.period.to?.key === 'schedule.error.date' ||
      check.period.to?.key === 'schedule.error.toBeforeFrom' ||
      check.period.to?.key === 'schedule.error.maxPeriod'
    ) {
      await renderForm(req, res, 422, input, planId);
      return;
    }
    // "Check" re-renders with the rules explained; "save" keeps a draft (with or without broken rules).
    if (action === 'check') {
      await renderForm(req, res, 200, input, planId);
      return;
    }
    const plan = await saveDraft(deps, req.user!, input, planId);
    flash(req, { key: 'schedule.saved' });
    res.redirect(303, `/schedules/${plan.id}`);
  });

  router.get('/schedules/:id', async (req, res) => {
    const today = seoulDate(clock.now());
    const plan = await findPlan(db, idParam.parse(req.params.id));
    if (!plan || (plan.userId !== req.user!.id && !(await mayApproveFor(db, req.user!.id, plan.userId, today))))
      throw new NotFoundError('schedule.notFound');
    const [check, owner, history, days, actuals] = await Promise.all([
      checkPlan(db, plan.userId, plan, today),
      findSessionUser(db, plan.userId),
      historyOf(db, plan.id),
      daysOf(db, plan.id),
      actualsOf(db, plan.id, today),
    ]);
    // A decided plan is not checked again against today's date (its start may be past by now).
    const problems = problemsOf(req, plan.status === 'draft' ? check : { ...check, period: {} });
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('schedules/show', {
      live: true,
      title: req.t('schedule.planTitle', { from: plan.fromDate, to: plan.toDate }),
      plan,
      owner: owner && pick(req.locale, owner.displayName, owner.displayNameEn),
      mine: plan.userId === req.user!.id,
      // The approver decides here too, not only from the queue.
      decide: plan.userId !== req.user!.id && plan.status === 'submitted',
      statusLabel: req.t(`schedule.status.${plan.status}`),
      pattern: patternRows(req, plan.pattern),
      ok: problems.length === 0,
      problems,
      holidays: holidayLines(req, check),
      history: history.map((e) => ({
        at: seoulStamp(e.at),
        label: req.t(`schedule.status.${e.toStatus}`),
        who: e.actorName ? pick(req.locale, e.actorName, e.actorNameEn) : '',
        comment: e.comment,
      })),
      days: days.map((d) => ({
        ...d,
        attentionLabel: d.attention ? req.t(`schedule.attention.${d.attention}`) : undefined,
      })),
      actuals: actuals.map((a) => ({ date: a.date, label: req.t(`schedule.actual.${a.outcome}`) })),
    });
  });

  router.get('/schedules/:id/edit', async (req, res) => {
    const plan = await findPlan(db, idParam.parse(req.params.id));
    if (!plan || plan.userId !== req.user!.id || plan.status !== 'draft') throw new NotFoundError('schedule.notFound');
    await renderForm(req, res, 200, plan, plan.id);
  });

  router.post('/schedules/:id/change', async (req, res) => {
    const draft = await requestChange(deps, req.user!, idParam.parse(req.params.id));
    flash(req, { key: 'schedule.changeStarted' });
    res.redirect(303, `/schedules/${draft.id}/edit`);
  });

  for (const [action, fn, done] of [
    ['submit', submitPlan, 'schedule.submitted'],
    ['withdraw', withdrawPlan, 'schedule.withdrawn'],
  ] as const) {
    router.post(`/schedules/:id/${action}`, async (req, res) => {
      const id = idParam.parse(req.params.id);
      try {
        await fn(deps, req.user!, id);
        flash(req, { key: done });
      } catch (err) {
        if (!(err instanceof DomainError) || err.status === 404) throw err;
        flashError(req, {
          key: err.key === 'error.validation' ? 'schedule.error.fixFirst' : err.key,
          params: err.params,
        });
      }
      res.redirect(303, `/schedules/${id}`);
    });
  }
  return router;
}
