import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { actingOrganisations, authorize, authorizeListing, roleMay } from '../../auth/policy.js';
import { operatedCenterIds } from '../../centers/operators.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { decideApproval, requestApproval } from '../../partners/civilians.js';
import {
  approvalsOf,
  findApproval,
  findShare,
  listApprovals,
  listShares,
  operatingOrganisations,
  partnerShareChoices,
  usageByCenterDay,
} from '../../partners/repository.js';

import { createShare, editShare, removeShare, shareDesks } from '../../partners/shares.js';
import { addDaysToDate, type Clock, seoulDate, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound, parseDate } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import { requestForm, SHARE_MESSAGES, shareForm, usageQuery } from './schema.js';

interface Deps {
  db: Database;
  clock: Clock;
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], messages: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= { key: messages[String(i.path[0])] ?? 'error.validation' };
  return errors;
}

const seoulMinute = (at: Date) => toSeoulIso(at).slice(0, 16).replace('T', ' ');

/**
 * Public–private centers (docs/partners.md): partner shares (administrators edit, operators of the
 * center see them), a partner administrator's usage page, civilians' approvals (operators of the
 * operating organisation decide; the civilian asks at /access).
 */
export function partnersRouter({ db, clock }: Deps): Router {
  const router = Router();
  const change = (req: Request) => ({ actorId: req.user!.id, at: clock.now() });

  // ---- Partner shares ----
  router.get('/admin/partner-shares', requireLogin, async (req, res) => {
    authorizeListing(req.user!, 'partnerShare.view');
    const centerIds = await operatedCenterIds(db, req.user!);
    const rows = await listShares(db, { centerIds });
    const today = seoulDate(clock.now());
    const shares = await Promise.all(
      rows.map(async (r) => {
        const { desks, limit } = await shareDesks(db, r.centerId, r.percent);
        return {
          id: r.id,
          center: pick(req.locale, r.centerName, r.centerNameEn),
          organisation: pick(req.locale, r.organisationName, r.organisationNameEn),
          percent: r.percent,
          desks,
          limit,
          from: r.validFrom,
          to: r.validTo ?? '',
          current: r.validFrom <= today && (r.validTo === null || r.validTo >= today),
        };
      }),
    );
    const mayEdit = roleMay(req.user!.role, 'partnerShare.edit');
    res.render('partners/shares', { title: req.t('partners.shares.title'), shares, mayEdit });
  });

  async function renderShareForm(
    req: Request,
    res: Response,
    status: number,
    share: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const locale = req.locale as Locale;
    const c = await partnerShareChoices(db);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('partners/share-form', {
      title: share.id ? req.t('partners.shares.edit') : req.t('partners.shares.new'),
      action: share.id ? `/admin/partner-shares/${share.id}/edit` : '/admin/partner-shares/new',
      share,
      centers: c.centers.map((x) => ({
        id: x.id,
        name: pick(locale, x.name, x.nameEn),
        selected: String(x.id) === String(share.centerId),
      })),
      organisations: c.organisations.map((o) => ({
        id: o.id,
        name: pick(locale, o.name, o.nameEn),
        selected: String(o.id) === String(share.organisationId),
      })),
      errors: formErrors(locale, errors),
    });
  }

  async function saveShare(req: Request, res: Response, id?: number) {
    const body = { ...req.body, id };
    const parsed = shareForm.safeParse(req.body);
    if (!parsed.success)
      return renderShareForm(req, res, 422, body, issuesToErrors(parsed.error.issues, SHARE_MESSAGES));
    try {
      if (id === undefined) await createShare(db, parsed.data, change(req));
      else await editShare(db, id, parsed.data, change(req));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderShareForm(req, res, 422, body, err.fieldErrors);
      throw err;
    }
    flash(req, { key: 'partners.shares.saved' });
    res.redirect(303, '/admin/partner-shares');
  }

  const shareParam = async (req: Request) => {
    await authorize(db, req.user!, 'partnerShare.edit');
    const share = await findShare(db, idOrNotFound(req.params.shareId, 'partners.notFound'));
    if (!share) throw new NotFoundError('partners.notFound');
    return share;
  };

  router.get('/admin/partner-shares/new', requireLogin, async (req, res) => {
    await authorize(db, req.user!, 'partnerShare.edit');
    await renderShareForm(req, res, 200, { validFrom: seoulDate(clock.now()) });
  });
  router.post('/admin/partner-shares/new', requireLogin, async (req, res) => {
    await authorize(db, req.user!, 'partnerShare.edit');
    await saveShare(req, res);
  });
  router.get('/admin/partner-shares/:shareId/edit', requireLogin, async (req, res) => {
    const share = await shareParam(req);
    await renderShareForm(req, res, 200, { ...share, validTo: share.validTo ?? '' });
  });
  router.post('/admin/partner-shares/:shareId/edit', requireLogin, async (req, res) => {
    const share = await shareParam(req);
    await saveShare(req, res, share.id);
  });
  // Removing a share: a confirmation page says what will happen first.
  router.get('/admin/partner-shares/:shareId/delete', requireLogin, async (req, res) => {
    const share = await shareParam(req);
    const [row] = (await listShares(db)).filter((r) => r.id === share.id);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('partners/share-delete', {
      title: req.t('partners.shares.deleteTitle'),
      share: {
        id: share.id,
        center: row ? pick(req.locale, row.centerName, row.centerNameEn) : '',
        organisation: row ? pick(req.locale, row.organisationName, row.organisationNameEn) : '',
        percent: share.percent,
      },
    });
  });
  router.post('/admin/partner-shares/:shareId/delete', requireLogin, async (req, res) => {
    const share = await shareParam(req);
    await removeShare(db, share.id, change(req));
    flash(req, { key: 'partners.shares.deleted' });
    res.redirect(303, '/admin/partner-shares');
  });

  // ---- A partner administrator's usage of their organisation ----
  router.get('/partner/usage', requireLogin, async (req, res) => {
    authorizeListing(req.user!, 'partner.usage');
    const orgs = await actingOrganisations(db, req.user!);
    const privateOrgs = (await partnerShareChoices(db)).organisations;
    const asked = Number(req.query.organisationId);
    const organisationId = orgs ? orgs[0] : privateOrgs.find((o) => o.id === asked)?.id;
    const today = seoulDate(clock.now());
    const parsed = usageQuery.safeParse({
      from: parseDate(req.query.from) ?? today,
      to: parseDate(req.query.to) ?? addDaysToDate(today, 13),
    });
    const range =
      parsed.success && parsed.data.from <= parsed.data.to && addDaysToDate(parsed.data.from, 92) >= parsed.data.to
        ? parsed.data
        : { from: today, to: addDaysToDate(today, 13) };
    const org = privateOrgs.find((o) => o.id === organisationId);
    const rows = organisationId === undefined ? [] : await usageByCenterDay(db, organisationId, range.from, range.to);
    const shares = organisationId === undefined ? [] : await listShares(db, { organisationId });
    const usage = await Promise.all(
      rows.map(async (r) => {
        const share = shares.find(
          (s) => s.centerId === r.centerId && s.validFrom <= r.date && (s.validTo === null || s.validTo >= r.date),
        );
        const limit = share ? (await shareDesks(db, r.centerId, share.percent)).limit : undefined;
        return {
          date: r.date,
          center: pick(req.locale, r.centerName, r.centerNameEn),
          desks: r.desks,
          bookings: r.bookings,
          limit: limit ?? '',
          full: limit !== undefined && r.desks >= limit,
        };
      }),
    );
    res.render('partners/usage', {
      title: req.t('partners.usage.title'),
      organisation: org ? pick(req.locale, org.name, org.nameEn) : '',
      choose: orgs
        ? undefined
        : privateOrgs.map((o) => ({
            id: o.id,
            name: pick(req.locale, o.name, o.nameEn),
            selected: o.id === organisationId,
          })),
      from: range.from,
      to: range.to,
      usage,
      shares: shares.map((s) => ({
        center: pick(req.locale, s.centerName, s.centerNameEn),
        percent: s.percent,
        from: s.validFrom,
        to: s.validTo ?? '',
      })),
    });
  });

  // ---- Civilians' approvals: the operators of the operating organisation decide ----
  router.get('/operator/civilians', requireLogin, async (req, res) => {
    authorizeListing(req.user!, 'civilian.decide');
    const rows = await listApprovals(db, await actingOrganisations(db, req.user!));
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('partners/civilians', {
      title: req.t('civilian.queue.title'),
      approvals: rows.map((r) => ({
        id: r.id,
        name: pick(req.locale, r.displayName, r.displayNameEn),
        username: r.username,
        organisation: pick(req.locale, r.organisationName, r.organisationNameEn),
        status: req.t(`civilian.status.${r.status}`),
        requested: r.status === 'requested',
        approved: r.status === 'approved',
        closed: r.status === 'refused' || r.status === 'revoked',
        note: r.note,
        at: seoulMinute(r.decidedAt ?? r.requestedAt),
      })),
    });
  });

  const approvalParam = async (req: Request) => {
    authorizeListing(req.user!, 'civilian.decide');
    const approval = await findApproval(db, idOrNotFound(req.params.approvalId, 'civilian.notFound'));
    if (!approval) throw new NotFoundError('civilian.notFound');
    await authorize(db, req.user!, 'civilian.decide', { organisationId: approval.organisationId });
    return approval;
  };
  for (const decision of ['approve', 'refuse'] as const) {
    router.post(`/operator/civilians/:approvalId/${decision}`, requireLogin, async (req, res) => {
      const approval = await approvalParam(req);
      await decideApproval(db, approval.id, decision, change(req));
      flash(req, { key: `civilian.decided.${decision}` });
      res.redirect(303, '/operator/civilians');
    });
  }
  // Revoking takes away a civilian's access: a confirmation page first.
  router.get('/operator/civilians/:approvalId/revoke', requireLogin, async (req, res) => {
    const approval = await approvalParam(req);
    const rows = await listApprovals(db, [approval.organisationId]);
    const row = rows.find((r) => r.id === approval.id)!;
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('partners/civilian-revoke', {
      title: req.t('civilian.revokeTitle', { name: pick(req.locale, row.displayName, row.displayNameEn) }),
      approval: { id: approval.id, organisation: pick(req.locale, row.organisationName, row.organisationNameEn) },
    });
  });
  router.post('/operator/civilians/:approvalId/revoke', requireLogin, async (req, res) => {
    const approval = await approvalParam(req);
    await decideApproval(db, approval.id, 'revoke', change(req));
    flash(req, { key: 'civilian.decided.revoke' });
    res.redirect(303, '/operator/civilians');
  });

  // ---- A civilian asks for approval ----
  async function renderAccess(req: Request, res: Response, status: number, errors: FieldErrors = {}, note = '') {
    const [orgs, mine] = await Promise.all([operatingOrganisations(db), approvalsOf(db, req.user!.id)]);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('partners/access', {
      title: req.t('civilian.access.title'),
      civilian: req.user!.organisationKind === 'civilian',
      note,
      organisations: orgs.map((o) => {
        const a = mine.find((m) => m.organisationId === o.id);
        return {
          id: o.id,
          name: pick(req.locale, o.name, o.nameEn),
          status: a ? req.t(`civilian.status.${a.status}`) : req.t('civilian.status.none'),
          mayAsk: !a || a.status === 'refused' || a.status === 'revoked',
        };
      }),
      errors: formErrors(req.locale as Locale, errors, { organisationId: 'organisationId' }),
    });
  }
  router.get('/access', requireLogin, (req, res) => renderAccess(req, res, 200));
  router.post('/access', requireLogin, async (req, res) => {
    const parsed = requestForm.safeParse(req.body);
    if (!parsed.success) return renderAccess(req, res, 422, { organisationId: { key: 'civilian.error.organisation' } });
    try {
      await requestApproval(db, req.user!, parsed.data.organisationId, parsed.data.note, clock.now());
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderAccess(req, res, 422, err.fieldErrors, parsed.data.note);
      throw err;
    }
    flash(req, { key: 'civilian.access.requested' });
    res.redirect(303, '/access');
  });

  return router;
}
