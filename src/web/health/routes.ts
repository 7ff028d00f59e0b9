import { Router } from 'express';
import type { DatabaseHandle } from '../../db/client.js';

/** For load balancers: 200 while the database answers, 503 when it does not. */
export function healthRouter(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await database.ping();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  return router;
}
