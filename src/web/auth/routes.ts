import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Authenticator } from '../../auth/passport.js';
import { failedSignInLimiter } from '../../auth/rate-limit.js';
import type { Config } from '../../config.js';
import type { FieldErrors } from '../../errors.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
});

/** Only paths on this site, so a crafted link cannot send someone elsewhere after login. */
function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : '/centers';
}

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

export function authRouter({ passport, config }: { passport: Authenticator; config: Config }): Router {
  const router = Router();
  const loginLimiter = failedSignInLimiter(config.loginRateLimit, (req, res) =>
    renderLogin(req, res, 429, String(req.body?.username ?? ''), {}, req.t('login.tooMany')),
  );

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeReturnTo(req.session.returnTo));
    renderLogin(req, res, 200, '', {});
  });

  router.post('/login', loginLimiter, (req, res, next) => {
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
    passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) return renderLogin(req, res, 401, username, { password: { key: 'login.failed' } });
      const returnTo = safeReturnTo(req.session.returnTo);
      // passport 0.7 regenerates the session here, so a session id planted before login is useless.
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        res.redirect(303, returnTo);
      });
    })(req, res, next);
  });

  router.post('/logout', (req, res, next) => {
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
