import { Router } from 'express';
import { createApiToken } from '../auth/api-tokens.js';
import { signIn, signInSucceeded } from '../auth/authenticate.js';
import { mfaRequired } from '../auth/mfa.js';
import { DEFAULT_THROTTLE } from '../auth/sign-in-throttle.js';
import { bookingRightsOf } from '../bookings/rights.js';
import { toSeoulIso } from '../time/seoul.js';
import { bearerAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { apiLocale, problemOf, sendProblem } from './problem.js';
import { TokenRequest } from './schemas.js';
import { validateBody } from './validate.js';

export function personalApiRouter({ db, clock, config }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);

  // The same throttle as the login form, shared through the database (see src/auth/sign-in-throttle.ts).
  const policy = { ...DEFAULT_THROTTLE, addressLimit: config.loginRateLimit };

  router.post('/auth/tokens', async (req, res) => {
    const body = validateBody(TokenRequest, req);
    if (config.localPasswords === false) {
      sendProblem(res, problemOf(apiLocale(req), 'unauthorized', 'api.passwordsOff'));
      return;
    }
    const result = await signIn(
      db,
      { username: body.username, password: body.password, ip: req.ip ?? '', now: clock.now() },
      policy,
    );
    if (result.kind === 'throttled') {
      res.set('Retry-After', String(result.retryAfterSeconds));
      sendProblem(
        res,
        problemOf(apiLocale(req), 'rate-limited', 'api.tooManySignInsWait', { seconds: result.retryAfterSeconds }),
      );
      return;
    }
    // Operators and administrators sign in with a second factor, which a password-only endpoint cannot ask for.
    // Their failures are not cleared either: a known password must not reset the count of wrong codes.
    if (result.kind === 'ok' && mfaRequired(result.user.role)) {
      sendProblem(res, problemOf(apiLocale(req), 'unauthorized', 'api.tokenNeedsSecondStep'));
      return;
    }
    const user = result.kind === 'ok' ? result.user : undefined;
    if (user) await signInSucceeded(db, user.username);
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
