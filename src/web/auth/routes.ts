import { type NextFunction, type Request, type Response, Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { signInSucceeded } from '../../auth/authenticate.js';
import {
  checkTotp,
  enableTotp,
  mfaRequired,
  newTotpSecret,
  totpKey,
  totpSecretOf,
  totpUri,
  useRecoveryCode,
  verifyUserTotp,
} from '../../auth/mfa.js';
import { authenticationOptions, hasPasskey, type RelyingParty, verifyPasskey } from '../../auth/passkeys.js';
import { type Authenticator, passwordSignIn } from '../../auth/passport.js';
import { PASSWORD_MIN } from '../../auth/password-policy.js';
import { findPasswordReset, resetPassword } from '../../auth/passwords.js';
import { DEFAULT_THROTTLE, recordSignInFailure, signInWaitMs } from '../../auth/sign-in-throttle.js';
import { findSessionUser } from '../../auth/users.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors } from '../../errors.js';
import { preferencesOf } from '../../preferences/preferences.js';
import type { Clock } from '../../time/seoul.js';
import { csrf } from '../csrf.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
});
const codeSchema = z.object({ code: z.string().trim().min(1).max(40) });

/** How long the step between the password and the second factor may take. */
const PENDING_MS = 10 * 60_000;

/** Only paths on this site, so a crafted link cannot send someone elsewhere after login. */
const DEFAULT_RETURN = '/centers';

export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : DEFAULT_RETURN;
}

export interface AuthDeps {
  db: Database;
  clock: Clock;
  /** The clock of session timeouts (the wall clock, unless a test moves it). */
  sessionClock: Clock;
  config: Config;
  /** The app's Passport, whose local strategy checks the password (src/auth/passport.ts). */
  passport: Authenticator;
}

/** The origin and host name passkeys are bound to: PUBLIC_URL's origin when set, else this request's own. */
export function relyingParty(req: Request, config: Config): RelyingParty {
  const origin = config.publicOrigin ?? `${req.protocol}://${req.get('host')}`;
  return { origin, rpID: new URL(origin).hostname };
}

export const throttlePolicy = (config: Config) => ({ ...DEFAULT_THROTTLE, addressLimit: config.loginRateLimit });

function renderLogin(
  req: Request,
  res: Response,
  status: number,
  username: string,
  errors: FieldErrors,
  message?: string,
) {
  res.locals.csrfToken = req.csrfToken?.();
  res.status(status).render('auth/login', {
    title: req.t('login.title'),
    username,
    errors: formErrors(req.locale, errors),
    message,
  });
}

