import { type Request, Router } from 'express';
import { z } from 'zod';
import type { BookingDeps } from '../bookings/service.js';
import { joinWaitlist, leaveWaitlist, waitlistOf } from '../bookings/waitlist.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, toSeoulIso } from '../time/seoul.js';
import { bearerAuth } from './auth.js';
import { WaitlistRequest } from './schemas.js';
import { validateBody } from './validate.js';

interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
  events: ChangeBus;
}

function entryId(req: Request): number {
  const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
  if (!id.success) throw new NotFoundError('waitlist.notFound');
  return id.data;
}

/** Waiting in line for a desk when a center (or a feature) is full; the same rules as the web. */
export function waitlistApiRouter({ db, clock, config, events }: Deps): Router {
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
