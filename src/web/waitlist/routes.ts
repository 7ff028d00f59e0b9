import { Router } from 'express';
import { z } from 'zod';
import type { BookingDeps } from '../../bookings/service.js';
import { joinWaitlist, leaveWaitlist } from '../../bookings/waitlist.js';
import { DomainError } from '../../errors.js';
import { parseMinute, seoulInstant } from '../../time/seoul.js';
import { dateText, idOrNotFound, idText, text } from '../../validation/input.js';
import { flash, flashError } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const joinForm = z.object({
  centerId: idText,
  date: dateText,
  start: z.string().refine((s) => parseMinute(s) !== undefined),
  end: z.string().refine((s) => parseMinute(s) !== undefined),
  feature: text(40).optional().default(''),
  autoBook: z.literal('1').optional(),
});

export function waitlistRouter(deps: BookingDeps): Router {
  const router = Router();
  router.use('/waitlist', requireLogin);

  router.post('/waitlist', async (req, res) => {
    const parsed = joinForm.safeParse(req.body);
    if (!parsed.success) throw new DomainError('error.badRequest');
    const f = parsed.data;
    try {
      await joinWaitlist(deps, req.user!, {
        centerId: f.centerId,
        startsAt: seoulInstant(f.date, parseMinute(f.start)!),
        endsAt: seoulInstant(f.date, parseMinute(f.end)!),
        feature: f.feature || null,
        autoBook: f.autoBook === '1',
      });
      flash(req, {
        key: f.autoBook === '1' ? 'waitlist.joinedAuto' : 'waitlist.joinedOffer',
        params: { date: f.date, start: f.start, end: f.end },
      });
      res.redirect(303, '/bookings#waitlist');
    } catch (err) {
      // A center that does not exist is a 404, not a redirect to a page that is not there.
      if (!(err instanceof DomainError) || err.status >= 500 || err.status === 404) throw err;
      flashError(req, { key: err.key, params: err.params });
      const feature = f.feature ? `&feature=${encodeURIComponent(f.feature)}` : '';
      res.redirect(303, `/centers/${f.centerId}?date=${f.date}&free=1${feature}`);
    }
  });

  router.post('/waitlist/:id/leave', async (req, res) => {
    await leaveWaitlist(deps.db, req.user!.id, idOrNotFound(req.params.id, 'waitlist.notFound'));
    flash(req, { key: 'waitlist.left' });
    res.redirect(303, '/bookings#waitlist');
  });
  return router;
}
