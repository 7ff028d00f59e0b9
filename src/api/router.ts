import cors from 'cors';
import express, { type Request, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DatabaseRateLimitStore } from '../ratelimit/store.js';
import type { ChangeBus } from '../realtime/bus.js';
import type { Clock } from '../time/seoul.js';
import { rejectForbiddenInput } from '../web/middleware/input-guard.js';
import { absencesApiRouter } from './absences.js';
import { asyncApiDocument } from './asyncapi.js';
import { identifyCaller } from './auth.js';
import { bookingsApiRouter } from './bookings.js';
import { openApiDocument } from './openapi.js';
import { personalApiRouter } from './personal.js';
import { plansApiRouter } from './plans.js';
import { apiErrorHandler, apiLocale, problemOf, sendProblem } from './problem.js';
import { publicApiRouter } from './public.js';
import { seriesApiRouter } from './series.js';
import { waitlistApiRouter } from './waitlist.js';

/** /api/v1: JSON only, no session and no cookies (so no CSRF), CORS open, rate-limited per IP. */
export function apiRouter(deps: { db: Database; clock: Clock; config: Config; events: ChangeBus }): Router {
  const router = Router();
  // Open data may be read by pages on any origin: helmet's same-origin CORP would block no-cors loads.
  router.use((req, res, next) => {
    res.set('Cross-Origin-Resource-Policy', 'cross-origin');
    // Every answer says its language; caches keep one per Accept-Language.
    res.set('Content-Language', apiLocale(req)).vary('Accept-Language');
    next();
  });
  router.use(
    cors({
      origin: '*',
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match', 'Accept-Language'],
      exposedHeaders: [
        'ETag',
        'Location',
        'RateLimit',
        'RateLimit-Policy',
        'Retry-After',
        'Idempotent-Replayed',
        'X-Request-Id',
      ],
      maxAge: 600,
    }),
  );
  // Who is calling, once per request: limits are per person for token holders (a ministry behind
  // one NAT address is many people) and per address for anonymous calls, counted in the database
  // so that every process shares them.
  router.use(identifyCaller(deps.db, deps.clock));
  const limitFor = (req: Request) => (req.apiUser ? deps.config.apiUserRateLimit : deps.config.apiRateLimit);
  router.use(
    rateLimit({
      windowMs: 60 * 1000,
      limit: limitFor,
      store: new DatabaseRateLimitStore(deps.db, deps.clock),
      keyGenerator: (req) => (req.apiUser ? `user:${req.apiUser.id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`),
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (req, res) =>
        sendProblem(
          res,
          problemOf(apiLocale(req), 'rate-limited', req.apiUser ? 'api.rateLimitedUser' : 'api.rateLimited', {
            limit: limitFor(req),
          }),
        ),
    }),
  );
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  router.use(rejectForbiddenInput);

  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(document);
  });
  const live = asyncApiDocument();
  router.get('/asyncapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(live);
  });
  router.use(publicApiRouter(deps));
  router.use(personalApiRouter(deps));
  router.use(bookingsApiRouter(deps));
  router.use(seriesApiRouter(deps));
  router.use(absencesApiRouter(deps));
  router.use(waitlistApiRouter(deps));
  router.use(plansApiRouter(deps));
  // A known path asked with a method it does not have: 405 with the methods it has (RFC 9110), not 404.
  const templates = Object.entries(document.paths).map(([template, ops]) => ({
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}/?$`),
    allow: [...Object.keys(ops).map((m) => m.toUpperCase()), ...('get' in ops ? ['HEAD'] : [])],
  }));
  router.use((req, res, next) => {
    const known = templates.find((t) => t.re.test(req.path));
    if (!known || known.allow.includes(req.method)) {
      next();
      return;
    }
    res.set('Allow', [...known.allow, 'OPTIONS'].join(', '));
    sendProblem(
      res,
      problemOf(apiLocale(req), 'method-not-allowed', 'api.methodNotAllowed', { allow: known.allow.join(', ') }),
    );
  });
  router.use((req, res) => {
    sendProblem(res, problemOf(apiLocale(req), 'not-found', 'api.noEndpoint', { method: req.method, path: req.path }));
  });
  router.use(apiErrorHandler);
  return router;
}
