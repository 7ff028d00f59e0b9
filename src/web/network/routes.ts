import { type Request, type Response, Router } from 'express';
import { authorize } from '../../auth/policy.js';
import {
  bulkAddDesks,
  type CenterInput,
  createCenter,
  createZone,
  futureBookingsOn,
  listOrganisations,
  type RetireTarget,
  retire,
  retireTargetDesks,
  updateCenter,
  updateDesk,
  updateZone,
} from '../../centers/admin.js';
import { findCenter, listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { ConflictError, DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { type Clock, formatMinute, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import {
  bulkDesksForm,
  deskEditForm,
  FEATURES,
  issuesToErrors,
  parseCenterForm,
  WEEKDAYS,
  zoneEditForm,
  zoneForm,
} from './schema.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
}

const KINDS = ['desk', 'meeting_room', 'phone_booth', 'nursing_room'] as const;

/** Weekday names filled into the hours' messages ("토요일: …"). */
function withWeekdays(req: Request, errors: FieldErrors): FieldErrors {
  for (const e of Object.values(errors))
    if (e?.params && typeof e.params.weekday === 'number')
      e.params = { ...e.params, weekday: req.t(`space.weekday.${e.params.weekday}`) };
  return errors;
}

const seoulMinute = (at: Date) => toSeoulIso(at).slice(0, 16).replace('T', ' ');

/** What the center form shows: a row's values, or what was typed. */
function centerFormValues(c: Partial<CenterInput> & { id?: number }): Record<string, unknown> {
  const hours = new Map((c.hours ?? []).map((h) => [h.weekday, h]));
  return {
    ...c,
    operatorOrganisationId: c.operatorOrganisationId ?? '',
    phone: c.phone ?? '',
    hours: WEEKDAYS.map((d) => {
      const h = hours.get(d);
      return {
        weekday: d,
        open: !!h,
        opens: h ? formatMinute(h.opensMinute) : '',
        closes: h ? formatMinute(h.closesMinute) : '',
      };
    }),
  };
}

/** What was typed, back into the shape of centerFormValues. */
function typedCenter(body: Record<string, unknown>): Record<string, unknown> {
  return {
    ...body,
    stepFree: body.stepFree === '1',
    accessibleParking: body.accessibleParking === '1',
    hours: WEEKDAYS.map((d) => ({
      weekday: d,
      open: body[`open-${d}`] === '1',
      opens: body[`opens-${d}`] ?? '',
      closes: body[`closes-${d}`] ?? '',
    })),
  };
}

/**
 * Running the network: administrators create and edit centers; a center's operators (and
 * administrators) add zones and desks, and retire them without losing their history.
 */
export function networkRouter({ db, clock, events }: Deps): Router {
  const router = Router();
  router.use(['/admin/centers', '/operator/centers/:centerId/space'], requireLogin);

  const change = (req: Request) => ({ actorId: req.user!.id, at: clock.now() });

  async function renderCenterForm(
    req: Request,
    res: Response,
    status: number,
    center: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const locale = req.locale as Locale;
    res.locals.csrfToken ??= req.csrfToken?.();
    const editing = typeof center.id === 'number';
    res.status(status).render('network/center-form', {
      title: editing ? req.t('space.editCenter') : req.t('space.newCenter'),
      action: editing ? `/admin/centers/${center.id}/edit` : '/admin/centers/new',
      center: {
        ...center,
        hours: (center.hours as { weekday: number }[]).map((h) => ({
          ...h,
          name: req.t(`space.weekday.${h.weekday}`),
        })),
      },
      organisations: (await listOrganisations(db)).map((o) => ({
        id: o.id,
        name: pick(locale, o.name, o.nameEn),
        selected: String(o.id) === String(center.operatorOrganisationId),
      })),
      errors: formErrors(locale, withWeekdays(req, errors), { stepFree: 'stepFree' }),
    });
  }

  router.get('/admin/centers', async (req, res) => {
    await authorize(db, req.user!, 'center.list');
    const centers = await listCenters(db);
    res.render('network/centers', {
      title: req.t('space.centers'),
      centers: centers.map((c) => ({
        id: c.id,
        code: c.code,
        name: pick(req.locale, c.name, c.nameEn),
        district: pick(req.locale, c.district, c.districtEn),
      })),
    });
  });

  router.get('/admin/centers/new', async (req, res) => {
    await authorize(db, req.user!, 'center.create');
    await renderCenterForm(
      req,
      res,
      200,
      centerFormValues({
        hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 9 * 60, closesMinute: 18 * 60 })),
      }),
    );
  });

  async function saveCenter(req: Request, res: Response, id?: number) {
    const parsed = parseCenterForm(req.body);
    const typed = { ...typedCenter(req.body), id };
    if (!parsed.success) return renderCenterForm(req, res, 422, typed, issuesToErrors(parsed.issues));
    try {
      if (id === undefined) id = await createCenter(db, parsed.data, change(req));
      else await updateCenter(db, id, parsed.data, change(req));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderCenterForm(req, res, 422, typed, err.fieldErrors);
      throw err;
    }
    await events.publish({ type: 'center', centerId: id });
    flash(req, { key: 'space.centerSaved' });
    res.redirect(303, `/operator/centers/${id}/space`);
  }

  router.post('/admin/centers/new', async (req, res) => {
    await authorize(db, req.user!, 'center.create');
    await saveCenter(req, res);
  });

  router.get('/admin/centers/:centerId/edit', async (req, res) => {
    await authorize(db, req.user!, 'center.edit');
    const center = await findCenter(db, idOrNotFound(req.params.centerId, 'center.notFound'));
    if (!center) throw new NotFoundError('center.notFound');
    await renderCenterForm(req, res, 200, centerFormValues(center));
  });

  router.post('/admin/centers/:centerId/edit', async (req, res) => {
    await authorize(db, req.user!, 'center.edit');
    const id = idOrNotFound(req.params.centerId, 'center.notFound');
    if (!(await findCenter(db, id))) throw new NotFoundError('center.notFound');
    await saveCenter(req, res, id);
  });

  // ---- A center's zones, desks and rooms, for the people who run it.

  async function spaceCenter(req: Request) {
    const id = idOrNotFound(req.params.centerId, 'center.notFound');
    const center = await findCenter(db, id);
    if (!center) throw new NotFoundError('center.notFound');
    await authorize(db, req.user!, 'center.space', { centerId: id });
    return center;
  }

  async function renderSpace(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const center = await findCenter(db, Number(req.params.centerId));
    const locale = req.locale as Locale;
    res.locals.csrfToken ??= req.csrfToken?.();
    const activeZones = center!.zones.filter((z) => z.active);
    res.status(status).render('network/space', {
      title: req.t('space.title', { center: pick(locale, center!.name, center!.nameEn) }),
      centerId: center!.id,
      isAdmin: req.user!.role === 'admin',
      zones: center!.zones.map((z) => ({
        id: z.id,
        code: z.code,
        name: pick(locale, z.name, z.nameEn),
        network: req.t(`space.network.${z.network}`),
        active: z.active,
        desks: z.desks.map((d) => ({
          id: d.id,
          label: d.label,
          kind: req.t(`kind.${d.kind}`),
          capacity: d.capacity,
          features: d.features.map((f) => req.t(`feature.${f}`)).join(', '),
          active: d.active,
        })),
      })),
      zoneChoices: activeZones.map((z) => ({
        id: z.id,
        name: `${z.code} · ${pick(locale, z.name, z.nameEn)}`,
        selected: String(z.id) === String((extra.desksInput as Record<string, unknown> | undefined)?.zoneId),
      })),
      kinds: KINDS.map((k) => ({ value: k, label: req.t(`kind.${k}`) })),
      features: FEATURES.map((f) => ({ value: f, label: req.t(`feature.${f}`) })),
      zone: { zoneCode: '', zoneName: '', zoneNameEn: '', network: 'government' },
      desks: {
        prefix: activeZones[0] ? `${activeZones[0].code}-` : '',
        start: 1,
        count: 10,
        kind: 'desk',
        capacity: 1,
      },
      zoneErrors: formErrors(locale, {}),
      desksErrors: formErrors(locale, {}),
      ...extra,
    });
  }

  router.get('/operator/centers/:centerId/space', async (req, res) => {
    await spaceCenter(req);
    await renderSpace(req, res, 200);
  });

  router.post('/operator/centers/:centerId/space/zones', async (req, res) => {
    const center = await spaceCenter(req);
    const parsed = zoneForm.safeParse(req.body);
    const fail = (errors: FieldErrors) =>
      renderSpace(req, res, 422, { zone: req.body, zoneErrors: formErrors(req.locale, errors) });
    if (!parsed.success) return fail(issuesToErrors(parsed.error.issues));
    const v = parsed.data;
    try {
      await createZone(
        db,
        center.id,
        { code: v.zoneCode, name: v.zoneName, nameEn: v.zoneNameEn, network: v.network },
        change(req),
      );
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length) return fail(err.fieldErrors);
      throw err;
    }
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'space.zoneAdded', params: { code: v.zoneCode } });
    res.redirect(303, `/operator/centers/${center.id}/space`);
  });

  router.post('/operator/centers/:centerId/space/desks', async (req, res) => {
    const center = await spaceCenter(req);
    const parsed = bulkDesksForm.safeParse(req.body);
    const input = { ...req.body, features: [req.body.features ?? []].flat() };
    const fail = (errors: FieldErrors) =>
      renderSpace(req, res, 422, { desks: input, desksInput: input, desksErrors: formErrors(req.locale, errors) });
    if (!parsed.success) return fail(issuesToErrors(parsed.error.issues));
    let labels: string[];
    try {
      labels = await bulkAddDesks(db, center.id, parsed.data.zoneId, parsed.data, change(req));
    } catch (err) {
      if (err instanceof NotFoundError) return fail({ zoneId: { key: 'space.error.zone' } });
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length) return fail(err.fieldErrors);
      throw err;
    }
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, {
      key: 'space.desksAdded',
      params: { count: labels.length, first: labels[0]!, last: labels[labels.length - 1]! },
    });
    res.redirect(303, `/operator/centers/${center.id}/space`);
  });

  // Editing one desk or room, or one zone.
  async function renderDeskEdit(
    req: Request,
    res: Response,
    status: number,
    desk: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const center = await spaceCenter(req);
    res.locals.csrfToken ??= req.csrfToken?.();
    const chosen = new Set([desk.features ?? []].flat().map(String));
    res.status(status).render('network/desk-form', {
      title: req.t('space.editDesk', { name: String(desk.originalLabel ?? desk.label) }),
      centerId: center.id,
      action: `/operator/centers/${center.id}/space/desks/${desk.id}/edit`,
      desk,
      kinds: KINDS.map((k) => ({ value: k, label: req.t(`kind.${k}`) })),
      features: FEATURES.map((f) => ({ value: f, label: req.t(`feature.${f}`), checked: chosen.has(f) })),
      errors: formErrors(req.locale, errors),
    });
  }
  async function deskOf(req: Request) {
    const center = await spaceCenter(req);
    const id = idOrNotFound(req.params.deskId, 'space.deskNotFound');
    const [row] = await retireTargetDesks(db, center.id, { kind: 'desk', id });
    if (!row) throw new NotFoundError('space.deskNotFound');
    return { center, desk: row.desk };
  }
  router.get('/operator/centers/:centerId/space/desks/:deskId/edit', async (req, res) => {
    const { desk } = await deskOf(req);
    await renderDeskEdit(req, res, 200, { ...desk, originalLabel: desk.label });
  });
  router.post('/operator/centers/:centerId/space/desks/:deskId/edit', async (req, res) => {
    const { center, desk } = await deskOf(req);
    const typed = { ...req.body, id: desk.id, originalLabel: desk.label };
    const parsed = deskEditForm.safeParse(req.body);
    if (!parsed.success) return renderDeskEdit(req, res, 422, typed, issuesToErrors(parsed.error.issues));
    try {
      await updateDesk(db, center.id, desk.id, parsed.data, change(req));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderDeskEdit(req, res, 422, typed, err.fieldErrors);
      throw err;
    }
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'space.deskSaved', params: { label: parsed.data.label } });
    res.redirect(303, `/operator/centers/${center.id}/space`);
  });

  async function renderZoneEdit(
    req: Request,
    res: Response,
    status: number,
    zone: Record<string, unknown>,
    errors: FieldErrors = {},
  ) {
    const center = await spaceCenter(req);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('network/zone-form', {
      title: req.t('space.editZone', { name: String(zone.code) }),
      centerId: center.id,
      action: `/operator/centers/${center.id}/space/zones/${zone.id}/edit`,
      zone,
      errors: formErrors(req.locale, errors),
    });
  }
  async function zoneParam(req: Request) {
    const center = await spaceCenter(req);
    const id = idOrNotFound(req.params.zoneId, 'space.zoneNotFound');
    const zone = center.zones.find((z) => z.id === id);
    if (!zone) throw new NotFoundError('space.zoneNotFound');
    return { center, zone };
  }
  router.get('/operator/centers/:centerId/space/zones/:zoneId/edit', async (req, res) => {
    const { zone } = await zoneParam(req);
    await renderZoneEdit(req, res, 200, {
      id: zone.id,
      code: zone.code,
      zoneName: zone.name,
      zoneNameEn: zone.nameEn,
      network: zone.network,
    });
  });
  router.post('/operator/centers/:centerId/space/zones/:zoneId/edit', async (req, res) => {
    const { center, zone } = await zoneParam(req);
    const parsed = zoneEditForm.safeParse(req.body);
    if (!parsed.success)
      return renderZoneEdit(
        req,
        res,
        422,
        { ...req.body, id: zone.id, code: zone.code },
        issuesToErrors(parsed.error.issues),
      );
    const v = parsed.data;
    await updateZone(
      db,
      center.id,
      zone.id,
      { name: v.zoneName, nameEn: v.zoneNameEn, network: v.network },
      change(req),
    );
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'space.zoneSaved', params: { code: zone.code } });
    res.redirect(303, `/operator/centers/${center.id}/space`);
  });

  // Retiring: a confirmation page first (GOV.UK pattern); refused with the reason while bookings hold it.
  async function retirePage(req: Request, res: Response, target: RetireTarget, status = 200, refusal?: string) {
    const center = await spaceCenter(req);
    const rows = await retireTargetDesks(db, center.id, target);
    const zone = target.kind === 'zone' ? center.zones.find((z) => z.id === target.id) : rows[0]?.zone;
    if (!zone || (target.kind === 'desk' && !rows.length))
      throw new NotFoundError(target.kind === 'desk' ? 'space.deskNotFound' : 'space.zoneNotFound');
    const name =
      target.kind === 'desk' ? rows[0]!.desk.label : `${zone.code} · ${pick(req.locale, zone.name, zone.nameEn)}`;
    const stranded = await futureBookingsOn(
      db,
      rows.map((r) => r.desk.id),
      clock.now(),
    );
    const reason =
      refusal ??
      (stranded.count
        ? req.t('space.retire.refused', { count: stranded.count, until: seoulMinute(stranded.until!) })
        : undefined);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('network/retire', {
      title: req.t(target.kind === 'desk' ? 'space.retire.deskTitle' : 'space.retire.zoneTitle', { name }),
      centerId: center.id,
      action: `/operator/centers/${center.id}/space/${target.kind}s/${target.id}/retire`,
      deskCount: rows.length,
      isZone: target.kind === 'zone',
      errors: reason ? { summary: [{ href: '#confirm', text: reason }], fields: { confirm: reason } } : undefined,
      blocked: stranded.count > 0,
    });
  }

  async function retirePost(req: Request, res: Response, target: RetireTarget) {
    const center = await spaceCenter(req);
    try {
      await retire(db, center.id, target, change(req));
    } catch (err) {
      if (err instanceof ConflictError && err.key === 'space.retire.refused') {
        const until = String(err.params.until);
        const text = req.t('space.retire.refused', {
          count: err.params.count!,
          until: until ? seoulMinute(new Date(until)) : '',
        });
        return retirePage(req, res, target, 409, text);
      }
      throw err;
    }
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: target.kind === 'desk' ? 'space.deskRetired' : 'space.zoneRetired' });
    res.redirect(303, `/operator/centers/${center.id}/space`);
  }

  const target = (req: Request, kind: 'desk' | 'zone'): RetireTarget => ({
    kind,
    id: idOrNotFound(
      kind === 'desk' ? req.params.deskId : req.params.zoneId,
      kind === 'desk' ? 'space.deskNotFound' : 'space.zoneNotFound',
    ),
  });
  router.get('/operator/centers/:centerId/space/desks/:deskId/retire', (req, res) =>
    retirePage(req, res, target(req, 'desk')),
  );
  router.post('/operator/centers/:centerId/space/desks/:deskId/retire', (req, res) =>
    retirePost(req, res, target(req, 'desk')),
  );
  router.get('/operator/centers/:centerId/space/zones/:zoneId/retire', (req, res) =>
    retirePage(req, res, target(req, 'zone')),
  );
  router.post('/operator/centers/:centerId/space/zones/:zoneId/retire', (req, res) =>
    retirePost(req, res, target(req, 'zone')),
  );
  return router;
}
