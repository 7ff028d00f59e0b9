import type { NextFunction, Request, Response } from 'express';
import { DEFAULT_LOCALE, isLocale, type Locale, translate } from '../../i18n/index.js';

declare global {
  namespace Express {
    interface Request {
      locale: Locale;
      t: (key: string, params?: Record<string, unknown>) => string;
    }
  }
}

const COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function cookieLocale(header: string | undefined): Locale | undefined {
  const match = header?.match(/(?:^|;\s*)lang=(\w+)/);
  return match && isLocale(match[1]) ? match[1] : undefined;
}

/** ?lang=en switches the language and remembers it in a cookie; Korean otherwise. */
export function localeMiddleware(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = req.query.lang;
    let locale: Locale = cookieLocale(req.headers.cookie) ?? DEFAULT_LOCALE;
    if (isLocale(asked)) {
      locale = asked;
      res.cookie(COOKIE, asked, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true, secure: secureCookies });
    }
    req.locale = locale;
    req.t = (key, params) => translate(locale, key, params);
    res.locals.locale = locale;
    res.locals.htmlLang = locale;
    next();
  };
}
