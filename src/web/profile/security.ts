import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authenticateWithPassword } from '../../auth/authenticate.js';
import {
  checkTotp,
  disableTotp,
  enableTotp,
  mfaRequired,
  newTotpSecret,
  totpKey,
  totpSecretOf,
  unusedRecoveryCodes,
} from '../../auth/mfa.js';
import { passkeysOf, registerPasskey, registrationOptions, removePasskey } from '../../auth/passkeys.js';
import { PASSWORD_MIN } from '../../auth/password-policy.js';
import { changePassword } from '../../auth/passwords.js';
import { describeUserAgent, endSession, endSessionsOf, sessionsOf } from '../../auth/sessions.js';
import { recordSignInFailure, signInWaitMs } from '../../auth/sign-in-throttle.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { type FieldErrors, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { relyingParty, safeReturnTo, setupView, throttlePolicy } from '../auth/routes.js';
import { requireRecentPassword } from '../auth/session-guard.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
  sessionClock: Clock;
  config: Config;
}

const passwordChange = z.object({
  current: z.string().max(1000),
  password: z.string().max(1000),
  confirm: z.string().max(1000),
});
const codeSchema = z.object({ code: z.string().trim().min(1).max(40) });

const seoulMinute = (d: Date | null) => (d ? toSeoulIso(d).slice(0, 16).replace('T', ' ') : '–');

