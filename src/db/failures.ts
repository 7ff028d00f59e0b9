import { pgErrorOf } from './client.js';

/**
 * What a database error says about the request: the database is unreachable (503, try again),
 * or it refused a value that can only have come from the input (4xx). Everything else is a bug.
 */

// Node socket errors and postgres.js's own connection errors.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECTION_CLOSED',
  'CONNECT_TIMEOUT',
]);

// SQLSTATEs of a server going away or not taking connections: class 08 (connection exception),
// 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    out.push(e);
    const o = e as { cause?: unknown; errors?: unknown };
    // AggregateError (a refused connection to both ::1 and 127.0.0.1) keeps its parts in `errors`.
    if (Array.isArray(o.errors)) out.push(...o.errors);
    e = o.cause;
  }
  return out;
}

/** True when the error means the database cannot be reached now (not that the query was wrong). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causes(err).some((e) => {
    const o = e as { code?: unknown; message?: unknown };
    if (typeof o.code === 'string' && (CONNECTION_CODES.has(o.code) || UNAVAILABLE_SQLSTATE.test(o.code))) return true;
    // PGlite, once closed, answers every query with this.
    return typeof o.message === 'string' && /PGlite is closed/i.test(o.message);
  });
}

/**
 * The HTTP status for a database refusal that can only come from a bad value in the request:
 * 22P02 invalid text, 22007/22008 bad or overflowing date, 22003 number out of range, 22001
 * string too long, 22021 NUL or bad encoding (400); 23503 a row named that does not exist (422).
 * Undefined for anything else.
 */
export function inputErrorStatus(err: unknown): number | undefined {
  const code = pgErrorOf(err)?.code;
  if (!code) return undefined;
  if (['22P02', '22007', '22008', '22003', '22001', '22021', '22P05', '2201B'].includes(code)) return 400;
  if (code === '23503') return 422;
  return undefined;
}

/**
 * True when PostgreSQL cancelled the statement to break a deadlock (40P01) or a serialization
 * conflict (40001): nothing was wrong with the request, and the same work tried again settles.
 * Two bookings inserted at the same moment can each wait for the other's exclusion-constraint
 * check; PostgreSQL then cancels one of them (its documented behaviour for exclusion constraints).
 */
export function isTransientConflict(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '40P01' || code === '40001';
}

/** Runs `work` again (up to `attempts` times in all) while it fails with a transient conflict. */
export async function retryTransient<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !isTransientConflict(err)) throw err;
      // A few milliseconds apart, so two retried requests do not meet again in the same step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
