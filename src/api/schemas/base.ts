/** The registry the OpenAPI components come from, and the scalar types every schema shares. */
import { z } from 'zod';
import { isDateString, MAX_DATE, MIN_DATE } from '../../time/seoul.js';
import { isSupportedInstant } from '../../validation/input.js';

export const apiRegistry = z.registry<{ id: string }>();

export const id = z.number().int().positive();
// Responses carry these; requests are checked against the supported range as well (src/validation/input.ts).
export const dateTime = z.iso
  .datetime({ offset: true })
  .describe('RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00');
export const localDate = z.iso.date().describe('A calendar date in Asia/Seoul, YYYY-MM-DD');
export const dateTimeIn = dateTime
  .refine(isSupportedInstant, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00, from ${MIN_DATE} to ${MAX_DATE}`);
export const localDateIn = localDate
  .refine(isDateString, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`A calendar date in Asia/Seoul, YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}`);
export const hhmm = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .describe('Local time in Asia/Seoul, HH:MM');

/** A registered `{ data: [...] }` envelope. */
export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item) }).register(apiRegistry, { id: name });
