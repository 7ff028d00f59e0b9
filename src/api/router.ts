import cors from 'cors';
import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { ChangeBus } from '../realtime/bus.js';
import type { Clock } from '../time/seoul.js';
import { bookingsApiRouter } from './bookings.js';
import { openApiDocument } from './openapi.js';
import { personalApiRouter } from './personal.js';
import { apiErrorHandler, apiLocale, problemOf, sendProblem } from './problem.js';
import { publicApiRouter } from './public.js';
import { seriesApiRouter } from './series.js';

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
  router.use(
    rateLimit({
      windowMs: 60 * 1000,
      limit: deps.config.apiRateLimit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) =>
        sendProblem(
          res,
          problemOf(apiLocale(_req), 'rate-limited', 'api.rateLimited', { limit: deps.config.apiRateLimit }),
        ),
    }),
  );
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));

  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(document);
  });
  router.use(publicApiRouter(deps));
  router.use(personalApiRouter(deps));
  router.use(bookingsApiRouter(deps));
  router.use(seriesApiRouter(deps));
  router.use((req, res) => {
    sendProblem(res, problemOf(apiLocale(req), 'not-found', 'api.noEndpoint', { method: req.method, path: req.path }));
  });
  router.use(apiErrorHandler);
  return router;
}
