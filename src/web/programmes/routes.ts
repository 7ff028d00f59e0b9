import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authorize } from '../../auth/policy.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import { spreadsheetCsv } from '../../files/csv.js';
import type { Locale } from '../../i18n/index.js';
import {
  choices,
  findProgramme,
  listProgrammes,
  membershipsOf,
  membersOf,
  surveyPhasesDone,
} from '../../programmes/repository.js';
import {
  DECLARABLE_GROUPS,
  type DeclarableGroup,
  type PublicSummary,
  SURVEY_PHASES,
  SURVEY_QUESTIONS,
  TARGET_GROUPS,
  type TargetGroup,
} from '../../programmes/rules.js';
import {
  answerSurvey,
  apply,
  createProgramme,
  decide,
  invite,
  ownProgress,
  programmeOutcomes,
  publish,
  withdraw,
} from '../../programmes/service.js';
import { type Clock, seoulDate } from '../../time/seoul.js';
import { dateText, idOrNotFound, text } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import { methodNotes, outcomesView, programmeView, publicView } from './view-models.js';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)];
const name = (max: number) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1));
const smallInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** The programme form: one schema for the screen. */
const programmeForm = z
  .object({
    name: name(120),
    nameEn: name(120),
    goal: name(1000),
    goalEn: name(1000),
    startsOn: dateText,
    endsOn: dateText,
    targetGroups: z.array(z.enum(TARGET_GROUPS)).min(1),
    organisationIds: z.array(
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ),
    centerIds: z.array(
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ),
    extraHorizonDays: smallInt(0, 90),
    reservedDesksPerCenter: smallInt(0, 20),
    weeklyQuotaDays: z.union([z.literal('').transform(() => null), smallInt(1, 5)]),
  })
  .refine((f) => f.endsOn >= f.startsOn, { path: ['endsOn'], message: 'order' });

const MESSAGES: Record<string, string> = {
  name: 'programme.error.name',
  nameEn: 'programme.error.name',
  goal: 'programme.error.goal',
  goalEn: 'programme.error.goal',
  startsOn: 'programme.error.date',
  endsOn: 'programme.error.period',
  targetGroups: 'programme.error.groups',
  extraHorizonDays: 'programme.error.horizon',
  reservedDesksPerCenter: 'programme.error.desks',
  weeklyQuotaDays: 'programme.error.quotaField',
};

const surveyForm = z.object({
  phase: z.enum(SURVEY_PHASES),
  satisfaction: smallInt(1, 5),
  productivity: smallInt(1, 5),
  balance: smallInt(1, 5),
});

export interface ProgrammesDeps {
  db: Database;
  clock: Clock;
  needsKey: Buffer;
}

