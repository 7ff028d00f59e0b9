import { type Request, Router } from 'express';
import type { BookingDeps } from '../bookings/service.js';
import { joinWaitlist, leaveWaitlist, waitlistOf } from '../bookings/waitlist.js';
import { toSeoulIso } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { WaitlistRequest } from './schemas.js';
import { validateBody } from './validate.js';

const entryId = (req: Request) => idOrNotFound(req.params.id, 'waitlist.notFound');

/** Waiting in line for a desk when a center (or a feature) is full; the same rules as the web. */
export function waitlistApiRouter({ db, clock, config, events }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);
  const deps: BookingDeps = { db, clock, events, needsKey: config.needsKey };

  router.get('/me/waitlist', auth, async (req, res) => {
    const rows = await waitlistOf(db, req.apiUser!.id, clock.now());
    res.set('Cache-Control', 'private, no-cache').json({
      data: rows.map((w) => ({
        id: w.id,
        centerId: w.centerId,
        start: toSeoulIso(w.startsAt),
        end: toSeoulIso(w.endsAt),
        feature: w.feature,
        autoBook: w.autoBook,
        status: w.status as 'waiting' | 'offered',
        offerExpiresAt: w.offerExpiresAt ? toSeoulIso(w.offerExpiresAt) : null,
      })),
    });
  });

  router.post('/waitlist', auth, async (req, res) => {
    const body = validateBody(WaitlistRequest, req);
    const id = await joinWaitlist(deps, req.apiUser!, {
      centerId: body.centerId,
      startsAt: new Date(body.start),
      endsAt: new Date(body.end),
      feature: body.feature ?? null,
      autoBook: body.autoBook ?? true,
    });
    res.status(201).set('Cache-Control', 'no-store').json({ id });
  });

  router.delete('/waitlist/:id', auth, async (req, res) => {
    await leaveWaitlist(db, req.apiUser!.id, entryId(req));
    res.status(204).end();
  });
  return router;
}
