import type { NextFunction, Request, Response } from 'express';
import { mfaRequired } from '../../auth/mfa.js';
import { REAUTH_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../auth/sessions.js';
import type { Clock } from '../../time/seoul.js';
import { flash } from '../middleware/flash.js';

/** Last-seen is written at most this often, so a busy page does not write its session on every request. */
const TOUCH_MS = 60_000;

/**
 * Ends a signed-in session that was idle too long (30 min), is too old (12 h), or belongs to an
 * operator or administrator who has not passed a second factor in it (a role given while signed
 * in, or a session from before MFA was required). Otherwise records when and from where it was
 * last used, for the session list.
 */
export function sessionGuard(sessionClock: Clock) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return next();
    const now = sessionClock.now().getTime();
    const s = req.session;
    const expired =
      !s.signedInAt ||
      now - s.signedInAt > SESSION_ABSOLUTE_MS ||
      (s.lastSeenAt !== undefined && now - s.lastSeenAt > SESSION_IDLE_MS);
    const missingFactor = mfaRequired(req.user.role) && !s.secondFactorAt;
    if (expired || missingFactor) {
      const returnTo = req.method === 'GET' ? req.originalUrl : undefined;
      req.logout((err) => {
        if (err) return next(err);
        req.session.regenerate((regenErr) => {
          if (regenErr) return next(regenErr);
          if (returnTo) req.session.returnTo = returnTo;
          flash(req, { key: expired ? 'session.expired' : 'mfa.requiredAgain' });
          if (req.path.startsWith('/api/') || req.get('accept')?.includes('application/json')) {
            res.status(401).json({ error: 'session expired' });
            return;
          }
          res.redirect(303, '/login');
        });
      });
      return;
    }
    if (s.lastSeenAt === undefined || now - s.lastSeenAt > TOUCH_MS) s.lastSeenAt = now;
    const ua = req.get('user-agent')?.slice(0, 300);
    if (ua !== s.userAgent) s.userAgent = ua;
    if (req.ip !== s.ip) s.ip = req.ip;
    next();
  };
}

/**
 * Security changes need a password typed in the last 10 minutes: otherwise the person is sent
 * to confirm it, and back.
 */
export function requireRecentPassword(sessionClock: Clock) {
  return (req: Request, res: Response, next: NextFunction) => {
    const at = req.session.passwordAt;
    if (at !== undefined && sessionClock.now().getTime() - at <= REAUTH_MS) return next();
    const back = req.method === 'GET' ? req.originalUrl : (req.get('referer') ?? '/profile/security');
    let path = '/profile/security';
    try {
      const url = new URL(back, 'http://x');
      path = url.pathname + url.search;
    } catch {}
    req.session.reauthReturnTo = path;
    res.redirect(303, '/reauth');
  };
}

declare module 'express-session' {
  interface SessionData {
    reauthReturnTo?: string;
  }
}
