/** Flexible-work plans (유연근무): requests, decisions, the saved plan and the rules’ verdict. */
import { z } from 'zod';
import { idNumber, text } from '../../validation/input.js';
import { apiRegistry, hhmm, id, localDate, localDateIn } from './base.js';

const hhmmIn = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)
  .describe('Local time in Asia/Seoul, HH:MM');
const scheduleType = z.enum(['staggered', 'choice', 'compressed', 'discretionary', 'remote']);
const place = z.enum(['hq', 'home', 'center']);

export const PlanRequestDay = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday; days off are left out'),
    type: scheduleType,
    place: place.describe('Where the day is worked; with `remote`, the office part of a day split by the hour'),
    start: hhmmIn,
    end: hhmmIn,
    centerId: idNumber.nullish().describe('The smart work center, when place is center'),
    remote: z
      .object({ place: z.enum(['home', 'center']), start: hhmmIn, end: hhmmIn, centerId: idNumber.nullish() })
      .strict()
      .nullish()
      .describe('Remote work by the hour on an office day'),
  })
  .strict()
  .register(apiRegistry, { id: 'PlanDay' });

export const PlanRequest = z
  .object({
    from: localDateIn,
    to: localDateIn,
    pattern: z.array(PlanRequestDay).max(7).describe('The weekly pattern, repeated over the period'),
    project: text(200).optional().describe('Discretionary work: the project'),
    outcome: text(500).optional().describe('Discretionary work: the expected outcome'),
    dryRun: z.boolean().optional().describe('Only check against the rules; save nothing'),
  })
  .strict()
  .register(apiRegistry, { id: 'PlanRequest' });

export const DecisionRequest = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: text(500).optional(),
  })
  .strict()
  .register(apiRegistry, { id: 'DecisionRequest' });

const PlanDayOut = z.object({
  weekday: z.number().int(),
  type: scheduleType,
  place,
  start: hhmm,
  end: hhmm,
  centerId: z.number().int().nullable(),
  remote: z
    .object({ place: z.enum(['home', 'center']), start: hhmm, end: hhmm, centerId: z.number().int().nullable() })
    .nullable(),
});

export const Plan = z
  .object({
    id,
    userId: id,
    from: localDate,
    to: localDate,
    status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'superseded']),
    pattern: z.array(PlanDayOut),
    project: z.string(),
    outcome: z.string(),
    comment: z.string().describe('The decision’s comment'),
    replacesPlanId: z.number().int().nullable(),
  })
  .register(apiRegistry, { id: 'Plan' });

export const PlanCheckResult = z
  .object({
    ok: z.boolean().describe('Whether the plan meets every rule and can be submitted'),
    weeklyHours: z.number(),
    requiredHours: z.number().describe('Full time, or your contracted hours'),
    holidays: z.array(z.object({ date: localDate, hours: z.number(), reason: z.string() })),
    problems: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .register(apiRegistry, { id: 'PlanCheck' });

export const PlanWithCheck = z
  .object({ plan: Plan, check: PlanCheckResult })
  .register(apiRegistry, { id: 'PlanWithCheck' });

export const TeamWeekQuery = z.object({
  date: localDateIn.optional().describe('Any day of the week; defaults to today'),
});
