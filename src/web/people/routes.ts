import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { actingOrganisations, authorize, grantableRoles } from '../../auth/policy.js';
import { HOME_AREAS } from '../../centers/distance.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import {
  choices,
  createPerson,
  deactivatePerson,
  futureBookingsOf,
  IMPORT_COLUMNS,
  listPeople,
  type PersonInput,
  personSnapshot,
  planImport,
  ROLES,
  reactivatePerson,
  runImport,
  updatePerson,
  usernameSchema,
} from '../../people/service.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound, idText, text } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
}

const name = (max: number) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1));

/** The person form. Weekly hours are entered in hours (part-time staff), empty for full time. */
const personForm = z.object({
  username: usernameSchema,
  displayName: name(100),
  displayNameEn: name(100),
  role: z.enum(ROLES),
  organisationId: idText,
  teamId: z.union([z.literal(''), idText]).transform((v) => (v === '' ? null : v)),
  contractedWeekHours: z
    .string()
    .trim()
    .regex(/^$|^\d{1,2}(\.5)?$/)
    .transform((s) => (s === '' ? null : Math.round(Number(s) * 60)))
    .pipe(z.number().int().min(60).max(2400).nullable()),
  centerIds: z
    .union([idText, z.array(idText)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  homeArea: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || HOME_AREAS.some((a) => a.code === v)),
});

const MESSAGES: Record<string, string> = {
  username: 'people.error.username',
  displayName: 'people.error.displayName',
  displayNameEn: 'people.error.displayNameEn',
  role: 'people.error.role',
  organisationId: 'people.error.organisation',
  teamId: 'people.error.team',
  contractedWeekHours: 'people.error.contractedWeekHours',
  centerIds: 'people.error.centers',
  homeArea: 'people.error.homeArea',
};

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= { key: MESSAGES[String(i.path[0])] ?? 'error.validation' };
  return errors;
}

const seoulMinute = (at: Date) => toSeoulIso(at).slice(0, 16).replace('T', ' ');

/**
 * Administrators manage people: list, create, edit, deactivate (with confirmation) and import from CSV.
 * A partner administrator manages the people of their own organisation only, and gives only the
 * roles of PARTNER_GRANTABLE_ROLES (never operator, administrator or partner administrator).
 */
