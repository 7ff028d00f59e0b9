import { z } from 'zod';
import type { CenterInput } from '../../centers/admin.js';
import type { DayHours } from '../../centers/hours.js';
import type { FieldErrors } from '../../errors.js';
import { parseMinute } from '../../time/seoul.js';
import { idText, text } from '../../validation/input.js';

/** One zod schema per screen of the network administration; each field has its message key. */

const required = (max: number) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1));
const optional = (max: number) => text(max).transform((s) => s.trim());
const checkbox = z
  .literal('1')
  .optional()
  .transform((v) => v === '1');
const decimal = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,8})?$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max));

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const centerFields = z.object({
  code: text(40)
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/)),
  name: required(100),
  nameEn: required(100),
  district: required(40),
  districtEn: required(40),
  address: required(200),
  addressEn: required(200),
  lat: decimal(33, 39),
  lng: decimal(124, 132),
  phone: optional(30).pipe(z.string().regex(/^$|^[0-9+][0-9 -]{6,29}$/)),
  directions: optional(1000),
  directionsEn: optional(1000),
  stepFree: checkbox,
  accessibleParking: checkbox,
  operatorOrganisationId: z.union([z.literal(''), idText]).optional(),
});

/** Opening hours: open-N (checkbox), opens-N and closes-N (HH:MM), N an ISO weekday (Saturdays and Sundays too). */
function parseHours(body: Record<string, unknown>, issues: z.core.$ZodIssue[]): DayHours[] {
  const hours: DayHours[] = [];
  for (const d of WEEKDAYS) {
    if (body[`open-${d}`] !== '1') continue;
    const opens = typeof body[`opens-${d}`] === 'string' ? parseMinute(body[`opens-${d}`] as string) : undefined;
    const closes = typeof body[`closes-${d}`] === 'string' ? parseMinute(body[`closes-${d}`] as string) : undefined;
    if (opens === undefined || opens >= 1440)
      issues.push({ code: 'custom', path: [`opens-${d}`], message: 'time', input: body[`opens-${d}`] });
    else if (closes === undefined || closes <= opens)
      issues.push({ code: 'custom', path: [`closes-${d}`], message: 'after', input: body[`closes-${d}`] });
    else hours.push({ weekday: d, opensMinute: opens, closesMinute: closes });
  }
  return hours;
}

/** The center form: its fields and its week, every problem at once. */
export function parseCenterForm(
  body: Record<string, unknown>,
): { success: true; data: CenterInput } | { success: false; issues: z.core.$ZodIssue[] } {
  const parsed = centerFields.safeParse(body);
  const issues: z.core.$ZodIssue[] = parsed.success ? [] : [...parsed.error.issues];
  const hours = parseHours(body, issues);
  if (!parsed.success || issues.length) return { success: false, issues };
  const v = parsed.data;
  return {
    success: true,
    data: {
      ...v,
      phone: v.phone || null,
      operatorOrganisationId: typeof v.operatorOrganisationId === 'number' ? v.operatorOrganisationId : null,
      hours,
    },
  };
}

export const zoneForm = z.object({
  zoneCode: text(20)
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^[A-Za-z0-9가-힣-]{1,20}$/)),
  zoneName: required(100),
  zoneNameEn: required(100),
  network: z.enum(['government', 'internet']),
});

/** The desk and room features that have names (feature.* in src/i18n). */
export const FEATURES = [
  'monitor',
  'dual_monitor',
  'height_adjustable',
  'quiet',
  'accessible',
  'near_entrance',
  'window',
  'gov_network',
  'privacy_screen',
  'sink',
  'fridge',
  'video',
] as const;

export const bulkDesksForm = z
  .object({
    zoneId: idText,
    prefix: text(10)
      .transform((s) => s.trim())
      .pipe(z.string().regex(/^[A-Za-z0-9가-힣-]{0,10}$/)),
    start: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .pipe(z.number().int().min(0).max(9999)),
    count: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(200)),
    kind: z.enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room']),
    capacity: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(100)),
    features: z
      .union([z.enum(FEATURES), z.array(z.enum(FEATURES))])
      .optional()
      .transform((f) => (f === undefined ? [] : Array.isArray(f) ? [...new Set(f)] : [f])),
  })
  .refine((v) => v.start + v.count - 1 <= 9999, { path: ['count'] });

export const deskEditForm = z.object({
  label: text(20)
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^[A-Za-z0-9가-힣-]{1,20}$/)),
  kind: z.enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room']),
  capacity: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100)),
  features: z
    .union([z.enum(FEATURES), z.array(z.enum(FEATURES))])
    .optional()
    .transform((f) => (f === undefined ? [] : Array.isArray(f) ? [...new Set(f)] : [f])),
});

export const zoneEditForm = zoneForm.omit({ zoneCode: true });

const MESSAGES: Record<string, string> = {
  label: 'space.error.label',
  code: 'space.error.code',
  name: 'space.error.name',
  nameEn: 'space.error.nameEn',
  district: 'space.error.district',
  districtEn: 'space.error.districtEn',
  address: 'space.error.address',
  addressEn: 'space.error.addressEn',
  lat: 'space.error.lat',
  lng: 'space.error.lng',
  phone: 'space.error.phone',
  directions: 'space.error.directions',
  directionsEn: 'space.error.directions',
  operatorOrganisationId: 'space.error.organisation',
  zoneCode: 'space.error.zoneCode',
  zoneName: 'space.error.name',
  zoneNameEn: 'space.error.nameEn',
  network: 'space.error.network',
  zoneId: 'space.error.zone',
  prefix: 'space.error.prefix',
  start: 'space.error.start',
  count: 'space.error.count',
  kind: 'space.error.kind',
  capacity: 'space.error.capacity',
  features: 'space.error.features',
};

/** Zod issues as field errors: the first problem of each field, with its message. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) {
    const field = String(i.path[0]);
    const day = /^(opens|closes)-(\d)$/.exec(field);
    if (day) {
      errors[field] ??= {
        key: day[1] === 'opens' ? 'space.error.opens' : 'space.error.closes',
        params: { weekday: Number(day[2]) },
      };
      continue;
    }
    errors[field] ??= { key: MESSAGES[field] ?? 'error.validation' };
  }
  return errors;
}
