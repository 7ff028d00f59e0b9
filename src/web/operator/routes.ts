import { type Request, type Response, Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { authorizeCenter } from '../../auth/policy.js';
import { liftHold } from '../../bookings/no-show-job.js';
import { checkIn } from '../../bookings/service.js';
import { holdsForOperator, mayLiftHold } from '../../centers/holds.js';
import { operatedCenterIds } from '../../centers/operators.js';
import { returnToService, takeOutOfService } from '../../centers/out-of-service.js';
import { findCenter, listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { DomainError, ForbiddenError, NotFoundError } from '../../errors.js';
import { plansOf } from '../../floorplans/repository.js';
import { loadLiveCenter, operatorBoard } from '../../occupancy/live.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { type Clock, seoulDate } from '../../time/seoul.js';
import { idText, parseId } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { boardZoneMap } from '../floorplans/center-maps.js';
import { MAP_STATES } from '../floorplans/map.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import { settingsRouter } from './settings.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  needsKey: Buffer;
  config: { publicUrl: string };
}

const id = idText;
const reasonSchema = z.object({ reason: z.string().trim().min(1).max(200) });
const STATES = ['free', 'booked', 'checked_in', 'no_show_pending', 'out_of_service'] as const;

export function operatorRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use('/operator', requireLogin, (req, _res, next) => {
    next(
      req.user!.role === 'operator' || req.user!.role === 'admin' ? undefined : new ForbiddenError('error.forbidden'),
    );
  });

  router.use(settingsRouter(deps));

  /** The center in the URL: 404 if there is none, 403 ("not yours") if this person does not run it. */
  async function centerParam(req: Request): Promise<number> {
    const parsed = id.safeParse(req.params.centerId);
    return authorizeCenter(db, req.user!, 'center.operate', parsed.success ? parsed.data : undefined);
  }

  async function renderBoard(
    req: Request,
    res: Response,
    centerId: number,
    status = 200,
    extra: Record<string, unknown> = {},
  ) {
    const live = await loadLiveCenter(db, centerId, clock.now());
    if (!live) throw new NotFoundError('center.notFound');
    const board = operatorBoard(live);
    const zoneName = new Map(live.center.zones.map((z) => [z.id, pick(req.locale, z.name, z.nameEn)]));
    const name = (n: { userName: string; userNameEn: string }) => pick(req.locale, n.userName, n.userNameEn);
    const plans = await plansOf(
      db,
      live.center.zones.map((z) => z.id),
    );
    const deskRows = new Map(live.center.zones.flatMap((z) => z.desks.map((d) => [d.id, d] as const)));
    const maps = live.center.zones
      .filter((z) => z.active)
      .map((z) =>
        boardZoneMap(
          req.locale,
          { id: z.id, name: `${z.code} · ${pick(req.locale, z.name, z.nameEn)}` },
          plans.get(z.id),
          board.desks
            .filter((d) => d.zoneId === z.id)
            .map((d) => ({
              id: d.id,
              label: d.label,
              state: d.state,
              planX: deskRows.get(d.id)?.planX ?? null,
              planY: deskRows.get(d.id)?.planY ?? null,
            })),
        ),
      )
      .filter((m) => m !== undefined);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('operator/board', {
      maps,
      mapLooks: JSON.stringify(
        Object.fromEntries(Object.entries(MAP_STATES).map(([k, v]) => [k, { ...v, label: req.t(`plan.state.${k}`) }])),
      ),
      title: req.t('operator.boardTitle', { center: pick(req.locale, live.center.name, live.center.nameEn) }),
      live: true,
      centerId,
      centerName: pick(req.locale, live.center.name, live.center.nameEn),
      counts: board.counts,
      version: board.version,
      alerts: board.alerts.map((a) => req.t(`operator.alert.${a.kind}`, a)),
      alertTemplates: JSON.stringify({
        nearly_full: req.t('operator.alert.nearly_full'),
        no_show_pending: req.t('operator.alert.no_show_pending'),
        out_of_service: req.t('operator.alert.out_of_service'),
        none: req.t('operator.noAlerts'),
      }),
      stateLabels: JSON.stringify(Object.fromEntries(STATES.map((s) => [s, req.t(`operator.state.${s}`)]))),
      desks: board.desks.map((d) => ({
        ...d,
        zone: zoneName.get(d.zoneId),
        kindLabel: d.kind === 'desk' ? undefined : req.t(`kind.${d.kind}`),
        stateLabel: req.t(`operator.state.${d.state}`),
        who: d.current ? `${name(d.current)} ${d.current.start}–${d.current.end}` : '',
        accessibleNeeded: Boolean(d.current?.needsAccessible || d.next.some((n) => n.needsAccessible)),
        next: d.next.map((n) => `${n.start}–${n.end} ${name(n)}`).join(', '),
        checkInFor:
          d.current?.status === 'booked' ? { bookingId: d.current.bookingId, name: name(d.current) } : undefined,
        outOfService: d.state === 'out_of_service',
      })),
      ...extra,
    });
  }

  router.get('/operator', async (req, res) => {
    const ids = await operatedCenterIds(db, req.user!);
    const centers = (await listCenters(db)).filter((c) => !ids || ids.includes(c.id));
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('operator/index', {
      title: req.t('operator.title'),
      centers: centers.map((c) => ({ id: c.id, name: pick(req.locale, c.name, c.nameEn) })),
      // Only the people held after no-shows at this operator's centers, each with the centers that caused it.
      holds: (await holdsForOperator(db, req.user!, clock.now())).map((h) => ({
        userId: h.userId,
        name: `${pick(req.locale, h.displayName, h.displayNameEn)} (${h.username})`,
        until: seoulDate(h.endsAt),
        causedAt: h.causedAt.map((c) => pick(req.locale, c.name, c.nameEn)).join(', ') || '–',
        mayLift: h.mayLift,
      })),
    });
  });

  // A hold after repeated no-shows is the operator's to lift (an illness, a train strike).
  router.get('/operator/holds/:userId/lift', async (req, res) => {
    const userId = parseId(req.params.userId);
    if (userId === undefined || !(await mayLiftHold(db, req.user!, userId, clock.now())))
      throw new NotFoundError('operator.holdNotFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.lift.title' },
      lead: { key: 'confirm.lift.lead' },
      action: `/operator/holds/${userId}/lift`,
      button: { key: 'confirm.lift.button' },
      back: '/operator',
    });
  });

  router.post('/operator/holds/:userId/lift', async (req, res) => {
    const userId = { success: parseId(req.params.userId) !== undefined, data: parseId(req.params.userId) ?? 0 };
    const now = clock.now();
    // Another center's hold is "not found" for this operator, as it is not on their page.
    if (!userId.success || !(await mayLiftHold(db, req.user!, userId.data, now)))
      throw new NotFoundError('operator.holdNotFound');
    if (!(await liftHold(db, userId.data, req.user!.id, now))) throw new NotFoundError('operator.holdNotFound');
    flash(req, { key: 'operator.holdLifted' });
    res.redirect(303, '/operator');
  });

  // A printable sheet of QR codes, one per desk and room of a zone, each opening that desk's check-in.
  router.get('/operator/centers/:centerId/qr', async (req, res) => {
    const centerId = await centerParam(req);
    const center = await findCenter(db, centerId);
    if (!center) throw new NotFoundError('center.notFound');
    const zoneId = parseId(req.query.zone) ?? center.zones[0]?.id;
    const zone = center.zones.find((z) => z.id === zoneId) ?? center.zones[0];
    const origin = deps.config.publicUrl;
    const codes = await Promise.all(
      (zone?.desks ?? [])
        .filter((d) => d.active)
        .map(async (d) => {
          const url = `${origin}/checkin/${d.id}`;
          return {
            label: d.label,
            url,
            svg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
          };
        }),
    );
    res.render('operator/qr', {
      title: req.t('qr.title', { center: pick(req.locale, center.name, center.nameEn) }),
      centerId,
      centerName: pick(req.locale, center.name, center.nameEn),
      zoneName: zone ? pick(req.locale, zone.name, zone.nameEn) : '',
      zones: center.zones.map((z) => ({
        id: z.id,
        name: pick(req.locale, z.name, z.nameEn),
        selected: z.id === zone?.id,
      })),
      codes,
    });
  });

  router.get('/operator/centers/:centerId', async (req, res) => {
    await renderBoard(req, res, await centerParam(req));
  });

  router.post('/operator/centers/:centerId/desks/:deskId/out-of-service', async (req, res) => {
    const centerId = await centerParam(req);
    const deskId = id.safeParse(req.params.deskId);
    if (!deskId.success) throw new NotFoundError('booking.error.deskNotFound');
    const parsed = reasonSchema.safeParse(req.body);
    if (!parsed.success) {
      await renderBoard(req, res, centerId, 422, {
        errors: formErrors(req.locale, { [`reason-${deskId.data}`]: { key: 'operator.reasonRequired' } }),
        failedDesk: deskId.data,
      });
      return;
    }
    const result = await takeOutOfService(deps, req.user!, centerId, deskId.data, parsed.data.reason);
    flash(req, {
      key: 'operator.outOfServiceDone',
      params: { desk: result.label, moved: result.moved, cancelled: result.cancelled },
    });
    res.redirect(303, `/operator/centers/${centerId}`);
  });

  router.post('/operator/centers/:centerId/desks/:deskId/in-service', async (req, res) => {
    const centerId = await centerParam(req);
    const deskId = id.safeParse(req.params.deskId);
    if (!deskId.success) throw new NotFoundError('booking.error.deskNotFound');
    await returnToService(deps, req.user!, centerId, deskId.data);
    flash(req, { key: 'operator.inServiceDone', params: { desk: String(req.body.label ?? '') } });
    res.redirect(303, `/operator/centers/${centerId}`);
  });

  router.post('/operator/centers/:centerId/bookings/:bookingId/check-in', async (req, res) => {
    const centerId = await centerParam(req);
    const bookingId = id.safeParse(req.params.bookingId);
    if (!bookingId.success) throw new NotFoundError('booking.error.notFound');
    try {
      await checkIn(deps, req.user!, bookingId.data);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status === 404) throw err;
      flashError(req, { key: err.key, params: err.params });
      res.redirect(303, `/operator/centers/${centerId}`);
      return;
    }
    flash(req, { key: 'operator.checkedIn' });
    res.redirect(303, `/operator/centers/${centerId}`);
  });
  return router;
}
