import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { isDateString, MAX_DATE, MIN_DATE } from '../time/seoul.js';

/**
 * The one parser for what people and programs send: path params, query strings, form fields
 * and JSON. Every router takes its ids, dates, months and free text from here, so a bad value
 * is refused (400/404/422) before it reaches a rule or the database, never turned into 0, NaN,
 * a foreign-key error or an endless date loop.
 */

/** The largest id a PostgreSQL `integer` (serial) column holds: 2^31 - 1. */
export const MAX_ID = 2_147_483_647;

// C0 controls and DEL, except tab, line feed and carriage return (text areas send those).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A UTF-16 surrogate without its pair cannot be stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string holds a character no field of ours accepts (NUL and other controls, broken UTF-16). */
export function hasForbiddenCharacters(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}

/** An id as text (path, query, form): decimal digits only, 1 … 2^31-1; no sign, decimals, exponents or spaces. */
export const idText = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .refine((n) => n <= MAX_ID);

/** An id in JSON: an integer 1 … 2^31-1. */
export const idNumber = z.number().int().positive().max(MAX_ID);

/** A real calendar date YYYY-MM-DD between MIN_DATE and MAX_DATE. */
export const dateText = z.string().refine(isDateString, { message: `a date from ${MIN_DATE} to ${MAX_DATE}` });

/** A month YYYY-MM whose days are all within MIN_DATE..MAX_DATE. */
export const monthText = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .refine((m) => m >= MIN_DATE.slice(0, 7) && m <= MAX_DATE.slice(0, 7), {
    message: `a month from ${MIN_DATE.slice(0, 7)} to ${MAX_DATE.slice(0, 7)}`,
  });

/** Free text of at most `max` characters with no control characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasForbiddenCharacters(s), { message: 'no control characters' });

/** The first instant and the end of the supported range, for API date-times. */
export const MIN_INSTANT_MS = Date.parse(`${MIN_DATE}T00:00:00+09:00`);
export const MAX_INSTANT_MS = Date.parse(`${MAX_DATE}T24:00:00+09:00`);
export function isSupportedInstant(s: string): boolean {
  const ms = Date.parse(s);
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms < MAX_INSTANT_MS;
}

/** An id from anything (a param, a query value, a form field), or undefined when it is not a valid id. */
export function parseId(value: unknown): number | undefined {
  const parsed = idText.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** An id that names a thing in a path: anything else is that thing not found (404). */
export function idOrNotFound(value: unknown, notFoundKey: string): number {
  const id = parseId(value);
  if (id === undefined) throw new NotFoundError(notFoundKey);
  return id;
}

/** A calendar date in the supported range, or undefined. */
export function parseDate(value: unknown): string | undefined {
  return isDateString(value) ? value : undefined;
}

/** A string value from a query or form (not an array, not an object), or undefined. */
export function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Free text from a form field: a string without control characters, cut to `max`; anything else is ''. */
export function formText(value: unknown, max: number): string {
  return typeof value === 'string' && !hasForbiddenCharacters(value) ? value.slice(0, max) : '';
}

/** Finds the first string with forbidden characters in a parsed query or body (nested objects and arrays). */
export function findForbiddenString(value: unknown, depth = 0): string | undefined {
  if (depth > 20) return '(too deep)';
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? value : undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = findForbiddenString(v, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = findForbiddenString(k, depth + 1) ?? findForbiddenString(v, depth + 1);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