function tooMany(req: Request, res: Response, retryAfterSeconds: number, view: () => void) {
  res.set('Retry-After', String(retryAfterSeconds));
  res.locals.retryMessage = req.t('login.tooManyWait', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  view();
}

/** Signs the person in for real: a new session id (passport 0.7), with the facts the session guard and the session list use. */
export function completeSignIn(
  deps: Pick<AuthDeps, 'db' | 'sessionClock'>,
  req: Request,
  res: Response,
  next: NextFunction,
  user: Express.User,
  options: { returnTo: string; secondFactor: boolean; recoveryCodes?: string[] },
) {
  req.login(user, (err) => {
    if (err) return next(err);
    const now = deps.sessionClock.now().getTime();
    req.session.signedInAt = now;
    req.session.lastSeenAt = now;
    req.session.passwordAt = now;
    if (options.secondFactor) req.session.secondFactorAt = now;
    req.session.userAgent = req.get('user-agent')?.slice(0, 300);
    req.session.ip = req.ip;
    if (options.recoveryCodes) req.session.recoveryCodes = options.recoveryCodes;
    // The new session's CSRF token now, saved with the sign-in: otherwise the first pages after it
    // (and the service worker's fetches) each made one at once, the last save won, and the form
    // on the page shown carried a token the session no longer held (a 403 on the first save).
    csrf.generateToken(req, true);
    Promise.all([signInSucceeded(deps.db, user.username), preferencesOf(deps.db, user.id)]).then(([, prefs]) => {
      // Someone who chose the simple mode lands on it, not on the long list of centers.
      const home = prefs?.simpleMode && options.returnTo === DEFAULT_RETURN ? '/simple' : options.returnTo;
      res.redirect(303, options.recoveryCodes ? '/profile/security/recovery-codes' : home);
    }, next);
  });
}

export function authRouter(deps: AuthDeps): Router {
  const { db, clock, sessionClock, config } = deps;
  const policy = throttlePolicy(config);
  const key = totpKey(config.needsKey);
  const router = Router();

  /** The sign-in waiting for its second factor, if it is fresh. */
  function pending(req: Request) {
    const p = req.session.pendingSignIn;
    if (!p || sessionClock.now().getTime() - p.at > PENDING_MS) return undefined;
    return p;
  }

  // The login page offers what is configured: the city account (SSO), passwords, or both.
  const localPasswords = config.localPasswords !== false;
  router.use('/login', (_req, res, next) => {
    res.locals.ssoEnabled = Boolean(config.oidc);
    res.locals.localPasswords = localPasswords;
    next();
  });

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeReturnTo(req.session.returnTo));
    renderLogin(req, res, 200, '', {});
  });

  router.post('/login', async (req, res, next) => {
    if (!localPasswords) return renderLogin(req, res, 403, '', {}, req.t('sso.passwordsOff'));
    const parsed = loginSchema.safeParse(req.body);
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        errors[field] = { key: 'login.required', params: { field: req.t(`login.${field}`) } };
      }
      return renderLogin(req, res, 400, username, errors);
    }
    const result = await passwordSignIn(deps.passport, req, res);
    if (result.kind === 'throttled') {
      return tooMany(req, res, result.retryAfterSeconds, () =>
        renderLogin(req, res, 429, username, {}, res.locals.retryMessage),
      );
    }
    if (result.kind === 'failed') return renderLogin(req, res, 401, username, { password: { key: 'login.failed' } });
    const user = result.user;
    const returnTo = safeReturnTo(req.session.returnTo);
    const enrolled = Boolean(await totpSecretOf(db, key, user.id)) || (await hasPasskey(db, user.id));
    if (!enrolled && !mfaRequired(user.role)) {
      return completeSignIn(deps, req, res, next, user, { returnTo, secondFactor: false });
    }
    // The password was right; the second factor (or its enrolment) comes next, on a new session id.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.pendingSignIn = {
        userId: user.id,
        username: user.username,
        at: sessionClock.now().getTime(),
        returnTo,
        enrol: !enrolled,
      };
      res.redirect(303, enrolled ? '/login/mfa' : '/login/mfa/setup');
    });
  });

  const renderMfa = async (req: Request, res: Response, status: number, errors: FieldErrors = {}, message?: string) => {
    const p = pending(req)!;
    const [totp, passkey] = [Boolean(await totpSecretOf(db, key, p.userId)), await hasPasskey(db, p.userId)];
    res.locals.csrfToken = req.csrfToken?.();
    res.status(status).render('auth/mfa', {
      title: req.t('mfa.title'),
      errors: formErrors(req.locale, errors),
      message,
      totp,
      passkey,
      passkeyScript: passkey,
    });
  };

  router.get('/login/mfa', (req, res) => {
    const p = pending(req);
    if (!p || p.enrol) return res.redirect(303, '/login');
    renderMfa(req, res, 200);
  });

  // A passkey as the second factor: the options (with this session's challenge), then the assertion.
  router.get('/login/mfa/passkey/options', async (req, res) => {
    const p = pending(req);
    if (!p || p.enrol) return res.status(401).json({ error: 'no sign-in in progress' });
    const options = await authenticationOptions(db, relyingParty(req, config), p.userId);
    p.challenge = options.challenge;
    res.set('Cache-Control', 'no-store').json(options);
  });

  router.post('/login/mfa/passkey', async (req, res, next) => {
    const p = pending(req);
    if (!p || p.enrol || !p.challenge) return res.redirect(303, '/login');
    const now = clock.now();
    const wait = await signInWaitMs(db, p.username, req.ip ?? '', now, policy);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return tooMany(req, res, seconds, () => renderMfa(req, res, 429, {}, res.locals.retryMessage));
    }
    const challenge = p.challenge;
    delete p.challenge; // one assertion per challenge
    let response: unknown;
    try {
      response = JSON.parse(String(req.body?.response ?? ''));
    } catch {
      response = undefined;
    }
    const ok =
      typeof response === 'object' &&
      response !== null &&
      (await verifyPasskey(db, relyingParty(req, config), {
        userId: p.userId,
        response: response as Parameters<typeof verifyPasskey>[2]['response'],
        challenge,
        now,
      }));
    if (!ok) {
      await recordSignInFailure(db, p.username, req.ip ?? '', now, policy);
      return renderMfa(req, res, 401, {}, req.t('passkey.failed'));
    }
    const user = await findSessionUser(db, p.userId);
    if (!user) return res.redirect(303, '/login');
    completeSignIn(deps, req, res, next, user, { returnTo: p.returnTo, secondFactor: true });
  });

  router.post('/login/mfa', async (req, res, next) => {
    const p = pending(req);
    if (!p || p.enrol) return res.redirect(303, '/login');
    const now = clock.now();
    const wait = await signInWaitMs(db, p.username, req.ip ?? '', now, policy);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return tooMany(req, res, seconds, () => renderMfa(req, res, 429, {}, res.locals.retryMessage));
    }
    const parsed = codeSchema.safeParse(req.body);
    if (!parsed.success) return renderMfa(req, res, 400, { code: { key: 'mfa.codeRequired' } });
    const code = parsed.data.code;
    const ok = /^\d[\d\s]*$/.test(code)
      ? await verifyUserTotp(db, key, p.userId, code, now)
      : await useRecoveryCode(db, p.userId, code, now);
    if (!ok) {
      // A wrong code counts like a wrong password: six digits must not be guessable at leisure.
      await recordSignInFailure(db, p.username, req.ip ?? '', now, policy);
      return renderMfa(req, res, 401, { code: { key: 'mfa.codeWrong' } });
    }
    const user = await findSessionUser(db, p.userId);
    if (!user) return res.redirect(303, '/login');
    completeSignIn(deps, req, res, next, user, { returnTo: p.returnTo, secondFactor: true });
  });

  async function renderSetup(req: Request, res: Response, status: number, errors: FieldErrors = {}) {
    const p = pending(req)!;
    p.secret ??= newTotpSecret();
    res.locals.csrfToken = req.csrfToken?.();
    res.status(status).render('auth/mfa-setup', await setupView(req, p.username, p.secret, errors, '/login/mfa/setup'));
  }

  router.get('/login/mfa/setup', async (req, res) => {
    const p = pending(req);
    if (!p?.enrol) return res.redirect(303, '/login');
    await renderSetup(req, res, 200);
  });

  router.post('/login/mfa/setup', async (req, res, next) => {
    const p = pending(req);
    if (!p?.enrol || !p.secret) return res.redirect(303, '/login');
    const parsed = codeSchema.safeParse(req.body);
    const step = parsed.success ? checkTotp(p.secret, parsed.data.code, clock.now()) : undefined;
    if (step === undefined) return renderSetup(req, res, 422, { code: { key: 'mfa.codeWrong' } });
    const codes = await enableTotp(db, key, p.userId, p.secret, step, clock.now());
    const user = await findSessionUser(db, p.userId);
    if (!user) return res.redirect(303, '/login');
    completeSignIn(deps, req, res, next, user, { returnTo: p.returnTo, secondFactor: true, recoveryCodes: codes });
  });

  // A one-time link made by an administrator (see /admin/security).
  const resetSchema = z.object({ password: z.string().max(1000), confirm: z.string().max(1000) });
  const renderReset = (req: Request, res: Response, status: number, errors: FieldErrors = {}) => {
    res.locals.csrfToken = req.csrfToken?.();
    res.status(status).render('auth/reset', {
      title: req.t('reset.title'),
      minLength: PASSWORD_MIN,
      errors: formErrors(req.locale, errors),
    });
  };
  router.get('/password-reset/:token', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    if (!(await findPasswordReset(db, String(req.params.token), clock.now()))) {
      return res.status(404).render('auth/reset-invalid', { title: req.t('reset.title') });
    }
    renderReset(req, res, 200);
  });
  router.post('/password-reset/:token', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const parsed = resetSchema.safeParse(req.body);
    if (!parsed.success) return renderReset(req, res, 400, { password: { key: 'password.tooShort' } });
    if (parsed.data.password !== parsed.data.confirm) {
      return renderReset(req, res, 422, { confirm: { key: 'password.mismatch' } });
    }
    try {
      await resetPassword(db, { token: String(req.params.token), password: parsed.data.password, now: clock.now() });
    } catch (err) {
      if (err instanceof DomainError && err.status === 422) return renderReset(req, res, 422, err.fieldErrors);
      if (err instanceof DomainError && err.status === 404) {
        return res.status(404).render('auth/reset-invalid', { title: req.t('reset.title') });
      }
      throw err;
    }
    flash(req, { key: 'reset.done' });
    res.redirect(303, '/login');
  });

  router.post('/logout', (req, res, next) => {
    // Nothing of this person stays on the device: the service worker's saved pages and storage go.
    res.set('Clear-Site-Data', '"cache", "storage"');
    req.logout((err) => {
      if (err) return next(err);
      req.session.regenerate((regenErr) => {
        if (regenErr) return next(regenErr);
        flash(req, { key: 'logout.done' });
        res.redirect(303, '/');
      });
    });
  });
  return router;
}

/** The enrolment page's model: a QR code (SVG, no script) and the secret to type in by hand. */
export async function setupView(req: Request, username: string, secret: string, errors: FieldErrors, action: string) {
  const svg = await QRCode.toString(totpUri(secret, username), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return {
    title: req.t('mfa.setupTitle'),
    action,
    qr: svg,
    secret,
    secretGroups: secret.match(/.{1,4}/g)?.join(' '),
    errors: formErrors(req.locale, errors),
  };
}

declare module 'express-session' {
  interface SessionData {
    pendingSignIn?: {
      userId: number;
      username: string;
      at: number;
      returnTo: string;
      enrol: boolean;
      secret?: string;
      /** The WebAuthn challenge handed out for this sign-in. */
      challenge?: string;
    };
    secondFactorAt?: number;
    recoveryCodes?: string[];
  }
}
