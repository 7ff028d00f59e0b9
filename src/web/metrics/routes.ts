import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { AppMetrics } from '../../metrics/registry.js';

/** Times every request and counts it by its route pattern once the answer has gone. */
export function requestMetrics(metrics: AppMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route?.path
        ? `${req.baseUrl}${typeof req.route.path === 'string' ? req.route.path : String(req.route.path)}`
        : res.statusCode === 404
          ? 'unmatched'
          : req.path.startsWith('/static/')
            ? '/static'
            : 'other';
      metrics.observeRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** GET /metrics in the Prometheus text format, for whoever shows the bearer token (METRICS_TOKEN). */
export function metricsRouter(metrics: AppMetrics, token: string): Router {
  const router = express.Router();
  const expected = digest(token);
  router.get('/metrics', async (req, res) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).type('text/plain').send('unauthorised\n');
      return;
    }
    res
      .set('Cache-Control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  return router;
}
