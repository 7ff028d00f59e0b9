import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldErrors, NotFoundError } from '../errors.js';
import { isLocale, type Locale, translate } from '../i18n/index.js';
import { extensionsOf, PROBLEM_SLUGS, type ProblemSlug, problemUri, slugOf } from './problem-types.js';

/** RFC 9457 problem types of this API; each URI answers with a page or JSON (see problem-types.ts). */
export const PROBLEM_TYPES = {
  validation: problemUri('validation'),
  malformed: problemUri('malformed-request'),
  conflict: problemUri('conflict'),
  notFound: problemUri('not-found'),
  forbidden: problemUri('forbidden'),
  unauthorized: problemUri('unauthorized'),
  rateLimited: problemUri('rate-limited'),
  server: problemUri('server-error'),
  unavailable: problemUri('service-unavailable'),
  methodNotAllowed: problemUri('method-not-allowed'),
} as const;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * The language of an answer: `?lang=ko|en`, else the best match of Accept-Language (q-values
 * honoured), else English — API clients are mostly programs.
 */
export function apiLocale(req: Request): Locale {
  const asked = req.query?.lang;
  if (isLocale(asked)) return asked;
  if (!req.get('accept-language')) return 'en';
  const best = req.acceptsLanguages('en', 'ko');
  return best === 'ko' ? 'ko' : 'en';
}

/** A problem of a known type in the client's language; `detailKey` names the message for `detail`. */
export function problemOf(
  locale: Locale,
  slug: ProblemSlug,
  detailKey?: string,
  params: Record<string, string | number> = {},
): ProblemBody {
  return {
    type: problemUri(slug),
    title: translate(locale, `problem.${slug}`),
    status: PROBLEM_SLUGS[slug],
    ...(detailKey ? { detail: translate(locale, detailKey, params) } : {}),
  };
}

export function sendProblem(res: Response, problem: ProblemBody): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .set('Cache-Control', 'no-store')
    .send(JSON.stringify(problem));
}

/** Form fields of the web booking form named as the API's fields. */
const API_FIELD: Record<string, string> = { date: 'start', start: 'start', end: 'end', deskId: 'deskId' };

export function fieldErrorList(locale: Locale, errors: FieldErrors): { field: string; message: string }[] {
  return Object.entries(errors).flatMap(([field, m]) =>
    m ? [{ field: API_FIELD[field] ?? field, message: translate(locale, m.key, m.params) }] : [],
  );
}

/**
 * Maps a domain error to its problem: a distinct type per refusal (desk-taken, beyond-horizon,
 * held-for-needs…) with structured members; an unknown desk in a body is a field error (422),
 * not a missing page.
 */
export function problemFromDomainError(locale: Locale, err: DomainError): ProblemBody {
  const errors = fieldErrorList(locale, err.fieldErrors);
  const detail = errors[0]?.message ?? translate(locale, err.key, err.params);
  const slug: ProblemSlug = err instanceof NotFoundError && errors.length > 0 ? 'validation' : slugOf(err);
  return {
    type: problemUri(slug),
    title: translate(locale, `problem.${slug}`),
    status: slug === 'validation' ? 422 : err.status,
    detail,
    ...extensionsOf(err),
    ...(errors.length ? { errors } : {}),
  };
}

/** The API's one error handler: problem+json for everything, never HTML, never a stack trace. */
export function apiErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const locale = apiLocale(req);
  if (err instanceof DomainError) {
    sendProblem(res, problemFromDomainError(locale, err));
    return;
  }
  const e = (err ?? {}) as { status?: number; type?: string };
  if (e.type === 'entity.parse.failed') {
    sendProblem(res, problemOf(locale, 'malformed-request', 'api.malformedJson'));
  } else if (e.type === 'entity.too.large') {
    sendProblem(res, { ...problemOf(locale, 'malformed-request', 'api.bodyTooLarge'), status: 413 });
  } else if (e.status && e.status >= 400 && e.status < 500) {
    sendProblem(res, { ...problemOf(locale, 'malformed-request', 'error.badRequest'), status: e.status });
  } else {
    req.log?.error({ err }, 'unhandled API error');
    sendProblem(res, problemOf(locale, 'server-error', 'api.serverError', { id: String(req.id ?? '') }));
  }
}
