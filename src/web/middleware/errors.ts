import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../errors.js';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  code?: string;
  type?: string;
  expose?: boolean;
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

function render(req: Request, res: Response, status: number, titleKey: string, messageKey: string, params = {}) {
  res.status(status);
  if (wantsJson(req)) {
    res
      .type('application/problem+json')
      .send(JSON.stringify({ type: 'about:blank', title: req.t(titleKey), status, detail: req.t(messageKey, params) }));
    return;
  }
  res.render('errors/error', { title: req.t(titleKey), message: req.t(messageKey, params) });
}

export function notFoundHandler(req: Request, res: Response): void {
  render(req, res, 404, 'error.notFoundTitle', 'error.notFound');
}

/**
 * The one place errors become responses: domain errors and client errors (bad body, bad CSRF
 * token) get their 4xx page; anything else is logged and answered with a 500 page that
 * shows a reference number, never a stack trace.
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const e = (err ?? {}) as HttpLikeError;
  const status = e.status ?? e.statusCode ?? 500;
  if (err instanceof DomainError) {
    const titleKey =
      err.status === 404 ? 'error.notFoundTitle' : err.status === 403 ? 'error.forbiddenTitle' : 'error.summaryTitle';
    render(req, res, err.status, titleKey, err.key, err.params);
  } else if (e.code === 'EBADCSRFTOKEN') {
    render(req, res, 403, 'error.forbiddenTitle', 'error.csrf');
  } else if (status >= 400 && status < 500) {
    render(req, res, status, 'error.summaryTitle', 'error.badRequest');
  } else {
    req.log?.error({ err }, 'unhandled error');
    render(req, res, 500, 'error.serverTitle', 'error.server', { id: String(req.id ?? '') });
  }
}
