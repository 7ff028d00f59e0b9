import { type Request, type Response, Router } from 'express';
import { mfaRequired, totpKey, totpSecretOf } from '../../auth/mfa.js';
import { OidcRelyingParty } from '../../auth/oidc.js';
import { resolveOidcAccount } from '../../auth/oidc-accounts.js';
import { hasPasskey } from '../../auth/passkeys.js';
import { type AuthDeps, completeSignIn, safeReturnTo } from './routes.js';

/** How long the trip to the provider and back may take. */
const ROUND_TRIP_MS = 10 * 60_000;

/**
 * "Sign in with the city account" (OpenID Connect), only when OIDC_* is configured: the
 * authorization code flow with PKCE, state and nonce kept in the session, one use each. The
 * account is found by its stable subject (src/auth/oidc-accounts.ts); the session id is renewed
 * at sign-in like after a password, and a second factor is asked for exactly as after one.
 */
export function oidcRouter(deps: Omit<AuthDeps, 'passport'>): Router {
  const router = Router();
  const settings = deps.config.oidc;
  if (!settings) return router;
  const rp = new OidcRelyingParty(settings, `${deps.config.publicUrl}/login/sso/callback`);
  const key = totpKey(deps.config.needsKey);

  const refuse = (req: Request, res: Response, status: number, reason: string) => {
    res.status(status).render('auth/sso-failed', {
      title: req.t('sso.failedTitle'),
      reason: req.t(`sso.failed.${reason}`),
    });
  };

  router.get('/login/sso', async (req, res) => {
    if (req.user) return res.redirect(303, safeReturnTo(req.session.returnTo));
    let started: Awaited<ReturnType<OidcRelyingParty['start']>>;
    try {
      started = await rp.start();
    } catch (err) {
      req.log?.warn({ err }, 'OIDC discovery failed');
      return refuse(req, res, 503, 'unavailable');
    }
    req.session.oidc = { ...started.checks, at: deps.sessionClock.now().getTime() };
    res.set('Cache-Control', 'no-store').redirect(303, started.url.href);
  });

  router.get('/login/sso/callback', async (req, res, next) => {
    const pending = req.session.oidc;
    delete req.session.oidc; // one answer per attempt: a replayed callback finds nothing
    if (!pending || deps.sessionClock.now().getTime() - pending.at > ROUND_TRIP_MS) {
      return refuse(req, res, 400, 'expired');
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let claims: Awaited<ReturnType<OidcRelyingParty['finish']>>;
    try {
      claims = await rp.finish(query, pending);
    } catch (err) {
      req.log?.warn(
        {
          err:
            err instanceof Error
              ? { name: err.name, message: err.message, code: (err as { code?: string }).code }
              : err,
        },
        'OIDC sign-in refused',
      );
      return refuse(req, res, 401, 'refused');
    }
    const result = await resolveOidcAccount(deps.db, settings, claims, deps.clock.now());
    if (result.kind === 'disabled') return refuse(req, res, 403, 'disabled');
    if (result.kind === 'noOrganisation') return refuse(req, res, 403, 'noOrganisation');
    const user = result.user;
    const returnTo = safeReturnTo(req.session.returnTo);
    const enrolled = Boolean(await totpSecretOf(deps.db, key, user.id)) || (await hasPasskey(deps.db, user.id));
    if (!enrolled && !mfaRequired(user.role)) {
      return completeSignIn(deps, req, res, next, user, { returnTo, secondFactor: false });
    }
    // Operators and administrators (and anyone who set one up) still give their second factor here.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.pendingSignIn = {
        userId: user.id,
        username: user.username,
        at: deps.sessionClock.now().getTime(),
        returnTo,
        enrol: !enrolled,
      };
      res.redirect(303, enrolled ? '/login/mfa' : '/login/mfa/setup');
    });
  });
  return router;
}

declare module 'express-session' {
  interface SessionData {
    oidc?: { state: string; nonce: string; codeVerifier: string; at: number };
  }
}
