import { Router } from 'express';
import type { DatabaseHandle } from '../../db/client.js';

/** How long /healthz waits for the database before saying it is unavailable. */
const PING_TIMEOUT_MS = 2_000;

/**
 * For load balancers: 200 while the database answers, 503 when it does not. Mounted before
 * everything else (no body, session or logging) and bounded in time, so it answers even when
 * other requests are stuck or the database hangs.
 */
export function healthRouter(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([database.ping(), timeout]);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
