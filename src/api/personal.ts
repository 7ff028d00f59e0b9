import { Router } from 'express';
import { createApiToken } from '../auth/api-tokens.js';
import { authenticateWithPassword } from '../auth/authenticate.js';
import { failedSignInLimiter } from '../auth/rate-limit.js';
import { bookingRightsOf } from '../bookings/rights.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, toSeoulIso } from '../time/seoul.js';
import { bearerAuth } from './auth.js';
import { apiLocale, problemOf, sendProblem } from './problem.js';
import { TokenRequest } from './schemas.js';
import { validateBody } from './validate.js';

interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
  events: ChangeBus;
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

  return router;
}
