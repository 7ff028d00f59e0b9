import { z } from 'zod';
import { PLACES, type PlanDay, SCHEDULE_TYPES } from '../../schedules/rules.js';
import type { PlanInput } from '../../schedules/service.js';
import { isDateString, parseMinute } from '../../time/seoul.js';

/** One zod schema per screen of flexible work; the rules themselves live in src/schedules/rules.ts. */

const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, max) : ''), z.string());
const minuteOf = (fallback: number) =>
  z.preprocess((v) => (typeof v === 'string' ? (parseMinute(v) ?? fallback) : fallback), z.number());
const optionalMinute = z.preprocess(
  (v) => (typeof v === 'string' && v ? parseMinute(v) : undefined),
  z.number().optional(),
);
const optionalId = z.preprocess((v) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}, z.number().optional());

/** One weekday's row of the plan form. */
const dayRow = z.object({
  work: z.preprocess((v) => v === '1', z.boolean()),
  type: z.enum(SCHEDULE_TYPES).catch('choice'),
  place: z.enum(PLACES).catch('hq'),
  center: optionalId,
  start: minuteOf(540),
  end: minuteOf(1080),
  remotePlace: z.enum(['home', 'center']).optional().catch(undefined),
  remoteStart: optionalMinute,
  remoteEnd: optionalMinute,
});

/** The plan form (새 계획, 고치기): period, weekly pattern, discretionary project, and which button. */
export const planForm = z.object({
  fromDate: text(10),
  toDate: text(10),
  project: text(200),
  outcome: text(500),
  action: z.enum(['check', 'save']).catch('save'),
  planId: optionalId,
});

/** The weekly pattern from the form: one row per weekday, worked when its box is ticked. */
export function parsePlanForm(body: Record<string, unknown>): {
  input: PlanInput;
  action: 'check' | 'save';
  planId?: number;
} {
  const form = planForm.parse(body);
  const pattern: PlanDay[] = [];
  for (let w = 1; w <= 7; w++) {
    const row = dayRow.parse({
      work: body[`work-${w}`],
      type: body[`type-${w}`],
      place: body[`place-${w}`],
      center: body[`center-${w}`],
      start: body[`start-${w}`],
      end: body[`end-${w}`],
      remotePlace: body[`remote-place-${w}`] || undefined,
      remoteStart: body[`remote-start-${w}`],
      remoteEnd: body[`remote-end-${w}`],
    });
    if (!row.work) continue;
    const day: PlanDay = {
      weekday: w,
      type: row.type,
      place: row.place,
      start: row.start,
      end: row.end,
      ...(row.place === 'center' && row.center ? { centerId: row.center } : {}),
    };
    // Remote work by the hour: part of the day at home or at a center, the rest at the office.
    if (row.remotePlace && row.remoteStart !== undefined && row.remoteEnd !== undefined)
      day.remote = {
        place: row.remotePlace,
        start: row.remoteStart,
        end: row.remoteEnd,
        ...(row.remotePlace === 'center' && row.center ? { centerId: row.center } : {}),
      };
    pattern.push(day);
  }
  return {
    input: { fromDate: form.fromDate, toDate: form.toDate, pattern, project: form.project, outcome: form.outcome },
    action: form.action,
    planId: form.planId,
  };
}

/** An id in the path: a positive integer, or nothing (which reads as not found). */
export const idParam = z.coerce.number().int().positive().catch(0);

/** A decision on one plan in the queue. */
export const decisionForm = z.object({
  decision: z.enum(['approved', 'rejected']).catch('rejected'),
  comment: text(500),
});

/** Several plans approved at once. */
export const bulkForm = z.object({
  ids: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number).filter((n) => Number.isInteger(n) && n > 0),
    ),
  comment: text(500),
});

/** Handing approvals to an acting manager for a period. */
export const delegationForm = z
  .object({
    username: text(100).transform((v) => v.toLowerCase()),
    startsOn: z.string().refine(isDateString),
    endsOn: z.string().refine(isDateString),
  })
  .refine((v) => v.endsOn >= v.startsOn);

/** The approval queue's filters. */
export const queueFilter = z.object({
  type: z.enum(SCHEDULE_TYPES).optional().catch(undefined),
  team: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The team calendar's week. */
export const calendarQuery = z.object({
  week: z.string().refine(isDateString).optional().catch(undefined),
});
