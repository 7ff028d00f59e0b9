import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { createPasswordReset } from '../../auth/passwords.js';
import { authorize } from '../../auth/policy.js';
import { endSessionsOf } from '../../auth/sessions.js';
import { findUserIdByUsername, normaliseUsername } from '../../auth/users.js';
import type { Database } from '../../db/client.js';
import { DomainError } from '../../errors.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { requireRecentPassword } from '../auth/session-guard.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
  sessionClock: Clock;
}

const usernameSchema = z.object({ username: z.string().trim().min(1).max(100) });

/** Administrators' account security: one-time password reset links, and ending someone's sessions. */
export function adminRouter({ db, clock, sessionClock }: Deps): Router {
  const router = Router();
  // Each /admin screen has its own guard (its policy action); this one guards account security.
  router.use('/admin/security', requireLogin, async (req, _res, next) => {
    try {
      await authorize(db, req.user!, 'security.manage');
      next();
    } catch (err) {
      next(err);
    }
  });
  const recent = requireRecentPassword(sessionClock);

  const render = (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    res.status(status).render('admin/security', {
      title: req.t('admin.security.title'),
      errors: formErrors(req.locale, {}),
      ...extra,
    });
  };

  router.get('/admin/security', (req, res) => {
    const reset = req.session.newResetLink;
    delete req.session.newResetLink;
    res.set('Cache-Control', 'no-store');
    render(req, res, 200, { reset });
  });

  router.post('/admin/security/reset', recent, async (req, res) => {
    const parsed = usernameSchema.safeParse(req.body);
    if (!parsed.success) {
      return render(req, res, 422, {
        errors: formErrors(req.locale, { username: { key: 'admin.security.usernameRequired' } }),
      });
    }
    try {
      const made = await createPasswordReset(db, {
        adminId: req.user!.id,
        username: parsed.data.username,
        now: clock.now(),
      });
      const origin = `${req.protocol}://${req.get('host')}`;
      req.session.newResetLink = {
        username: made.username,
        url: `${origin}/password-reset/${made.token}`,
        expires: toSeoulIso(made.expiresAt).slice(0, 16).replace('T', ' '),
      };
    } catch (err) {
      if (err instanceof DomainError && err.field) {
        return render(req, res, 422, {
          username: parsed.data.username,
          errors: formErrors(req.locale, err.fieldErrors),
        });
      }
      throw err;
    }
    res.redirect(303, '/admin/security#reset-link');
  });

  router.post('/admin/security/end-sessions', recent, async (req, res) => {
    const parsed = usernameSchema.safeParse(req.body);
    const id = parsed.success ? await findUserIdByUsername(db, normaliseUsername(parsed.data.username)) : undefined;
    if (id === undefined) {
      return render(req, res, 422, {
        sessionsUsername: parsed.success ? parsed.data.username : '',
        errors: formErrors(
          req.locale,
          { sessionsUsername: { key: 'admin.security.unknownUser' } },
          { sessionsUsername: 'sessions-username' },
        ),
      });
    }
    const count = await endSessionsOf(db, id, id === req.user!.id ? req.sessionID : undefined);
    flash(req, {
      key: 'admin.security.sessionsEnded',
      params: { count, username: normaliseUsername(parsed.data!.username) },
    });
    res.redirect(303, '/admin/security');
  });
  return router;
}

declare module 'express-session' {
  interface SessionData {
    newResetLink?: { username: string; url: string; expires: string };
  }
}
