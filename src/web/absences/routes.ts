import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { bookingsInAbsence, deleteAbsence, recordAbsence, upcomingAbsences } from '../../bookings/absences.js';
import type { BookingDeps } from '../../bookings/service.js';
import type { FieldErrors } from '../../errors.js';
import { formatMinute, isDateString, seoulDate, seoulMinuteOfDay } from '../../time/seoul.js';
import { formText, idOrNotFound } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const absenceForm = z.object({
  startsOn: z.string(),
  endsOn: z.string(),
  kind: z.enum(['leave', 'business_trip', 'other']),
  note: z.string().trim().max(200).optional().default(''),
  confirm: z.literal('1').optional(),
});

/** Leave and business trips: the bookings in them are cancelled after the person confirms. */
export function absencesRouter(deps: BookingDeps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use('/absences', requireLogin);

  async function render(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const today = seoulDate(clock.now());
    const list = await upcomingAbsences(db, req.user!.id, today);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('absences/index', {
      title: req.t('absence.title'),
      absences: list.map((a) => ({ ...a, kindLabel: req.t(`absence.kind.${a.kind}`) })),
      form: { startsOn: today, endsOn: today, kind: 'leave', note: '' },
      ...extra,
    });
  }

  router.get('/absences', (req, res) => render(req, res, 200));

  router.post('/absences', async (req, res) => {
    const parsed = absenceForm.safeParse(req.body);
    const input = {
      startsOn: formText(req.body.startsOn, 10),
      endsOn: formText(req.body.endsOn, 10),
      kind: formText(req.body.kind ?? 'leave', 20),
      note: formText(req.body.note, 200),
    };
    const errors: FieldErrors = {};
    if (!isDateString(input.startsOn)) errors.startsOn = { key: 'settings.error.date' };
    if (!isDateString(input.endsOn)) errors.endsOn = { key: 'settings.error.date' };
    else if (input.endsOn < input.startsOn) errors.endsOn = { key: 'settings.error.endsOn' };
    if (!parsed.success || Object.keys(errors).length) {
      if (!parsed.success && !errors.startsOn && !errors.endsOn) errors.kind = { key: 'settings.error.kind' };
      await render(req, res, 422, { form: input, errors: formErrors(req.locale, errors) });
      return;
    }
    const a = parsed.data;
    const affected = await bookingsInAbsence(db, req.user!.id, a);
    if (affected.length > 0 && !a.confirm) {
      // Show what would be cancelled first: nothing is cancelled without the person's yes.
      await render(req, res, 200, {
        form: input,
        confirming: affected.map(
          (b) =>
            `${seoulDate(b.startsAt)} ${formatMinute(seoulMinuteOfDay(b.startsAt))}–${formatMinute(seoulMinuteOfDay(b.endsAt) || 1440)}`,
        ),
      });
      return;
    }
    const { cancelled } = await recordAbsence(deps, req.user!, {
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      kind: a.kind,
      note: a.note,
    });
    flash(req, { key: 'absence.recorded', params: { cancelled } });
    res.redirect(303, '/absences');
  });

  router.get('/absences/:id/delete', (req, res) => {
    const id = idOrNotFound(req.params.id, 'absence.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.absence.title' },
      lead: { key: 'confirm.absence.lead' },
      action: `/absences/${id}/delete`,
      button: { key: 'confirm.absence.button' },
      back: '/absences',
    });
  });

  router.post('/absences/:id/delete', async (req, res) => {
    await deleteAbsence(db, req.user!.id, idOrNotFound(req.params.id, 'absence.notFound'));
    flash(req, { key: 'absence.deleted' });
    res.redirect(303, '/absences');
  });
  return router;
}