/** Pilot programmes: administrators create and run them, staff enrol, everyone sees published results. */
export function programmesRouter(deps: ProgrammesDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use('/admin/programmes', requireLogin, async (req, _res, next) => {
    try {
      await authorize(db, req.user!, 'programme.manage');
      next();
    } catch (err) {
      next(err);
    }
  });

  // ── Public results (no sign-in) ──

  router.get('/programmes/results', async (req, res) => {
    const locale = req.locale as Locale;
    const rows = await listProgrammes(db, { publishedOnly: true });
    res.render('programmes/results-list', {
      title: req.t('programme.results.title'),
      programmes: rows.map(({ programme: p }) => ({
        id: p.id,
        name: pick(locale, p.name, p.nameEn),
        period: `${p.startsOn} – ${p.endsOn}`,
      })),
    });
  });

  router.get('/programmes/results/:id', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const detail = await findProgramme(db, id);
    if (!detail?.programme.publishedAt || !detail.programme.publishedSummary)
      throw new NotFoundError('programme.notFound');
    const locale = req.locale as Locale;
    const names = new Map(detail.centers.map((c) => [c.id, pick(locale, c.name, c.nameEn)]));
    res.render('programmes/results', {
      title: pick(locale, detail.programme.name, detail.programme.nameEn),
      programme: programmeView(locale, detail),
      publishedOn: seoulDate(detail.programme.publishedAt),
      summary: publicView(locale, detail.programme.publishedSummary as PublicSummary, names),
    });
  });

  // ── Participants ──

  router.get('/programmes', requireLogin, async (req, res) => {
    const locale = req.locale as Locale;
    const today = seoulDate(deps.clock.now());
    const [all, mine] = await Promise.all([listProgrammes(db), membershipsOf(db, req.user!.id)]);
    res.render('programmes/index', {
      title: req.t('programme.title'),
      programmes: all
        .filter(({ programme: p }) => p.endsOn >= today)
        .map(({ programme: p }) => {
          const m = mine.find((x) => x.programme.id === p.id)?.member;
          return {
            id: p.id,
            name: pick(locale, p.name, p.nameEn),
            period: `${p.startsOn} – ${p.endsOn}`,
            groups: (p.targetGroups as TargetGroup[]).map((g) => req.t(`programme.group.${g}`)).join(', '),
            status: m ? req.t(`programme.status.${m.status}`) : '',
          };
        }),
    });
  });

  async function renderOwn(req: Request, res: Response, status: number, errors: FieldErrors = {}) {
    const locale = req.locale as Locale;
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const own = await ownProgress(deps, req.user!.id, id);
    const { detail, member, outcomes } = own;
    const p = detail.programme;
    const everyone = outcomes?.groups.find((g) => g.group === 'everyone');
    const done = member?.status === 'approved' ? await surveyPhasesDone(db, id, req.user!.id) : [];
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('programmes/show', {
      title: pick(locale, p.name, p.nameEn),
      programme: programmeView(locale, detail),
      status: member ? req.t(`programme.status.${member.status}`) : '',
      showApply: (!member && p.endsOn >= seoulDate(deps.clock.now())) || member?.status === 'invited',
      invited: member?.status === 'invited',
      approved: member?.status === 'approved',
      waiting: member?.status === 'applied',
      declarable: DECLARABLE_GROUPS.map((g) => ({
        value: g,
        label: req.t(`programme.group.${g}`),
        checked: list(req.body?.groups).includes(g),
      })),
      progress: everyone
        ? {
            since: member?.approvedOn,
            days: everyone.smartWorkDays,
            during: everyone.daysPerWeek === null ? '–' : everyone.daysPerWeek.toFixed(2),
            baseline: everyone.baselineDaysPerWeek === null ? '–' : everyone.baselineDaysPerWeek.toFixed(2),
            km: everyone.kmSaved.toFixed(1),
            co2: everyone.co2Kg.toFixed(1),
          }
        : undefined,
      surveys: SURVEY_PHASES.filter((ph) => !done.includes(ph)).map((phase) => ({
        phase,
        label: req.t(`programme.survey.${phase}`),
        questions: SURVEY_QUESTIONS.map((q) => ({
          name: q,
          id: `${phase}-${q}`,
          label: req.t(`programme.survey.q.${q}`),
          options: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: req.t(`programme.scale.${v}`) })),
        })),
      })),
      method: methodNotes(locale),
      errors: formErrors(locale, errors, { groups: 'group-parents' }),
    });
  }

  router.get('/programmes/:id', requireLogin, (req, res) => renderOwn(req, res, 200));

  router.post('/programmes/:id/apply', requireLogin, async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const groups = list(req.body?.groups).filter((g): g is DeclarableGroup =>
      (DECLARABLE_GROUPS as readonly string[]).includes(g),
    );
    try {
      const row = await apply(deps, req.user!.id, id, groups);
      flash(req, { key: row.status === 'approved' ? 'programme.joined' : 'programme.applied' });
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderOwn(req, res, 422, err.fieldErrors);
      throw err;
    }
    res.redirect(303, `/programmes/${id}`);
  });

  router.post('/programmes/:id/withdraw', requireLogin, async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    await withdraw(deps, req.user!.id, id);
    flash(req, { key: 'programme.withdrawn' });
    res.redirect(303, '/programmes');
  });

  router.post('/programmes/:id/survey', requireLogin, async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const parsed = surveyForm.safeParse(req.body);
    if (!parsed.success) return renderOwn(req, res, 422, { survey: { key: 'programme.error.survey' } });
    await answerSurvey(deps, req.user!.id, id, parsed.data);
    flash(req, { key: 'programme.surveyThanks' });
    res.redirect(303, `/programmes/${id}`);
  });

  // ── Administrators ──

  router.get('/admin/programmes', async (req, res) => {
    const locale = req.locale as Locale;
    const rows = await listProgrammes(db);
    res.render('programmes/admin-list', {
      title: req.t('programme.admin.title'),
      programmes: rows.map(({ programme: p, approved, waiting }) => ({
        id: p.id,
        name: pick(locale, p.name, p.nameEn),
        period: `${p.startsOn} – ${p.endsOn}`,
        approved,
        waiting,
        published: p.publishedAt !== null,
      })),
    });
  });

  async function renderForm(req: Request, res: Response, status: number, errors: FieldErrors = {}) {
    const locale = req.locale as Locale;
    const c = await choices(db);
    const v = (req.body ?? {}) as Record<string, unknown>;
    const today = seoulDate(deps.clock.now());
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('programmes/admin-form', {
      title: req.t('programme.admin.new'),
      values: {
        name: v.name ?? '',
        nameEn: v.nameEn ?? '',
        goal: v.goal ?? '',
        goalEn: v.goalEn ?? '',
        startsOn: v.startsOn ?? today,
        endsOn: v.endsOn ?? '',
        extraHorizonDays: v.extraHorizonDays ?? '14',
        reservedDesksPerCenter: v.reservedDesksPerCenter ?? '2',
        weeklyQuotaDays: v.weeklyQuotaDays ?? '2',
      },
      groups: TARGET_GROUPS.map((g) => ({
        value: g,
        label: req.t(`programme.group.${g}`),
        checked: list(v.targetGroups).includes(g),
      })),
      organisations: c.organisations.map((o) => ({
        id: o.id,
        label: `${pick(locale, o.name, o.nameEn)} (${req.t(`people.kind.${o.kind}`)})`,
        checked: list(v.organisationIds).includes(String(o.id)),
      })),
      centers: c.centers.map((x) => ({
        id: x.id,
        label: pick(locale, x.name, x.nameEn),
        checked: list(v.centerIds).includes(String(x.id)),
      })),
      errors: formErrors(locale, errors, { targetGroups: 'group-parents' }),
    });
  }

  router.get('/admin/programmes/new', (req, res) => renderForm(req, res, 200));

  router.post('/admin/programmes', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = programmeForm.safeParse({
      ...body,
      targetGroups: list(body.targetGroups),
      organisationIds: list(body.organisationIds),
      centerIds: list(body.centerIds),
      weeklyQuotaDays: body.weeklyQuotaDays ?? '',
    });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues) {
        const field = String(i.path[0]);
        errors[field] ??= { key: MESSAGES[field] ?? 'error.validation' };
      }
      return renderForm(req, res, 422, errors);
    }
    const row = await createProgramme(deps, req.user!.id, parsed.data);
    flash(req, { key: 'programme.created' });
    res.redirect(303, `/admin/programmes/${row.id}`);
  });

  async function renderAdminShow(req: Request, res: Response, status: number, errors: FieldErrors = {}) {
    const locale = req.locale as Locale;
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const detail = await findProgramme(db, id);
    if (!detail) throw new NotFoundError('programme.notFound');
    const members = await membersOf(db, id);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('programmes/admin-show', {
      title: pick(locale, detail.programme.name, detail.programme.nameEn),
      programme: programmeView(locale, detail),
      members: members.map((m) => ({
        id: m.member.id,
        name: pick(locale, m.displayName, m.displayNameEn),
        username: m.username,
        status: req.t(`programme.status.${m.member.status}`),
        since: m.member.approvedOn ?? '',
        waiting: m.member.status === 'applied',
      })),
      username: (req.body as Record<string, unknown> | undefined)?.username ?? '',
      errors: formErrors(locale, errors),
    });
  }

  router.get('/admin/programmes/:id', (req, res) => renderAdminShow(req, res, 200));

  router.post('/admin/programmes/:id/invite', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    try {
      await invite(deps, req.user!.id, id, String(req.body?.username ?? '').slice(0, 64));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderAdminShow(req, res, 422, err.fieldErrors);
      throw err;
    }
    flash(req, { key: 'programme.invited' });
    res.redirect(303, `/admin/programmes/${id}`);
  });

  router.post('/admin/programmes/:id/members/:memberId', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const memberId = idOrNotFound(req.params.memberId, 'programme.notFound');
    // Only the two buttons decide: a request without a decision must not decline someone by default.
    const decision = req.body?.decision;
    if (decision !== 'approve' && decision !== 'decline') throw new DomainError('error.validation');
    await decide(deps, req.user!.id, id, memberId, decision === 'approve');
    flash(req, { key: decision === 'approve' ? 'programme.approved' : 'programme.declined' });
    res.redirect(303, `/admin/programmes/${id}`);
  });

  router.post('/admin/programmes/:id/publish', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const on = req.body?.publish !== 'off';
    await publish(deps, req.user!.id, id, on);
    flash(req, { key: on ? 'programme.published' : 'programme.unpublished' });
    res.redirect(303, `/admin/programmes/${id}`);
  });

  async function dashboard(req: Request, res: Response, view: 'programmes/dashboard' | 'programmes/report') {
    const locale = req.locale as Locale;
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const { detail, outcomes } = await programmeOutcomes(deps, req.user!.id, id);
    res.render(view, {
      title: `${pick(locale, detail.programme.name, detail.programme.nameEn)} — ${req.t('programme.dashboard')}`,
      programme: programmeView(locale, detail),
      outcomes: outcomesView(locale, detail, outcomes),
      today: seoulDate(deps.clock.now()),
    });
  }
  router.get('/admin/programmes/:id/dashboard', (req, res) => dashboard(req, res, 'programmes/dashboard'));
  router.get('/admin/programmes/:id/report', (req, res) => dashboard(req, res, 'programmes/report'));

  router.get('/admin/programmes/:id/outcomes.csv', async (req, res) => {
    const locale = req.locale as Locale;
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const { detail, outcomes } = await programmeOutcomes(deps, req.user!.id, id);
    const v = outcomesView(locale, detail, outcomes);
    const rows: (string | number)[][] = [
      [
        'section',
        'group_or_center',
        'people',
        'withdrawn',
        'smart_work_days',
        'baseline_days_per_week',
        'days_per_week',
        'cancellation_rate',
        'no_show_rate',
        'km_saved',
        'hours_saved',
        'co2_kg',
      ],
      ...outcomes.groups.map((g) => [
        'group',
        g.group,
        g.people,
        g.withdrawn,
        g.smartWorkDays,
        g.baselineDaysPerWeek ?? '',
        g.daysPerWeek ?? '',
        g.cancellationRate ?? '',
        g.noShowRate ?? '',
        g.kmSaved,
        g.minutesSaved / 60,
        g.co2Kg,
      ]),
      [],
      [
        'section',
        'center',
        'people',
        'smart_work_days',
        'reserved_desks',
        'reserved_desk_days_used',
        'reserved_desk_days_offered',
        'utilisation',
      ],
      ...outcomes.centers.map((c, i) => [
        'center',
        v.centers[i]!.name,
        c.people,
        c.smartWorkDays,
        c.reservedDesks,
        c.reservedDeskDaysUsed,
        c.reservedDeskDaysOffered,
        c.utilisation ?? '',
      ]),
      [],
      ['section', 'phase', 'responses', 'response_rate', ...SURVEY_QUESTIONS],
      ...outcomes.surveys.map((s) => [
        'survey',
        s.phase,
        s.responses,
        s.responseRate ?? '',
        ...SURVEY_QUESTIONS.map((q) => s.means[q] ?? ''),
      ]),
      [],
      ...v.method.map((m) => ['method', m]),
    ];
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="programme-${id}-outcomes.csv"`)
      .set('Cache-Control', 'no-store')
      .send(spreadsheetCsv(rows));
  });

  return router;
}