/** The signed-in person's security: password, second factor, sessions; and re-authentication. */
export function securityRouter({ db, clock, sessionClock, config }: Deps): Router {
  const router = Router();
  const recent = requireRecentPassword(sessionClock);
  const key = totpKey(config.needsKey);
  router.use(['/profile/security', '/profile/password', '/profile/sessions', '/reauth'], requireLogin);

  const renderSecurity = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const enrolled = await totpSecretOf(db, key, req.user!.id);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('profile/security', {
      title: req.t('security.title'),
      minLength: PASSWORD_MIN,
      totp: Boolean(enrolled),
      recoveryLeft: enrolled ? await unusedRecoveryCodes(db, req.user!.id) : 0,
      mayDisable: Boolean(enrolled) && !mfaRequired(req.user!.role),
      passkeys: (await passkeysOf(db, req.user!.id)).map((p) => ({
        id: p.id,
        name: p.name,
        created: seoulMinute(p.createdAt),
        lastUsed: seoulMinute(p.lastUsedAt),
      })),
      errors: formErrors(req.locale, {}),
      ...extra,
    });
  };

  router.get('/profile/security', (req, res) => renderSecurity(req, res, 200));

  router.post('/profile/password', async (req, res) => {
    const parsed = passwordChange.safeParse(req.body);
    const fail = (errors: FieldErrors) => renderSecurity(req, res, 422, { errors: formErrors(req.locale, errors) });
    if (!parsed.success) return fail({ password: { key: 'password.tooShort' } });
    if (parsed.data.password !== parsed.data.confirm) return fail({ confirm: { key: 'password.mismatch' } });
    const now = clock.now();
    const wait = await signInWaitMs(db, req.user!.username, req.ip ?? '', now, throttlePolicy(config));
    if (wait > 0) return fail({ current: { key: 'password.tooMany' } });
    try {
      await changePassword(db, {
        userId: req.user!.id,
        current: parsed.data.current,
        next: parsed.data.password,
        keepSid: req.sessionID,
        now,
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        if (err.errors.current)
          await recordSignInFailure(db, req.user!.username, req.ip ?? '', now, throttlePolicy(config));
        return fail(err.errors);
      }
      throw err;
    }
    req.session.passwordAt = sessionClock.now().getTime();
    flash(req, { key: 'password.changed' });
    res.redirect(303, '/profile/security');
  });

  // Enrolling an authenticator app while signed in (optional for most, done at sign-in for operators and admins).
  router.get('/profile/security/totp', recent, async (req, res) => {
    req.session.totpSetupSecret ??= newTotpSecret();
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render(
      'auth/mfa-setup',
      await setupView(req, req.user!.username, req.session.totpSetupSecret, {}, '/profile/security/totp'),
    );
  });
  router.post('/profile/security/totp', recent, async (req, res) => {
    const secret = req.session.totpSetupSecret;
    if (!secret) return res.redirect(303, '/profile/security/totp');
    const parsed = codeSchema.safeParse(req.body);
    const step = parsed.success ? checkTotp(secret, parsed.data.code, clock.now()) : undefined;
    if (step === undefined) {
      res.locals.csrfToken ??= req.csrfToken?.();
      return res
        .status(422)
        .render(
          'auth/mfa-setup',
          await setupView(
            req,
            req.user!.username,
            secret,
            { code: { key: 'mfa.codeWrong' } },
            '/profile/security/totp',
          ),
        );
    }
    req.session.recoveryCodes = await enableTotp(db, key, req.user!.id, secret, step, clock.now());
    req.session.secondFactorAt = sessionClock.now().getTime();
    delete req.session.totpSetupSecret;
    res.redirect(303, '/profile/security/recovery-codes');
  });
  router.post('/profile/security/totp/disable', recent, async (req, res) => {
    if (mfaRequired(req.user!.role)) throw new ForbiddenError('mfa.cannotDisable');
    await disableTotp(db, req.user!.id);
    flash(req, { key: 'mfa.disabled' });
    res.redirect(303, '/profile/security');
  });
  router.post('/profile/security/recovery-codes', recent, async (req, res) => {
    const enrolled = await totpSecretOf(db, key, req.user!.id);
    if (!enrolled) throw new NotFoundError('error.notFound');
    req.session.recoveryCodes = await enableTotp(
      db,
      key,
      req.user!.id,
      enrolled.secret,
      enrolled.lastStep ?? 0,
      clock.now(),
      false,
    );
    res.redirect(303, '/profile/security/recovery-codes');
  });
  // Shown once, then forgotten: only their hashes are stored.
  router.get('/profile/security/recovery-codes', (req, res) => {
    const codes = req.session.recoveryCodes;
    delete req.session.recoveryCodes;
    if (!codes) return res.redirect(303, '/profile/security');
    res.set('Cache-Control', 'no-store').render('profile/recovery-codes', {
      title: req.t('mfa.recoveryTitle'),
      codes,
    });
  });

  // Passkeys (WebAuthn) as a second factor: registered from their own page, where the script runs.
  const passkeyName = z.object({ name: z.string().trim().min(1).max(60), response: z.string().min(1).max(20_000) });
  const renderNewPasskey = (req: Request, res: Response, status: number, errors: FieldErrors = {}, name = '') => {
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('profile/passkey-new', {
      title: req.t('passkey.addTitle'),
      passkeyScript: true,
      name,
      errors: formErrors(req.locale, errors),
    });
  };
  router.get('/profile/security/passkeys/new', recent, (req, res) => renderNewPasskey(req, res, 200));
  router.get('/profile/security/passkeys/options', recent, async (req, res) => {
    const options = await registrationOptions(db, relyingParty(req, config), req.user!);
    req.session.passkeyChallenge = options.challenge;
    res.set('Cache-Control', 'no-store').json(options);
  });
  router.post('/profile/security/passkeys', recent, async (req, res) => {
    const parsed = passkeyName.safeParse(req.body);
    const name = typeof req.body?.name === 'string' ? req.body.name : '';
    if (!parsed.success) return renderNewPasskey(req, res, 422, { name: { key: 'passkey.nameRequired' } }, name);
    const challenge = req.session.passkeyChallenge;
    delete req.session.passkeyChallenge;
    let response: unknown;
    try {
      response = JSON.parse(parsed.data.response);
    } catch {}
    const ok =
      challenge !== undefined &&
      typeof response === 'object' &&
      response !== null &&
      (await registerPasskey(db, relyingParty(req, config), {
        userId: req.user!.id,
        response: response as Parameters<typeof registerPasskey>[2]['response'],
        challenge,
        name: parsed.data.name,
        now: clock.now(),
      }));
    if (!ok) return renderNewPasskey(req, res, 422, { name: { key: 'passkey.registerFailed' } }, name);
    flash(req, { key: 'passkey.added' });
    res.redirect(303, '/profile/security');
  });
  router.get('/profile/security/passkeys/:id/remove', (req, res) => {
    const id = idOrNotFound(req.params.id, 'error.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.passkey.title' },
      lead: { key: 'confirm.passkey.lead' },
      action: `/profile/security/passkeys/${id}/remove`,
      button: { key: 'confirm.passkey.button' },
      back: '/profile/security',
    });
  });

  router.post('/profile/security/passkeys/:id/remove', recent, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || !(await removePasskey(db, req.user!.id, id)))
      throw new NotFoundError('error.notFound');
    flash(req, { key: 'passkey.removed' });
    res.redirect(303, '/profile/security');
  });

  router.get('/profile/sessions', async (req, res) => {
    const rows = await sessionsOf(db, req.user!.id, req.sessionID, new Date());
    res.render('profile/sessions', {
      title: req.t('sessions.title'),
      sessions: rows.map((s) => {
        const ua = describeUserAgent(s.userAgent);
        return {
          handle: s.handle,
          device: ua ? req.t('sessions.deviceOf', ua) : req.t('sessions.unknownDevice'),
          ip: s.ip ?? '–',
          lastSeen: seoulMinute(s.lastSeenAt),
          current: s.current,
        };
      }),
      others: rows.some((s) => !s.current),
    });
  });
  router.post('/profile/sessions/:handle/end', async (req, res) => {
    const handle = String(req.params.handle);
    if (!/^[\w-]{22}$/.test(handle) || !(await endSession(db, req.user!.id, handle))) {
      throw new NotFoundError('sessions.notFound');
    }
    flash(req, { key: 'sessions.ended' });
    res.redirect(303, '/profile/sessions');
  });
  router.post('/profile/sessions/end-others', async (req, res) => {
    const n = await endSessionsOf(db, req.user!.id, req.sessionID);
    flash(req, { key: 'sessions.endedOthers', params: { count: n } });
    res.redirect(303, '/profile/sessions');
  });

  // Re-authentication before security changes.
  const renderReauth = (req: Request, res: Response, status: number, errors: FieldErrors = {}) => {
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('auth/reauth', { title: req.t('reauth.title'), errors: formErrors(req.locale, errors) });
  };
  router.get('/reauth', (req, res) => renderReauth(req, res, 200));
  router.post('/reauth', async (req: Request, res: Response, _next: NextFunction) => {
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const now = clock.now();
    const policy = throttlePolicy(config);
    const wait = await signInWaitMs(db, req.user!.username, req.ip ?? '', now, policy);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      return renderReauth(req, res, 429, { password: { key: 'password.tooMany' } });
    }
    const user = password ? await authenticateWithPassword(db, req.user!.username, password) : undefined;
    if (!user || user.id !== req.user!.id) {
      await recordSignInFailure(db, req.user!.username, req.ip ?? '', now, policy);
      return renderReauth(req, res, 401, { password: { key: 'reauth.wrong' } });
    }
    req.session.passwordAt = sessionClock.now().getTime();
    const back = safeReturnTo(req.session.reauthReturnTo ?? '/profile/security');
    delete req.session.reauthReturnTo;
    res.redirect(303, back);
  });
  return router;
}

declare module 'express-session' {
  interface SessionData {
    totpSetupSecret?: string;
    passkeyChallenge?: string;
  }
}
