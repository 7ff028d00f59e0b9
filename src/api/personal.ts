import { Router } from 'express';
import type { z } from 'zod';
import { createApiToken } from '../auth/api-tokens.js';
import { authenticateWithPassword } from '../auth/authenticate.js';
import { failedSignInLimiter } from '../auth/rate-limit.js';
import { type BookingListItem, bookingsOfUser, findBookingListItem } from '../bookings/repository.js';
import { bookingRightsOf } from '../bookings/rights.js';
import { cancelBooking, createBooking } from '../bookings/service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DomainError, NotFoundError, ValidationError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, localRange, toSeoulIso } from '../time/seoul.js';
import { bearerAuth } from './auth.js';
import { idempotent, type StoredResponse } from './idempotency.js';
import { apiLocale, problemFromDomainError, problemOf, sendProblem } from './problem.js';
import { type Booking, BookingRequest, MyBookingsQuery, TokenRequest } from './schemas.js';
import { parseQuery, validateBody } from './validate.js';

interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
  events: ChangeBus;
}

export function bookingJson(b: BookingListItem): z.infer<typeof Booking> {
  return {
    id: b.id,
    deskId: b.deskId,
    deskLabel: b.deskLabel,
    centerId: b.centerId,
    centerName: b.centerName,
    start: toSeoulIso(b.startsAt),
    end: toSeoulIso(b.endsAt),
    status: b.status,
  };
}

/** A booking's start and end as the Seoul date and minutes the booking rules work in. */
function toLocalRange(start: string, end: string) {
  const range = localRange(new Date(start), new Date(end));
  if (range.end > 1440) throw new ValidationError({ end: { key: 'api.sameDay' } });
  return range;
}

export function personalApiRouter({ db, clock, config, events }: Deps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);

  const tokenLimiter = failedSignInLimiter(config.loginRateLimit, (_req, res) =>
    sendProblem(res, problemOf(apiLocale(_req), 'rate-limited', 'api.tooManySignIns')),
  );

  router.post('/auth/tokens', tokenLimiter, async (req, res) => {
    const body = validateBody(TokenRequest, req);
    const user = await authenticateWithPassword(db, body.username, body.password);
    if (!user) {
      sendProblem(res, problemOf(apiLocale(req), 'unauthorized', 'api.wrongPassword'));
      return;
    }
    const token = await createApiToken(db, user.id, body.name, clock.now());
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ token: token.token, id: token.id, name: token.name, expiresAt: toSeoulIso(token.expiresAt) });
  });

  router.get('/me', auth, async (req, res) => {
    const u = req.apiUser!;
    const rights = await bookingRightsOf(db, clock, u);
    res.set('Cache-Control', 'private, no-cache').json({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      displayNameEn: u.displayNameEn,
      role: u.role,
      organisation: { name: u.organisationName, nameEn: u.organisationNameEn, kind: u.organisationKind },
      bookingRights: rights,
    });
  });

  router.get('/me/bookings', auth, async (req, res) => {
    const query = parseQuery(MyBookingsQuery, req);
    const from = query.from ? new Date(query.from) : clock.now();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 14 * 86_400_000);
    if (to <= from) throw new ValidationError({ to: { key: 'booking.error.endBeforeStart' } });
    const rows = await bookingsOfUser(db, req.apiUser!.id, { from, to });
    res.set('Cache-Control', 'private, no-cache').json({ data: rows.reverse().map(bookingJson) });
  });

  router.post('/bookings', auth, async (req, res) => {
    const user = req.apiUser!;
    const locale = apiLocale(req);
    const result = await idempotent(
      db,
      user.id,
      req.get('idempotency-key'),
      req.body,
      clock.now(),
      async (): Promise<StoredResponse> => {
        try {
          const body = validateBody(BookingRequest, req);
          const range = toLocalRange(body.start, body.end);
          const booking = await createBooking(
            { db, clock, events, needsKey: config.needsKey },
            user,
            { deskId: body.deskId, ...range },
            'api',
          );
          const item = await findBookingListItem(db, booking.id);
          if (!item) throw new Error('booking vanished after insert');
          return { status: 201, body: bookingJson(item), headers: { Location: `/api/v1/bookings/${booking.id}` } };
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // Problems are kept like successes, so a retry with the same key gets the same answer.
          const problem = problemFromDomainError(locale, err);
          return { status: problem.status, body: problem, headers: {} };
        }
      },
    );
    res.set(result.headers).set('Cache-Control', 'no-store');
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    if (result.status >= 400)
      res.status(result.status).type('application/problem+json').send(JSON.stringify(result.body));
    else res.status(result.status).json(result.body);
  });

  router.delete('/bookings/:id', auth, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw new NotFoundError('booking.error.notFound');
    await cancelBooking({ db, clock, events, needsKey: config.needsKey }, req.apiUser!, id);
    res.status(204).end();
  });

  return router;
}
