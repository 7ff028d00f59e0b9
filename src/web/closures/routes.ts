import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authorize } from '../../auth/policy.js';
import { addNetworkClosure, removeNetworkClosure } from '../../centers/closures.js';
import { publicHolidaysBetween } from '../../centers/holidays.js';
import { networkClosuresBetween } from '../../centers/policy-repository.js';
import type { Database } from '../../db/client.js';
import type { FieldErrors } from '../../errors.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { addDaysToDate, type Clock, isDateString, seoulDate } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
}

/** The one screen's schema: a network-wide closure (임시공휴일, an election day) with its reason in both languages. */
const networkClosureForm = z
  .object({
    startsOn: z.string().refine(isDateString),
    endsOn: z.string().refine(isDateString),
    reason: z.string().trim().min(1).max(200),
    reasonEn: z.string().trim().max(200).optional().default(''),
  })
  .refine((v) => v.endsOn >= v.startsOn && v.endsOn <= addDaysToDate(v.startsOn, 31), { path: ['endsOn'] });

const FIELD_MESSAGES: Record<string, string> = {
  startsOn: 'settings.error.date',
  endsOn: 'settings.error.endsOn',
  reason: 'settings.error.reason',
  reasonEn: 'networkClosures.error.reasonEn',
};

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) {
    const field = String(i.path[0]);
    errors[field] ??= { key: FIELD_MESSAGES[field] ?? 'error.validation' };
  }
  return errors;
}

/** Administrators add and remove the days every center closes; public holidays are listed, as data. */
export function networkClosuresRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use('/admin/closures', requireLogin, async (req, _res, next) => {
    try {
      await authorize(db, req.user!, 'closures.manage');
      next();
    } catch (err) {
      next(err);
    }
  });

  async function render(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const today = seoulDate(clock.now());
    const until = `${Number(today.slice(0, 4)) + 1}-12-31`;
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('closures/index', {
      title: req.t('networkClosures.title'),
      closures: (await networkClosuresBetween(db, today, until)).map((c) => ({
        ...c,
        reasonShown: pick(req.locale, c.reason, c.reasonEn),
      })),
      holidays: publicHolidaysBetween(today, until).map((h) => ({
        date: h.date,
        name: pick(req.locale, h.name, h.nameEn),
      })),
      closure: { startsOn: today, endsOn: today, reason: '', reasonEn: '' },
      ...extra,
    });
  }

  router.get('/admin/closures', async (req, res) => {
    await render(req, res, 200);
  });

  router.post('/admin/closures', async (req, res) => {
    const parsed = networkClosureForm.safeParse(req.body);
    if (!parsed.success) {
      const body = req.body as Record<string, unknown>;
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 200) : '');
      await render(req, res, 422, {
        closure: {
          startsOn: text('startsOn'),
          endsOn: text('endsOn'),
          reason: text('reason'),
          reasonEn: text('reasonEn'),
        },
        errors: formErrors(req.locale, issuesToErrors(parsed.error.issues)),
      });
      return;
    }
    const { cancelled } = await addNetworkClosure(deps, req.user!, { ...parsed.data, kind: 'holiday' });
    flash(req, { key: 'networkClosures.added', params: { cancelled } });
    res.redirect(303, '/admin/closures');
  });

  router.get('/admin/closures/:id/delete', (req, res) => {
    const id = idOrNotFound(req.params.id, 'error.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.closure.title' },
      lead: { key: 'confirm.closure.leadNetwork' },
      action: `/admin/closures/${id}/delete`,
      button: { key: 'confirm.closure.button' },
      back: '/admin/closures',
    });
  });

  router.post('/admin/closures/:id/delete', async (req, res) => {
    await removeNetworkClosure(deps, req.user!, z.coerce.number().int().positive().catch(0).parse(req.params.id));
    flash(req, { key: 'networkClosures.removed' });
    res.redirect(303, '/admin/closures');
  });
  return router;
}
