import { Router } from 'express';
import { z } from 'zod';
import type { BookingDeps } from '../../bookings/service.js';
import { joinWaitlist, leaveWaitlist } from '../../bookings/waitlist.js';
import { DomainError } from '../../errors.js';
import { isDateString, parseMinute, seoulInstant } from '../../time/seoul.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const joinForm = z.object({
  centerId: z.coerce.number().int().positive(),
  date: z.string().refine(isDateString),
  start: z.string().refine((s) => parseMinute(s) !== undefined),
  end: z.string().refine((s) => parseMinute(s) !== undefined),
  feature: z.string().max(40).optional().default(''),
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
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      flash(req, { key: err.key, params: err.params });
      const feature = f.feature ? `&feature=${encodeURIComponent(f.feature)}` : '';
      res.redirect(303, `/centers/${f.centerId}?date=${f.date}&free=1${feature}`);
    }
  });

  router.post('/waitlist/:id/leave', async (req, res) => {
    await leaveWaitlist(deps.db, req.user!.id, Number(req.params.id) || 0);
    flash(req, { key: 'waitlist.left' });
    res.redirect(303, '/bookings#waitlist');
  });
  return router;
}
