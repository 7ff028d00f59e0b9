import { type NextFunction, type Request, type Response, Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { authorizeCenter } from '../../auth/policy.js';
import { findCenter } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import {
  checkImage,
  DEFAULT_COLS,
  defaultGrid,
  layout,
  MAX_CELLS,
  MAX_IMAGE_BYTES,
  MIN_CELLS,
} from '../../floorplans/plan.js';
import { planImage, plansOf, removePlanImage, savePlacement, setPlanImage } from '../../floorplans/repository.js';
import type { ChangeBus } from '../../realtime/bus.js';
import type { Clock } from '../../time/seoul.js';
import { idOrNotFound, idText } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import { floorMap } from './map.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
}

export const PLAN_IMAGE_PATH = '/operator/centers/:centerId/space/zones/:zoneId/plan/image';

declare global {
  namespace Express {
    interface Request {
      /** Set by planUpload when multer refused the upload (too large, too many parts). */
      uploadProblem?: 'tooLarge' | 'form';
    }
  }
}

/**
 * Multipart parsing for the plan picture only, mounted before CSRF protection so that the token in
 * the form's body is there to check. Only for signed-in people; limits keep memory bounded.
 */
export function planUpload() {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 50 },
  }).single('image');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.user || !req.is('multipart/form-data')) return next();
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) req.uploadProblem = err.code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'form';
      else if (err) return next(err);
      next();
    });
  };
}

const coordinate = z.coerce.number().int().min(1).max(MAX_CELLS);
const gridSchema = z.object({
  cols: z.coerce.number().int().min(MIN_CELLS).max(MAX_CELLS),
  rows: z.coerce.number().int().min(MIN_CELLS).max(MAX_CELLS),
});

