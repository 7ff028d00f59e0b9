import { Router } from 'express';
import { z } from 'zod';
import { ownNeeds, wishesFor } from '../../accessibility/needs.js';
import { PRESETS, presetRange } from '../../bookings/rules.js';
import { type BookingDeps, createBooking } from '../../bookings/service.js';
import { freeDeskFor } from '../../bookings/suggest.js';
import { findCenter, listCenters } from '../../centers/repository.js';
import { openingOf } from '../../centers/service.js';
import { DomainError, NotFoundError } from '../../errors.js';
import { addDaysToDate, formatMinute, seoulDate } from '../../time/seoul.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const presetEnum = z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]);
const choice = z.object({
  center: z.coerce.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  part: presetEnum,
});

/**
 * The simple mode's booking: three pages, one question each — where, when, confirm — with big
 * buttons and plain words. The desk is chosen for the person (one that fits their needs first).
 */
export function simpleRouter(deps: BookingDeps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use('/simple', requireLogin);

  router.get('/simple', async (req, res) => {
    const centers = await listCenters(db);
    res.render('simple/where', {
      title: req.t('simple.whereTitle'),
      centers: centers.map((c) => ({
        id: c.id,
        name: pick(req.locale, c.name, c.nameEn),
        district: pick(req.locale, c.district, c.districtEn),
      })),
    });
  });

  router.get('/simple/when', async (req, res) => {
    const id = Number(req.query.center);
    const center = Number.isInteger(id) ? await findCenter(db, id) : undefined;
    if (!center) throw new NotFoundError('center.notFound');
    const today = seoulDate(clock.now());
    // Only days the center is open: weekly hours, closures and public holidays.
    const candidates = Array.from({ length: 8 }, (_, i) => addDaysToDate(today, i));
    const openings = await Promise.all(candidates.map((d) => openingOf(db, center, d)));
    const days = candidates.filter((_, i) => openings[i]!.hours);
    res.render('simple/when', {
      title: req.t('simple.whenTitle'),
      centerId: center.id,
      centerName: pick(req.locale, center.name, center.nameEn),
      days: days.slice(0, 6).map((d, i) => ({ value: d, checked: i === 0 })),
      parts: (['morning', 'afternoon', 'day'] as const).map((p, i) => ({
        value: p,
        label: req.t(`simple.part.${p}`),
        checked: i === 0,
      })),
    });
  });

  router.get('/simple/confirm', async (req, res) => {
    const parsed = choice.safeParse(req.query);
    if (!parsed.success) throw new NotFoundError('center.notFound');
    const center = await findCenter(db, parsed.data.center);
    const hours = center ? (await openingOf(db, center, parsed.data.date)).hours : undefined;
    const range = hours ? presetRange(parsed.data.part, hours) : undefined;
    if (!center || !range) throw new NotFoundError('center.notFound');
    const wishes = deps.needsKey ? wishesFor(await ownNeeds({ db, key: deps.needsKey }, req.user!.id)) : [];
    const desk = await freeDeskFor(db, req.user!, center.id, parsed.data.date, range, wishes);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('simple/confirm', {
      title: req.t('simple.confirmTitle'),
      ...parsed.data,
      centerName: pick(req.locale, center.name, center.nameEn),
      time: `${formatMinute(range.start)}–${formatMinute(range.end)}`,
      desk,
    });
  });

  router.post('/simple/book', async (req, res) => {
    const parsed = choice.extend({ deskId: z.coerce.number().int().positive() }).safeParse(req.body);
    if (!parsed.success) throw new DomainError('error.badRequest');
    const center = await findCenter(db, parsed.data.center);
    const hours = center ? (await openingOf(db, center, parsed.data.date)).hours : undefined;
    const range = hours ? presetRange(parsed.data.part, hours) : undefined;
    if (!range) throw new NotFoundError('center.notFound');
    try {
      await createBooking(deps, req.user!, {
        deskId: parsed.data.deskId,
        date: parsed.data.date,
        start: range.start,
        end: range.end,
      });
      flash(req, { key: 'simple.done' });
      res.redirect(303, '/bookings');
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      flash(req, { key: err.key, params: err.params });
      res.redirect(303, `/simple/when?center=${parsed.data.center}`);
    }
  });
  return router;
}
