import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authorize } from '../../auth/policy.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import {
  findOrganisation,
  findTeam,
  listOrganisationsWithTeams,
  saveOrganisation,
  saveTeam,
} from '../../people/organisations.js';
import type { Clock } from '../../time/seoul.js';
import { idOrNotFound, idText, text } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const name = (max: number) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1));
const code = text(60)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/));

const organisationForm = z.object({ code, name: name(100), nameEn: name(100), kind: z.enum(['public', 'private']) });
const teamForm = z.object({
  code,
  organisationId: idText,
  name: name(100),
  nameEn: name(100),
  manager: text(64)
    .transform((s) => s.trim().toLowerCase())
    .transform((s) => s || null),
});

const MESSAGES: Record<string, string> = {
  code: 'org.error.code',
  name: 'space.error.name',
  nameEn: 'space.error.nameEn',
  kind: 'org.error.kind',
  organisationId: 'people.error.organisation',
  manager: 'team.error.manager',
};
function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= { key: MESSAGES[String(i.path[0])] ?? 'error.validation' };
  return errors;
}

/** Administrators keep the organisations (public, private) and their teams with a manager each. */
export function organisationsRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();
  router.use(['/admin/organisations', '/admin/teams'], requireLogin, async (req, _res, next) => {
    try {
      await authorize(db, req.user!, 'organisations.manage');
      next();
    } catch (err) {
      next(err);
    }
  });
  const change = (req: Request) => ({ actorId: req.user!.id, at: clock.now() });

  async function renderList(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const locale = req.locale as Locale;
    const orgs = await listOrganisationsWithTeams(db);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('people/organisations', {
      title: req.t('org.title'),
      organisations: orgs.map((o) => ({
        id: o.id,
        code: o.code,
        name: pick(locale, o.name, o.nameEn),
        kind: req.t(`people.kind.${o.kind}`),
        teams: o.teams.map((t) => ({
          id: t.team.id,
          code: t.team.code,
          name: pick(locale, t.team.name, t.team.nameEn),
          manager: t.manager ?? '',
        })),
      })),
      ...extra,
    });
  }
  router.get('/admin/organisations', (req, res) => renderList(req, res, 200));
  router.get('/admin/organisations/new', (req, res) =>
    renderEdit(req, res, 200, 'organisation-form', { kind: 'public' }),
  );
  router.get('/admin/teams/new', (req, res) =>
    renderEdit(req, res, 200, 'team-form', { organisationId: req.query.organisation }),
  );

  async function renderEdit(
    req: Request,
    res: Response,
    status: number,
    view: 'organisation-form' | 'team-form',
    values: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const locale = req.locale as Locale;
    res.locals.csrfToken ??= req.csrfToken?.();
    const orgs = await listOrganisationsWithTeams(db);
    res.status(status).render(`people/${view}`, {
      title: values.originalCode
        ? req.t(view === 'team-form' ? 'team.edit' : 'org.edit', { code: String(values.originalCode) })
        : req.t(view === 'team-form' ? 'team.new' : 'org.new'),
      action:
        view === 'team-form'
          ? values.id
            ? `/admin/teams/${values.id}/edit`
            : '/admin/teams'
          : values.id
            ? `/admin/organisations/${values.id}/edit`
            : '/admin/organisations',
      values,
      organisationChoices: orgs.map((o) => ({
        id: o.id,
        name: pick(locale, o.name, o.nameEn),
        selected: String(o.id) === String(values.organisationId),
      })),
      errors: formErrors(locale, errors),
    });
  }

  async function save<T>(
    req: Request,
    res: Response,
    kind: 'organisation' | 'team',
    onError: (errors: FieldErrors) => Promise<void>,
    schema: z.ZodType<T>,
    run: (input: T) => Promise<unknown>,
  ) {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) return onError(issuesToErrors(parsed.error.issues));
    try {
      await run(parsed.data);
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length) return onError(err.fieldErrors);
      throw err;
    }
    flash(req, { key: kind === 'team' ? 'team.saved' : 'org.saved' });
    res.redirect(303, '/admin/organisations');
  }

  router.post('/admin/organisations', (req, res) =>
    save(
      req,
      res,
      'organisation',
      (errors) => renderEdit(req, res, 422, 'organisation-form', req.body, errors),
      organisationForm,
      (v) => saveOrganisation(db, undefined, v, change(req)),
    ),
  );
  router.post('/admin/teams', (req, res) =>
    save(
      req,
      res,
      'team',
      (errors) => renderEdit(req, res, 422, 'team-form', req.body, errors),
      teamForm,
      (v) => saveTeam(db, undefined, v, change(req)),
    ),
  );

  router.get('/admin/organisations/:orgId/edit', async (req, res) => {
    const org = await findOrganisation(db, idOrNotFound(req.params.orgId, 'org.notFound'));
    if (!org) throw new NotFoundError('org.notFound');
    await renderEdit(req, res, 200, 'organisation-form', { ...org, originalCode: org.code });
  });
  router.post('/admin/organisations/:orgId/edit', async (req, res) => {
    const org = await findOrganisation(db, idOrNotFound(req.params.orgId, 'org.notFound'));
    if (!org) throw new NotFoundError('org.notFound');
    const values = { ...req.body, id: org.id, originalCode: org.code };
    await save(
      req,
      res,
      'organisation',
      (errors) => renderEdit(req, res, 422, 'organisation-form', values, errors),
      organisationForm,
      (v) => saveOrganisation(db, org.id, v, change(req)),
    );
  });
  router.get('/admin/teams/:teamId/edit', async (req, res) => {
    const row = await findTeam(db, idOrNotFound(req.params.teamId, 'team.notFound'));
    if (!row) throw new NotFoundError('team.notFound');
    await renderEdit(req, res, 200, 'team-form', {
      ...row.team,
      manager: row.manager ?? '',
      originalCode: row.team.code,
    });
  });
  router.post('/admin/teams/:teamId/edit', async (req, res) => {
    const row = await findTeam(db, idOrNotFound(req.params.teamId, 'team.notFound'));
    if (!row) throw new NotFoundError('team.notFound');
    const values = { ...req.body, id: row.team.id, originalCode: row.team.code };
    await save(
      req,
      res,
      'team',
      (errors) => renderEdit(req, res, 422, 'team-form', values, errors),
      teamForm,
      (v) => saveTeam(db, row.team.id, v, change(req)),
    );
  });
  return router;
}