export function peopleRouter({ db, clock }: Deps): Router {
  const router = Router();
  router.use('/admin/people', requireLogin, async (req, _res, next) => {
    try {
      await authorize(db, req.user!, 'people.manage');
      next();
    } catch (err) {
      next(err);
    }
  });
  const change = (req: Request) => ({ actorId: req.user!.id, at: clock.now() });

  router.get('/admin/people', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const people = await listPeople(db, q, await actingOrganisations(db, req.user!));
    res.render('people/index', {
      title: req.t('people.title'),
      q,
      mayImport: req.user!.role === 'admin' || undefined,
      people: people.map((p) => ({
        id: p.id,
        username: p.username,
        name: pick(req.locale, p.displayName, p.displayNameEn),
        role: req.t(`people.role.${p.role}`),
        organisation: pick(req.locale, p.organisationName, p.organisationNameEn),
        team: p.teamName ? pick(req.locale, p.teamName, p.teamNameEn) : '',
        disabled: p.disabled,
      })),
    });
  });

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    person: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const locale = req.locale as Locale;
    const c = await choices(db, await actingOrganisations(db, req.user!));
    const mayRunCenters = grantableRoles(req.user!, ROLES).includes('operator');
    const centerIds = new Set([person.centerIds ?? []].flat().map(String));
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('people/form', {
      title: person.id ? req.t('people.edit') : req.t('people.new'),
      action: person.id ? `/admin/people/${person.id}/edit` : '/admin/people/new',
      person,
      roles: grantableRoles(req.user!, ROLES).map((r) => ({ value: r, label: req.t(`people.role.${r}`) })),
      homeAreas: HOME_AREAS.map((a) => ({
        code: a.code,
        name: pick(locale, a.name, a.nameEn),
        selected: a.code === person.homeArea,
      })),
      organisations: c.organisations.map((o) => ({
        id: o.id,
        name: `${pick(locale, o.name, o.nameEn)} (${req.t(`people.kind.${o.kind}`)})`,
        selected: String(o.id) === String(person.organisationId),
      })),
      teams: c.teams.map((t) => ({
        id: t.id,
        name: pick(locale, t.name, t.nameEn),
        selected: String(t.id) === String(person.teamId ?? ''),
      })),
      centers: (mayRunCenters ? c.centers : []).map((x) => ({
        id: x.id,
        name: pick(locale, x.name, x.nameEn),
        checked: centerIds.has(String(x.id)),
      })),
      errors: formErrors(locale, errors, { centerIds: 'centers' }),
    });
  }

  async function save(req: Request, res: Response, id?: number) {
    const body = { ...req.body, centerIds: req.body.centerIds, id };
    const parsed = personForm.safeParse(req.body);
    if (!parsed.success) return renderForm(req, res, 422, body, issuesToErrors(parsed.error.issues));
    const { contractedWeekHours, ...v } = parsed.data;
    const input: PersonInput = { ...v, contractedWeekMinutes: contractedWeekHours };
    // Only the roles this person may give, and only in the organisations they act in.
    if (!grantableRoles(req.user!, ROLES).includes(input.role))
      return renderForm(req, res, 422, body, { role: { key: 'people.error.roleNotGrantable' } });
    if (req.user!.role !== 'admin') input.centerIds = [];
    await authorize(db, req.user!, 'people.manage', { organisationId: input.organisationId });
    try {
      if (id === undefined) id = await createPerson(db, input, change(req));
      else await updatePerson(db, id, input, change(req));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderForm(req, res, 422, body, err.fieldErrors);
      throw err;
    }
    flash(req, { key: 'people.saved', params: { username: input.username } });
    res.redirect(303, '/admin/people');
  }

  router.get('/admin/people/new', (req, res) => renderForm(req, res, 200, { role: 'employee' }));
  router.post('/admin/people/new', (req, res) => save(req, res));

  const personParam = async (req: Request) => {
    const id = idOrNotFound(req.params.userId, 'people.notFound');
    const person = await personSnapshot(db, id);
    if (!person) throw new NotFoundError('people.notFound');
    // A partner administrator reaches only their organisation's people, and none with a role they cannot give.
    await authorize(db, req.user!, 'people.manage', { organisationId: person.organisationId });
    if (!grantableRoles(req.user!, ROLES).includes(person.role)) throw new ForbiddenError('policy.notYourOrganisation');
    return person;
  };

  router.get('/admin/people/:userId/edit', async (req, res) => {
    const p = await personParam(req);
    await renderForm(req, res, 200, {
      ...p,
      contractedWeekHours: p.contractedWeekMinutes === null ? '' : p.contractedWeekMinutes / 60,
    });
  });
  router.post('/admin/people/:userId/edit', async (req, res) => {
    const p = await personParam(req);
    await save(req, res, p.id);
  });

  // Deactivation: a confirmation page saying what will happen (how many bookings are cancelled).
  router.get('/admin/people/:userId/deactivate', async (req, res) => {
    const p = await personParam(req);
    const future = await futureBookingsOf(db, p.id, clock.now());
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('people/deactivate', {
      title: req.t('people.deactivateTitle', { name: pick(req.locale, p.displayName, p.displayNameEn) }),
      person: p,
      bookings: future.length,
      until: future.length ? seoulMinute(future[future.length - 1]!.endsAt) : '',
    });
  });
  router.post('/admin/people/:userId/deactivate', async (req, res) => {
    const p = await personParam(req);
    if (p.id === req.user!.id) throw new DomainError('people.error.self');
    const cancelled = await deactivatePerson(db, p.id, change(req));
    flash(req, { key: 'people.deactivated', params: { username: p.username, cancelled } });
    res.redirect(303, '/admin/people');
  });
  router.post('/admin/people/:userId/reactivate', async (req, res) => {
    const p = await personParam(req);
    await reactivatePerson(db, p.id, change(req));
    flash(req, { key: 'people.reactivated', params: { username: p.username } });
    res.redirect(303, '/admin/people');
  });

  // CSV import: "check" lists every problem by line and writes nothing; "import" runs only a clean file.
  function renderImport(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('people/import', {
      title: req.t('people.import.title'),
      columns: IMPORT_COLUMNS.join(','),
      csv: '',
      ...extra,
    });
  }
  router.get('/admin/people/import', async (req, res) => {
    await authorize(db, req.user!, 'people.import');
    renderImport(req, res, 200);
  });
  router.post('/admin/people/import', async (req, res) => {
    await authorize(db, req.user!, 'people.import');
    const csv = typeof req.body.csv === 'string' ? req.body.csv : '';
    const plan = await planImport(db, csv);
    if (plan.problems.length) {
      const problems = plan.problems.map((p) => ({
        line: p.line,
        text: req.t(p.key, p.params),
      }));
      return renderImport(req, res, 422, {
        csv,
        problems,
        errors: {
          summary: [{ href: '#csv', text: req.t('people.import.problems', { count: problems.length }) }],
          fields: { csv: req.t('people.import.problems', { count: problems.length }) },
        },
      });
    }
    if (req.body.mode !== 'import') return renderImport(req, res, 200, { csv, clean: true, count: plan.rows.length });
    const made = await runImport(db, plan, change(req));
    flash(req, { key: 'people.import.done', params: { count: made } });
    res.redirect(303, '/admin/people');
  });
  return router;
}
