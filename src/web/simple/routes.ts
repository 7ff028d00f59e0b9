import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { ownNeeds, wishesFor } from '../../accessibility/needs.js';
import { PRESETS, presetRange, SLOT_MINUTES } from '../../bookings/rules.js';
import { type BookingDeps, createBooking } from '../../bookings/service.js';
import { freeDeskFor } from '../../bookings/suggest.js';
import { findCenter, listCenters } from '../../centers/repository.js';
import { openingOf } from '../../centers/service.js';
import { DomainError, type Message, NotFoundError } from '../../errors.js';
import { addDaysToDate, formatMinute, seoulDate, seoulMinuteOfDay } from '../../time/seoul.js';
import { dateText, idText, parseId } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const PARTS = ['morning', 'afternoon', 'day'] as const;
type Part = (typeof PARTS)[number];
const presetEnum = z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]);
const choice = z.object({
  center: idText,
  date: dateText,
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

  /** Every (day, part) this person could book at the center in the next days: open, not past. */
  async function choicesAt(center: NonNullable<Awaited<ReturnType<typeof findCenter>>>) {
    const now = clock.now();
    const today = seoulDate(now);
    // The slot under way may still be booked (someone arriving at 09:10 books from 09:00).
    const currentSlot = Math.floor(seoulMinuteOfDay(now) / SLOT_MINUTES) * SLOT_MINUTES;
    const dates = Array.from({ length: 8 }, (_, i) => addDaysToDate(today, i));
    const openings = await Promise.all(dates.map((d) => openingOf(db, center, d)));
    const out: { value: string; date: string; part: Part; range: { start: number; end: number } }[] = [];
    for (const [i, date] of dates.entries()) {
      const hours = openings[i]!.hours;
      if (!hours) continue;
      for (const part of PARTS) {
        const range = presetRange(part, hours);
        if (!range || (date === today && range.start < currentSlot)) continue;
        out.push({ value: `${date}|${part}`, date, part, range });
      }
    }
    return out.slice(0, 15);
  }

  async function renderWhen(
    req: Request,
    res: Response,
    center: NonNullable<Awaited<ReturnType<typeof findCenter>>>,
    status: number,
    chosen?: string,
    error?: Message,
  ) {
    const choices = await choicesAt(center);
    const selected = choices.some((c) => c.value === chosen) ? chosen : choices[0]?.value;
    res.status(status).render('simple/when', {
      title: req.t('simple.whenTitle'),
      centerId: center.id,
      centerName: pick(req.locale, center.name, center.nameEn),
      choices: choices.map((c) => ({
        value: c.value,
        id: c.value.replace('|', '-'),
        date: c.date,
        label: req.t(`simple.part.${c.part}`),
        time: `${formatMinute(c.range.start)}–${formatMinute(c.range.end)}`,
        checked: c.value === selected,
      })),
      errors: error
        ? formErrors(req.locale, { when: error }, { when: `when-${selected?.replace('|', '-') ?? ''}` })
        : undefined,
    });
  }

  router.get('/simple/when', async (req, res) => {
    const id = parseId(req.query.center);
    const center = id !== undefined ? await findCenter(db, id) : undefined;
    if (!center) throw new NotFoundError('center.notFound');
    await renderWhen(req, res, center, 200);
  });

  /** The choice from the "when" page (`when=date|part`), or the two fields the confirm form posts. */
  const whenOf = (input: Record<string, unknown>) => {
    const [date, part] = typeof input.when === 'string' ? input.when.split('|') : [input.date, input.part];
    return choice.safeParse({ center: input.center, date, part });
  };

  async function renderConfirm(req: Request, res: Response, input: Record<string, unknown>, error?: Message) {
    const parsed = whenOf(input);
    const center = parsed.success ? await findCenter(db, parsed.data.center) : undefined;
    if (!center || !parsed.success) throw new NotFoundError('center.notFound');
    const chosen = `${parsed.data.date}|${parsed.data.part}`;
    const option = (await choicesAt(center)).find((c) => c.value === chosen);
    // A choice that is no longer bookable (past, closed): back to the choices, saying why.
    if (!option) return renderWhen(req, res, center, 422, chosen, { key: 'simple.error.notBookable' });
    const wishes = wishesFor(await ownNeeds({ db, key: deps.needsKey }, req.user!.id));
    const desk = await freeDeskFor(db, req.user!, center.id, option.date, option.range, wishes);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(error ? 422 : 200).render('simple/confirm', {
      title: req.t('simple.confirmTitle'),
      center: center.id,
      date: option.date,
      part: option.part,
      centerName: pick(req.locale, center.name, center.nameEn),
      time: `${formatMinute(option.range.start)}–${formatMinute(option.range.end)}`,
      desk,
      errors: error ? formErrors(req.locale, { book: error }, { book: 'book-button' }) : undefined,
    });
  }

  router.get('/simple/confirm', async (req, res) => {
    await renderConfirm(req, res, req.query as Record<string, unknown>);
  });

  router.post('/simple/book', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = choice.extend({ deskId: idText }).safeParse(body);
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
      // The same choices again, with the reason as an error (and another desk if one is free).
      const first = Object.values(err.fieldErrors)[0] ?? { key: err.key, params: err.params };
      await renderConfirm(req, res, body, first);
    }
  });
  return router;
}
