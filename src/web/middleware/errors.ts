import type { NextFunction, Request, Response } from 'express';
import { inputErrorStatus, isDatabaseUnavailable } from '../../db/failures.js';
import { DomainError } from '../../errors.js';
import { DEFAULT_LOCALE, isLocale, type Locale, translate } from '../../i18n/index.js';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  code?: string;
  type?: string;
  expose?: boolean;
}

/** Seconds a client should wait before trying again while the service is unavailable. */
export const RETRY_AFTER_SECONDS = 30;

function wantsJson(req: Request): boolean {
  const url = req.originalUrl ?? req.url ?? '';
  if (url.startsWith('/api/')) return true;
  try {
    return req.accepts(['html', 'json']) === 'json';
  } catch {
    return false;
  }
}

/**
 * The person's language even when the locale middleware has not run (an error in body parsing,
 * the session store or the database comes before it): the `lang` cookie, then Accept-Language.
 */
export function localeOf(req: Request): Locale {
  if (isLocale(req.locale)) return req.locale;
  const cookie = /(?:^|;\s*)lang=(\w+)/.exec(req.headers?.cookie ?? '')?.[1];
  if (isLocale(cookie)) return cookie;
  const accept = req.headers?.['accept-language'] ?? '';
  for (const part of accept.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return DEFAULT_LOCALE;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Our error page or problem+json; never Express's own page, never a stack trace, whatever ran before. */
export function sendErrorPage(
  req: Request,
  res: Response,
  status: number,
  titleKey: string,
  messageKey: string,
  params: Record<string, string | number> = {},
): void {
  const locale = localeOf(req);
  const title = translate(locale, titleKey, params);
  const message = translate(locale, messageKey, params);
  res.status(status);
  if (status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  if (status >= 500) res.set('Cache-Control', 'no-store');
  if (wantsJson(req)) {
    // The API's own problem type for 503 (see src/api/problem.ts), so clients can tell it apart.
    const api = (req.originalUrl ?? '').startsWith('/api/');
    const type = api && status === 503 ? '/api/problems/service-unavailable' : 'about:blank';
    res.type('application/problem+json').send(JSON.stringify({ type, title, status, detail: message }));
    return;
  }
  res.locals.locale ??= locale;
  res.locals.htmlLang ??= locale;
  res.locals.otherLocale ??= locale === 'ko' ? 'en' : 'ko';
  res.render('errors/error', { title, message }, (err, html) => {
    if (!err) {
      res.send(html);
      return;
    }
    // The layout itself failed (it may need something that never ran): a bare page, still ours.
    req.log?.error({ err }, 'error page failed to render');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
          `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(translate(locale, 'error.home'))}</a></p></main></body></html>`,
      );
  });
}

/** 503 "temporarily unavailable": the database cannot be reached, or the request ran past its deadline. */
export function sendUnavailable(req: Request, res: Response, reason: 'database' | 'timeout'): void {
  sendErrorPage(req, res, 503, 'error.unavailableTitle', reason === 'timeout' ? 'error.timeout' : 'error.unavailable');
}

export function notFoundHandler(req: Request, res: Response): void {
  sendErrorPage(req, res, 404, 'error.notFoundTitle', 'error.notFound');
}

/** Client errors raised by body parsing and other middleware, by their `type`. */
const TOO_LARGE = new Set(['entity.too.large', 'parameters.too.many']);

/**
 * The one place errors become responses: domain errors and client errors (bad body, bad CSRF
 * token) get their 4xx page; an unreachable database gets 503 with Retry-After; anything else
 * is logged and answered with a 500 page that shows a reference number, never a stack trace.
 * It relies on nothing that another middleware sets: it may run before any of them.
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) {
    // The deadline may already have answered; a late error from the abandoned handler ends here.
    if (!res.writableEnded) res.end();
    return;
  }
  const e = (err ?? {}) as HttpLikeError;
  const status = e.status ?? e.statusCode ?? 500;
  if (err instanceof DomainError) {
    const titleKey =
      err.status === 404 ? 'error.notFoundTitle' : err.status === 403 ? 'error.forbiddenTitle' : 'error.summaryTitle';
    sendErrorPage(req, res, err.status, titleKey, err.key, err.params);
  } else if (e.code === 'EBADCSRFTOKEN') {
    sendErrorPage(req, res, 403, 'error.forbiddenTitle', 'error.csrf');
  } else if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    sendUnavailable(req, res, 'database');
  } else if (inputErrorStatus(err) !== undefined) {
    req.log?.warn({ err }, 'database refused a value from the request');
    sendErrorPage(req, res, inputErrorStatus(err)!, 'error.summaryTitle', 'error.badInput');
  } else if (typeof e.type === 'string' && TOO_LARGE.has(e.type)) {
    sendErrorPage(req, res, 413, 'error.tooLargeTitle', 'error.tooLarge');
  } else if (status >= 400 && status < 500) {
    sendErrorPage(req, res, status, 'error.summaryTitle', 'error.badRequest');
  } else {
    req.log?.error({ err }, 'unhandled error');
    sendErrorPage(req, res, 500, 'error.serverTitle', 'error.server', { id: String(req.id ?? '') });
  }
}
