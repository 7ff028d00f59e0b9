import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authorizeCenter } from '../../auth/policy.js';
import type { CenterPolicy } from '../../bookings/policy.js';
import { addClosures, holidayClosures } from '../../centers/closures.js';
import { KOREAN_PUBLIC_HOLIDAYS } from '../../centers/holidays.js';
import { closuresBetween, deleteClosure, policyFor, savePolicy } from '../../centers/policy-repository.js';
import { findCenter, setResourceMode } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import type { FieldErrors } from '../../errors.js';
import { NotFoundError } from '../../errors.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { type Clock, isDateString, MAX_DATE, MIN_DATE, seoulDate } from '../../time/seoul.js';
import { idOrNotFound, parseId } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** The policy form: durations a person thinks of in hours are entered in hours. */
const policyForm = z
  .object({
    horizonDays: int(0, 90),
    minMinutes: int(30, 1440).refine((v) => v % 30 === 0),
    maxHours: int(1, 24),
    maxWeekHours: int(1, 168),
    checkInBeforeMinutes: int(0, 120),
    checkInAfterMinutes: int(5, 240),
    noShowLimit: int(1, 20),
    walkInsAllowed: z.literal('1').optional(),
    priorityReleaseHours: int(0, 168).optional().default(24),
    deskMode: z.enum(['free', 'half_day', 'whole_day', 'hourly']),
    roomMode: z.enum(['free', 'half_day', 'whole_day', 'hourly']),
  })
  .refine((v) => v.minMinutes <= v.maxHours * 60, { path: ['minMinutes'] });

/** A year of public holidays: four digits within the supported dates. */
const yearField = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .refine((y) => y >= Number(MIN_DATE.slice(0, 4)) && y <= Number(MAX_DATE.slice(0, 4)));

const closureForm = z
  .object({
    startsOn: z.string().refine(isDateString),
    endsOn: z.string().refine(isDateString),
    kind: z.enum(['maintenance', 'other']),
    reason: z.string().trim().min(1).max(200),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'] });

const FIELD_MESSAGES: Record<string, string> = {
  horizonDays: 'settings.error.horizonDays',
  minMinutes: 'settings.error.minMinutes',
  maxHours: 'settings.error.maxHours',
  maxWeekHours: 'settings.error.maxWeekHours',
  checkInBeforeMinutes: 'settings.error.checkInBefore',
  checkInAfterMinutes: 'settings.error.checkInAfter',
  noShowLimit: 'settings.error.noShowLimit',
  priorityReleaseHours: 'settings.error.priorityReleaseHours',
  startsOn: 'settings.error.date',
  endsOn: 'settings.error.endsOn',
  reason: 'settings.error.reason',
  kind: 'settings.error.kind',
};

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) {
    const field = String(i.path[0]);
    errors[field] ??= { key: FIELD_MESSAGES[field] ?? 'error.validation' };
  }
  return errors;
}

