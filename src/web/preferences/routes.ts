import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import {
  fromCookie,
  fromForm,
  preferencesOf,
  savePreferences,
  toCookie,
  type UiPreferences,
} from '../../preferences/preferences.js';
import type { Clock } from '../../time/seoul.js';
import { flash } from '../middleware/flash.js';

const COOKIE = 'ui';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

declare global {
  namespace Express {
    interface Request {
      prefs: UiPreferences;
    }
  }
}

/** Display preferences on every page: from the account when signed in, else from a cookie. Classes on <html>, no script. */
export function preferencesMiddleware(db: Database) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cookie = req.headers.cookie?.match(/(?:^|;\s*)ui=([\w.]*)/)?.[1];
    req.prefs = (req.user ? await preferencesOf(db, req.user.id) : undefined) ?? fromCookie(cookie);
    res.locals.prefs = req.prefs;
    res.locals.htmlClass = [
      req.prefs.largeText && 'pref-large-text',
      req.prefs.highContrast && 'pref-high-contrast',
      req.prefs.reducedMotion && 'pref-reduced-motion',
      req.prefs.simpleMode && 'pref-simple',
    ]
      .filter(Boolean)
      .join(' ');
    next();
  };
}

export function preferencesRouter({ db, clock, config }: { db: Database; clock: Clock; config: Config }): Router {
  const router = Router();
  router.get('/preferences', (req, res) => {
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('preferences/index', { title: req.t('prefs.title') });
  });
  router.post('/preferences', async (req, res) => {
    const prefs = fromForm(req.body ?? {});
    if (req.user) await savePreferences(db, req.user.id, prefs, clock.now());
    res.cookie(COOKIE, toCookie(prefs), {
      maxAge: ONE_YEAR_MS,
      sameSite: 'lax',
      httpOnly: true,
      secure: config.env === 'production',
    });
    flash(req, { key: 'prefs.saved' });
    res.redirect(303, req.user && prefs.simpleMode ? '/simple' : '/preferences');
  });
  return router;
}