export function floorPlansRouter({ db, clock, events }: Deps): Router {
  const router = Router();
  router.use('/operator/centers/:centerId/space/zones/:zoneId/plan', requireLogin);
  const change = (req: Request) => ({ actorId: req.user!.id, at: clock.now() });

  async function zoneParam(req: Request) {
    const centerId = await authorizeCenter(
      db,
      req.user!,
      'center.space',
      idText.safeParse(req.params.centerId).data ?? undefined,
    );
    const center = await findCenter(db, centerId);
    if (!center) throw new NotFoundError('center.notFound');
    const zoneId = idOrNotFound(req.params.zoneId, 'space.zoneNotFound');
    const zone = center.zones.find((z) => z.id === zoneId && z.active);
    if (!zone) throw new NotFoundError('space.zoneNotFound');
    return { center, zone };
  }

  async function renderPlan(
    req: Request,
    res: Response,
    status: number,
    typed?: Record<string, unknown>,
    errors: FieldErrors = {},
    uploadErrors: FieldErrors = {},
  ) {
    const { center, zone } = await zoneParam(req);
    const plan = (await plansOf(db, [zone.id])).get(zone.id);
    const active = zone.desks.filter((d) => d.active);
    const grid = plan ? { cols: plan.cols, rows: plan.rows } : defaultGrid(active.length);
    const places = layout(active, grid);
    const zoneName = `${zone.code} · ${pick(req.locale, zone.name, zone.nameEn)}`;
    const map = floorMap(
      { id: zone.id, name: zoneName },
      plan ?? {
        zoneId: zone.id,
        kind: 'grid',
        ...grid,
        imageType: null,
        imageWidth: null,
        imageHeight: null,
        imageHash: null,
      },
      active.map((d, i) => ({
        id: d.id,
        label: d.label,
        planX: places[i]!.x,
        planY: places[i]!.y,
        state: 'free',
        stateLabel: req.t('plan.position', { col: places[i]!.x + 1, row: places[i]!.y + 1 }),
        href: `#x-${d.id}`,
      })),
      req.t('plan.editorCaption', { zone: zoneName }),
    );
    const value = (key: string, fallback: number) => (typed && typeof typed[key] === 'string' ? typed[key] : fallback);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('floorplans/plan', {
      title: req.t('plan.title', { zone: zoneName }),
      floorplanScript: true,
      centerId: center.id,
      centerName: pick(req.locale, center.name, center.nameEn),
      zoneId: zone.id,
      map,
      cols: value('cols', grid.cols),
      rows: value('rows', grid.rows),
      hasImage: plan?.kind === 'image',
      imageInfo:
        plan?.kind === 'image'
          ? req.t('plan.imageInfo', {
              type: plan.imageType?.replace('image/', '').replace('+xml', '').toUpperCase() ?? '',
              width: plan.imageWidth ?? 0,
              height: plan.imageHeight ?? 0,
            })
          : undefined,
      maxMb: MAX_IMAGE_BYTES / 1024 / 1024,
      desks: active.map((d, i) => ({
        id: d.id,
        label: d.label,
        x: value(`x-${d.id}`, places[i]!.x + 1),
        y: value(`y-${d.id}`, places[i]!.y + 1),
        placed: places[i]!.placed,
        error: formErrors(req.locale, errors).fields[`x-${d.id}`] ?? formErrors(req.locale, errors).fields[`y-${d.id}`],
        xInvalid: Boolean(errors[`x-${d.id}`]),
        yInvalid: Boolean(errors[`y-${d.id}`]),
      })),
      errors: formErrors(req.locale, { ...errors, ...uploadErrors }),
    });
  }

  const base = '/operator/centers/:centerId/space/zones/:zoneId/plan';

  router.get(base, async (req, res) => {
    await renderPlan(req, res, 200);
  });

  router.post(base, async (req, res) => {
    const { center, zone } = await zoneParam(req);
    const body = req.body as Record<string, unknown>;
    const errors: FieldErrors = {};
    const grid = gridSchema.safeParse(body);
    if (!grid.success)
      for (const issue of grid.error.issues)
        errors[String(issue.path[0])] = { key: 'plan.error.gridSize', params: { min: MIN_CELLS, max: MAX_CELLS } };
    const positions: { deskId: number; x: number; y: number }[] = [];
    for (const d of zone.desks.filter((d) => d.active)) {
      if (body[`x-${d.id}`] === undefined && body[`y-${d.id}`] === undefined) continue;
      const x = coordinate.safeParse(body[`x-${d.id}`]);
      const y = coordinate.safeParse(body[`y-${d.id}`]);
      if (!x.success) errors[`x-${d.id}`] = { key: 'plan.error.number', params: { label: d.label } };
      if (!y.success) errors[`y-${d.id}`] = { key: 'plan.error.number', params: { label: d.label } };
      if (x.success && y.success) positions.push({ deskId: d.id, x: x.data - 1, y: y.data - 1 });
    }
    if (Object.keys(errors).length || !grid.success) return renderPlan(req, res, 422, body, errors);
    try {
      await savePlacement(db, center.id, zone.id, { ...grid.data, positions }, change(req));
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fieldErrors).length)
        return renderPlan(req, res, 422, body, err.fieldErrors);
      throw err;
    }
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'plan.saved', params: { zone: zone.code } });
    res.redirect(303, `/operator/centers/${center.id}/space/zones/${zone.id}/plan`);
  });

  router.post(PLAN_IMAGE_PATH, async (req, res) => {
    const { center, zone } = await zoneParam(req);
    const fail = (key: string) =>
      renderPlan(req, res, 422, undefined, {}, { image: { key, params: { mb: MAX_IMAGE_BYTES / 1024 / 1024 } } });
    if (req.uploadProblem) return fail(req.uploadProblem === 'tooLarge' ? 'plan.error.tooLarge' : 'plan.error.form');
    const file = req.file;
    if (!file) return fail('plan.error.empty');
    const checked = checkImage(new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength));
    if ('problem' in checked) return fail(`plan.error.${checked.problem}`);
    const plans = await plansOf(db, [zone.id]);
    await setPlanImage(
      db,
      center.id,
      zone.id,
      new Uint8Array(file.buffer),
      checked,
      plans.get(zone.id)?.cols ?? DEFAULT_COLS,
      change(req),
    );
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'plan.imageSaved' });
    res.redirect(303, `/operator/centers/${center.id}/space/zones/${zone.id}/plan`);
  });

  router.post(`${base}/image/remove`, async (req, res) => {
    const { center, zone } = await zoneParam(req);
    await removePlanImage(db, center.id, zone.id, change(req));
    await events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'plan.imageRemoved' });
    res.redirect(303, `/operator/centers/${center.id}/space/zones/${zone.id}/plan`);
  });

  /**
   * The picture under a plan, at a URL that names its hash: cached for a year and never stale. An
   * SVG opened on its own gets a Content-Security-Policy that forbids everything and sandboxes it.
   */
  router.get('/floor-plans/:zoneId/:hash', async (req, res) => {
    const zoneId = idOrNotFound(req.params.zoneId, 'space.zoneNotFound');
    const image = await planImage(db, zoneId);
    if (!image) throw new NotFoundError('space.zoneNotFound');
    if (image.hash !== req.params.hash) return res.redirect(301, `/floor-plans/${zoneId}/${image.hash}`);
    const etag = `"${image.hash}"`;
    res.set({
      'Content-Type': image.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if (req.get('if-none-match') === etag) return res.status(304).end();
    res.send(Buffer.from(image.bytes));
  });

  return router;
}