/** An operator's settings for one center: its booking policy and its closures (holidays included). */
export function settingsRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();

  async function centerParam(req: Request) {
    const id = await authorizeCenter(db, req.user!, 'center.operate', parseId(req.params.centerId));
    const center = await findCenter(db, id);
    if (!center) throw new NotFoundError('center.notFound');
    return center;
  }

  async function render(
    req: Request,
    res: Response,
    centerId: number,
    status: number,
    extra: Record<string, unknown> = {},
  ) {
    const center = await findCenter(db, centerId);
    const policy = await policyFor(db, centerId);
    const today = seoulDate(clock.now());
    // The center's own and the network-wide closures; public holidays apply by themselves (they are data).
    const closures = (await closuresBetween(db, centerId, today, `${Number(today.slice(0, 4)) + 1}-12-31`)).filter(
      (c) => c.scope !== 'holiday',
    );
    res.locals.csrfToken ??= req.csrfToken?.();
    const year = Number(today.slice(0, 4));
    res.status(status).render('operator/settings', {
      title: req.t('settings.title', { center: pick(req.locale, center!.name, center!.nameEn) }),
      centerId,
      policy: {
        ...policy,
        maxHours: policy.maxMinutes / 60,
        maxWeekHours: policy.maxWeekMinutes / 60,
        ...(extra.policyInput as object | undefined),
      },
      // Holidays and closures written in both languages read in the page's language.
      closures: closures.map((c) => ({ ...c, reason: pick(req.locale, c.reason, c.reasonEn) })),
      closure: extra.closureInput ?? { startsOn: today, endsOn: today, kind: 'maintenance', reason: '' },
      modes: (['half_day', 'whole_day', 'hourly', 'free'] as const).map((m) => ({
        value: m,
        label: req.t(`settings.mode.${m}`),
      })),
      resources: center!.zones.flatMap((z) =>
        z.desks
          .filter((d) => d.active)
          .map((d) => ({
            id: d.id,
            label: d.label,
            zone: pick(req.locale, z.name, z.nameEn),
            mode: d.bookingMode ?? '',
          })),
      ),
      holidayYears: [year, year + 1].filter((y) => KOREAN_PUBLIC_HOLIDAYS[y]),
      ...extra,
    });
  }

  router.get('/operator/centers/:centerId/settings', async (req, res) => {
    const center = await centerParam(req);
    await render(req, res, center.id, 200);
  });

  router.post('/operator/centers/:centerId/policy', async (req, res) => {
    const center = await centerParam(req);
    const parsed = policyForm.safeParse(req.body);
    if (!parsed.success) {
      await render(req, res, center.id, 422, {
        policyInput: { ...req.body, walkInsAllowed: req.body.walkInsAllowed === '1' },
        policyErrors: formErrors(req.locale, issuesToErrors(parsed.error.issues)),
      });
      return;
    }
    const v = parsed.data;
    const policy: CenterPolicy = {
      horizonDays: v.horizonDays,
      minMinutes: v.minMinutes,
      maxMinutes: v.maxHours * 60,
      maxWeekMinutes: v.maxWeekHours * 60,
      checkInBeforeMinutes: v.checkInBeforeMinutes,
      checkInAfterMinutes: v.checkInAfterMinutes,
      noShowLimit: v.noShowLimit,
      walkInsAllowed: v.walkInsAllowed === '1',
      deskMode: v.deskMode,
      priorityReleaseHours: v.priorityReleaseHours,
      roomMode: v.roomMode,
    };
    await savePolicy(db, center.id, policy, req.user!.id, clock.now());
    flash(req, { key: 'settings.policySaved' });
    res.redirect(303, `/operator/centers/${center.id}/settings`);
  });

  // A resource may differ from its center: a phone booth in half-hours, one quiet desk for whole days.
  router.post('/operator/centers/:centerId/resource-modes', async (req, res) => {
    const center = await centerParam(req);
    const modes = new Set(['free', 'half_day', 'whole_day', 'hourly']);
    for (const d of center.zones.flatMap((z) => z.desks)) {
      const value = req.body[`mode-${d.id}`];
      if (value === undefined) continue;
      const mode = modes.has(value) ? value : null;
      if (mode !== d.bookingMode) await setResourceMode(db, d.id, mode);
    }
    flash(req, { key: 'settings.modesSaved' });
    res.redirect(303, `/operator/centers/${center.id}/settings#resource-modes`);
  });

  router.post('/operator/centers/:centerId/closures', async (req, res) => {
    const center = await centerParam(req);
    const parsed = closureForm.safeParse(req.body);
    if (!parsed.success) {
      await render(req, res, center.id, 422, {
        closureInput: req.body,
        closureErrors: formErrors(req.locale, issuesToErrors(parsed.error.issues)),
      });
      return;
    }
    const { cancelled } = await addClosures(deps, req.user!, center.id, [parsed.data]);
    flash(req, { key: 'settings.closureAdded', params: { cancelled } });
    res.redirect(303, `/operator/centers/${center.id}/settings`);
  });

  router.post('/operator/centers/:centerId/holidays', async (req, res) => {
    const center = await centerParam(req);
    const year = yearField.safeParse(req.body.year).data;
    if (year === undefined) {
      flashError(req, { key: 'settings.error.year', params: { min: MIN_DATE.slice(0, 4), max: MAX_DATE.slice(0, 4) } });
      res.redirect(303, `/operator/centers/${center.id}/settings`);
      return;
    }
    const today = seoulDate(clock.now());
    const existing = new Set(
      (await closuresBetween(db, center.id, `${year}-01-01`, `${year}-12-31`))
        .filter((c) => c.scope === 'center')
        .map((c) => c.startsOn),
    );
    const days = holidayClosures(year, today).filter((h) => !existing.has(h.startsOn));
    const { cancelled } = days.length ? await addClosures(deps, req.user!, center.id, days) : { cancelled: 0 };
    flash(req, { key: 'settings.holidaysAdded', params: { year, days: days.length, cancelled } });
    res.redirect(303, `/operator/centers/${center.id}/settings`);
  });

  router.get('/operator/centers/:centerId/closures/:closureId/delete', async (req, res) => {
    const center = await centerParam(req);
    const closureId = idOrNotFound(req.params.closureId, 'settings.closureNotFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.closure.title' },
      lead: { key: 'confirm.closure.lead' },
      action: `/operator/centers/${center.id}/closures/${closureId}/delete`,
      button: { key: 'confirm.closure.button' },
      back: `/operator/centers/${center.id}/settings`,
    });
  });

  router.post('/operator/centers/:centerId/closures/:closureId/delete', async (req, res) => {
    const center = await centerParam(req);
    if (
      !(await deleteClosure(db, center.id, idOrNotFound(req.params.closureId, 'settings.closureNotFound'), {
        actorId: req.user!.id,
        at: clock.now(),
      }))
    )
      throw new NotFoundError('settings.closureNotFound');
    await deps.events.publish({ type: 'center', centerId: center.id });
    flash(req, { key: 'settings.closureRemoved' });
    res.redirect(303, `/operator/centers/${center.id}/settings`);
  });
  return router;
}
