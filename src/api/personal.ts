import { type NextFunction, type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { authenticateToken, createApiToken } from '../auth/api-tokens.js';
import { signIn, signInSucceeded } from '../auth/authenticate.js';
import { mfaRequired } from '../auth/mfa.js';
import { DEFAULT_THROTTLE } from '../auth/sign-in-throttle.js';
import type { SessionUser } from '../auth/users.js';
import { type BookingListItem, bookingsOfUser, findBookingListItem } from '../bookings/repository.js';
import { cancelBooking, createBooking } from '../bookings/service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DomainError, NotFoundError, ValidationError } from '../errors.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, seoulDate, seoulInstant, toSeoulIso } from '../time/seoul.js';
import { idempotent, type StoredResponse } from './idempotency.js';
import { apiLocale, PROBLEM_TYPES, problemFromDomainError, sendProblem } from './problem.js';
import { type Booking, BookingRequest, MyBookingsQuery, TokenRequest } from './schemas.js';
import { parseQuery, validateBody } from './validate.js';

declare global {
  namespace Express {
    interface Request {
      apiUser?: SessionUser;
    }
  }
}

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

/** Bearer tokens only: the API never looks at the session cookie, so it needs no CSRF token. */
function requireToken(db: Database, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const user = match?.[1] ? await authenticateToken(db, match[1], clock.now()) : undefined;
    if (!user) {
      res.set('WWW-Authenticate', `Bearer realm="smart-work-seoul"${match ? ', error="invalid_token"' : ''}`);
      sendProblem(res, {
        type: PROBLEM_TYPES.unauthorized,
        title: 'Unauthorized',
        status: 401,
        detail: match ? 'The token is unknown, expired or revoked.' : 'Send Authorization: Bearer <token>.',
      });
      return;
    }
    req.apiUser = user;
    next();
  };
}

/** A booking's start and end as the Seoul date and minutes the booking rules work in. */
function toLocalRange(start: string, end: string) {
  const s = new Date(start);
  const e = new Date(end);
  const date = seoulDate(s);
  const midnight = seoulInstant(date, 0).getTime();
  const startMinute = (s.getTime() - midnight) / 60_000;
  const endMinute = (e.getTime() - midnight) / 60_000;
  if (endMinute > 1440) throw new ValidationError({ end: { key: 'api.sameDay' } });
  return { date, start: startMinute, end: endMinute };
}

export function personalApiRouter({ db, clock, config, events }: Deps): Router {
  const router = Router();
  const auth = requireToken(db, clock);

  // The same throttle as the login form, shared through the database (see src/auth/sign-in-throttle.ts).
  const policy = { ...DEFAULT_THROTTLE, addressLimit: config.loginRateLimit };

  router.post('/auth/tokens', async (req, res) => {
    const body = validateBody(TokenRequest, req);
    const result = await signIn(
      db,
      { username: body.username, password: body.password, ip: req.ip ?? '', now: clock.now() },
      policy,
    );
    if (result.kind === 'throttled') {
      res.set('Retry-After', String(result.retryAfterSeconds));
      sendProblem(res, {
        type: PROBLEM_TYPES.rateLimited,
        title: 'Too many requests',
        status: 429,
        detail: `Too many failed sign-ins. Wait ${result.retryAfterSeconds} seconds.`,
      });
      return;
    }
    // Operators and administrators sign in with a second factor, which a password-only endpoint cannot ask for.
    // Their failures are not cleared either: a known password must not reset the count of wrong codes.
    const user = result.kind === 'ok' && !mfaRequired(result.user.role) ? result.user : undefined;
    if (user) await signInSucceeded(db, user.username);
    if (!user) {
      sendProblem(res, {
        type: PROBLEM_TYPES.unauthorized,
        title: 'Unauthorized',
        status: 401,
        detail: 'The username or password is not right.',
      });
      return;
    }
    const token = await createApiToken(db, user.id, body.name, clock.now());
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ token: token.token, id: token.id, name: token.name, expiresAt: toSeoulIso(token.expiresAt) });
  });

  router.get('/me', auth, (req, res) => {
    const u = req.apiUser!;
    res.set('Cache-Control', 'private, no-cache').json({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      displayNameEn: u.displayNameEn,
      role: u.role,
      organisation: { name: u.organisationName, nameEn: u.organisationNameEn, kind: u.organisationKind },
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
          const booking = await createBooking({ db, clock, events }, user, { deskId: body.deskId, ...range });
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
    await cancelBooking({ db, clock, events }, req.apiUser!, id);
    res.status(204).end();
  });

  return router;
}
