import type { NextFunction, Request, Response } from 'express';
import { inputErrorStatus, isDatabaseUnavailable } from '../db/failures.js';
import { DomainError, type FieldErrors, NotFoundError } from '../errors.js';
import { type Locale, translate } from '../i18n/index.js';
import { RETRY_AFTER_SECONDS } from '../web/middleware/errors.js';
import { InputValidationError } from './validate.js';

/** RFC 9457 problem types of this API; documented at /api/docs. */
export const PROBLEM_TYPES = {
  validation: '/api/problems/validation',
  malformed: '/api/problems/malformed-request',
  conflict: '/api/problems/conflict',
  notFound: '/api/problems/not-found',
  forbidden: '/api/problems/forbidden',
  unauthorized: '/api/problems/unauthorized',
  rateLimited: '/api/problems/rate-limited',
  methodNotAllowed: '/api/problems/method-not-allowed',
  unavailable: '/api/problems/unavailable',
  server: '/api/problems/server-error',
} as const;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The API speaks Korean when the client asks for it first, English otherwise (clients are mostly programs). */
export function apiLocale(req: Request): Locale {
  const header = req.get('accept-language') ?? '';
  return /^\s*ko\b/i.test(header) ? 'ko' : 'en';
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

export function fieldErrorList(
  locale: Locale,
  errors: FieldErrors,
  rename = true,
): { field: string; message: string }[] {
  return Object.entries(errors).flatMap(([field, m]) =>
    m ? [{ field: (rename ? API_FIELD[field] : undefined) ?? field, message: translate(locale, m.key, m.params) }] : [],
  );
}

/** Maps a domain error to its problem; an unknown desk in a body is a field error (422), not a missing page. */
export function problemFromDomainError(locale: Locale, err: DomainError): ProblemBody {
  // Errors about the request's own fields keep their names; the booking rules' fields are renamed.
  const errors = fieldErrorList(locale, err.fieldErrors, !(err instanceof InputValidationError));
  const detail = errors[0]?.message ?? translate(locale, err.key, err.params);
  if (err instanceof NotFoundError && errors.length > 0) {
    return { type: PROBLEM_TYPES.validation, title: 'Unprocessable request', status: 422, detail, errors };
  }
  const byStatus: Record<number, [string, string]> = {
    400: [PROBLEM_TYPES.malformed, 'Bad request'],
    403: [PROBLEM_TYPES.forbidden, 'Forbidden'],
    404: [PROBLEM_TYPES.notFound, 'Not found'],
    409: [PROBLEM_TYPES.conflict, 'Conflict'],
    422: [PROBLEM_TYPES.validation, 'Unprocessable request'],
  };
  const [type, title] = byStatus[err.status] ?? [PROBLEM_TYPES.malformed, 'Bad request'];
  return { type, title, status: err.status, detail, ...(errors.length ? { errors } : {}) };
}

/** The API's one error handler: problem+json for everything, never HTML, never a stack trace. */
export function apiErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const locale = apiLocale(req);
  if (err instanceof DomainError) {
    sendProblem(res, problemFromDomainError(locale, err));
    return;
  }
  const e = (err ?? {}) as { status?: number; type?: string };
  if (e.type === 'entity.parse.failed') {
    sendProblem(res, {
      type: PROBLEM_TYPES.malformed,
      title: 'Malformed JSON',
      status: 400,
      detail: 'The body is not valid JSON.',
    });
  } else if (e.type === 'entity.too.large') {
    sendProblem(res, {
      type: PROBLEM_TYPES.malformed,
      title: 'Body too large',
      status: 413,
      detail: 'The body is larger than 16 kB.',
    });
  } else if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    sendProblem(res, {
      type: PROBLEM_TYPES.unavailable,
      title: 'Service unavailable',
      status: 503,
      detail: translate(locale, 'error.unavailable'),
    });
  } else if (inputErrorStatus(err) !== undefined) {
    const status = inputErrorStatus(err)!;
    sendProblem(res, {
      type: status === 422 ? PROBLEM_TYPES.validation : PROBLEM_TYPES.malformed,
      title: status === 422 ? 'Unprocessable request' : 'Bad request',
      status,
      detail: translate(locale, 'error.badInput'),
    });
  } else if (e.status && e.status >= 400 && e.status < 500) {
    sendProblem(res, { type: PROBLEM_TYPES.malformed, title: 'Bad request', status: e.status });
  } else {
    req.log?.error({ err }, 'unhandled API error');
    sendProblem(res, {
      type: PROBLEM_TYPES.server,
      title: 'Server error',
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${String(req.id ?? '')}.`,
    });
  }
}
