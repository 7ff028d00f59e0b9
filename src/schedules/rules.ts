import { z } from 'zod';
import type { Message } from '../errors.js';
import { addDaysToDate, formatMinute, isDateString, isoWeekday } from '../time/seoul.js';

/**
 * Flexible work (유연근무) rules, after 국가공무원 복무규정 and the 유연근무 guidance as amended
 * since 2023. Every number is organisation configuration, kept in one object: the defaults
 * below, overridden by the `schedule_settings` row of the organisation's scope
 * (src/schedules/repository.ts). The form, the API and the jobs all use these functions.
 */
export interface ScheduleConfig {
  /** Work happens between these minutes of the day. */
  dayStart: number;
  dayEnd: number;
  /** The lunch break, which does not count as work; the organisation may move it. */
  lunch: { start: number; end: number };
  /** A day of at most this many minutes takes no lunch break (a 09–13 morning is 4 hours). */
  noLunchUpTo: number;
  minRestMinutes: number;
  /** Hours every working day must cover, if the organisation sets them. */
  coreHours: { start: number; end: number } | null;
  /** Full-time weekly hours; a part-timer's own contracted hours replace them. */
  weeklyMinutes: number;
  /** How many days ahead a plan must be submitted (0: it may start today). */
  leadDays: number;
  /** The shortest plan, in days (1: a single day). */
  minPlanDays: number;
  staggered: { dayMinutes: number; earliestStart: number; latestStart: number; step: number };
  choice: { minDay: number; maxDay: number };
  /** 집약근무형: the week's hours in at most `maxDays` attendance days. */
  compressed: { maxDays: number; minDay: number; maxDay: number };
  /** 원격근무형: remote work may be taken by the hour, at least this long. */
  remote: { minMinutes: number };
}

const h = (hours: number) => hours * 60;

export const DEFAULT_SCHEDULE_CONFIG: ScheduleConfig = {
  dayStart: h(6),
  dayEnd: h(24),
  lunch: { start: h(12), end: h(13) },
  noLunchUpTo: h(4),
  minRestMinutes: h(9),
  coreHours: null,
  weeklyMinutes: h(40),
  leadDays: 0,
  minPlanDays: 1,
  staggered: { dayMinutes: h(8), earliestStart: h(7), latestStart: h(10), step: 30 },
  choice: { minDay: h(4), maxDay: h(12) },
  compressed: { maxDays: 4, minDay: h(4), maxDay: h(12) },
  remote: { minMinutes: h(1) },
};

const minute = z.number().int().min(0).max(1440);
const span = z.object({ start: minute, end: minute }).refine((s) => s.end > s.start);

/** What an organisation may set; anything left out keeps the default. */
export const scheduleConfigSchema = z.object({
  dayStart: minute,
  dayEnd: minute,
  lunch: span,
  noLunchUpTo: minute,
  minRestMinutes: minute,
  coreHours: span.nullable(),
  weeklyMinutes: z.number().int().min(60).max(h(52)),
  leadDays: z.number().int().min(0).max(60),
  minPlanDays: z.number().int().min(1).max(366),
  staggered: z.object({
    dayMinutes: minute,
    earliestStart: minute,
    latestStart: minute,
    step: z.number().int().min(1),
  }),
  choice: z.object({ minDay: minute, maxDay: minute }),
  compressed: z.object({ maxDays: z.number().int().min(1).max(6), minDay: minute, maxDay: minute }),
  remote: z.object({ minMinutes: minute }),
});

/** The defaults with an organisation's overrides (a top-level key replaces the default's whole value). */
export function scheduleConfigFrom(overrides: unknown): ScheduleConfig {
  const partial = scheduleConfigSchema.partial().safeParse(overrides ?? {});
  return { ...DEFAULT_SCHEDULE_CONFIG, ...(partial.success ? partial.data : {}) };
}

/** 시차출퇴근형, 근무시간선택형, 집약근무형, 재량근무형, 원격근무형. */
export const SCHEDULE_TYPES = ['staggered', 'choice', 'compressed', 'discretionary', 'remote'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];
export const PLACES = ['hq', 'home', 'center'] as const;
export type Place = (typeof PLACES)[number];
export type RemotePlace = Exclude<Place, 'hq'>;

/** Part of a day worked remotely, by the hour; the rest of the day is at the office. */
export interface RemotePart {
  place: RemotePlace;
  start: number;
  end: number;
  centerId?: number;
}

/** One working day of a weekly pattern; days off are simply absent. */
export interface PlanDay {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  type: ScheduleType;
  /** Where the day is worked (for a day split by the hour: the office, with `remote` the rest). */
  place: Place;
  start: number;
  end: number;
  centerId?: number;
  remote?: RemotePart;
}

const planDaySchema = z.object({
  weekday: z.number().int().min(1).max(7),
  type: z.enum(SCHEDULE_TYPES),
  place: z.enum(PLACES),
  start: minute,
  end: minute,
  // Stored patterns may say null for "no center"; it reads as absent.
  centerId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? undefined),
  remote: z
    .object({
      place: z.enum(['home', 'center']),
      start: minute,
      end: minute,
      centerId: z
        .number()
        .int()
        .positive()
        .nullish()
        .transform((v) => v ?? undefined),
    })
    .optional(),
});

/** The weekly pattern as stored (jsonb), checked: each weekday at most once. */
export const patternSchema = z
  .array(planDaySchema)
  .max(7)
  .refine((days) => new Set(days.map((d) => d.weekday)).size === days.length);

/** Reads a stored pattern; a malformed one reads as no days (and so fails the rules), never as a crash. */
export function parsePattern(json: unknown): PlanDay[] {
  const parsed = patternSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** Minutes worked between start and end: a day longer than `noLunchUpTo` loses the lunch break it spans. */
export function workedMinutes(start: number, end: number, config: ScheduleConfig = DEFAULT_SCHEDULE_CONFIG): number {
  const length = Math.max(0, end - start);
  if (length <= config.noLunchUpTo) return length;
  const overlap = Math.max(0, Math.min(end, config.lunch.end) - Math.max(start, config.lunch.start));
  return length - overlap;
}

export interface WeekCheck {
  /** Minutes counted toward the weekly total (discretionary days count none). */
  totalMinutes: number;
  /** The week's target: full time, or the person's contracted hours. */
  requiredMinutes: number;
  /** Errors per weekday (1–7), in plain words, plus 'week' for the whole pattern. */
  errors: Partial<Record<number | 'week', Message[]>>;
}

const hhmm = formatMinute;
const hours = (m: number) => Math.round((m / 60) * 10) / 10;

/**
 * Checks a weekly pattern against the rules, explaining each broken rule at the day that
 * breaks it. `requiredMinutes` is the person's weekly hours (40 for full time, a part-timer's
 * contracted hours). A public holiday on a working day counts as that day's planned hours
 * (`holidayCredit`), so a week with a holiday is checked against the same target, for every type.
 */
export function checkWeek(
  days: readonly PlanDay[],
  options: { requiredMinutes?: number | null; config?: ScheduleConfig } = {},
): WeekCheck {
  const c = options.config ?? DEFAULT_SCHEDULE_CONFIG;
  const required = options.requiredMinutes ?? c.weeklyMinutes;
  const partTime = required < c.weeklyMinutes;
  const errors: WeekCheck['errors'] = {};
  const add = (at: number | 'week', key: string, params: Record<string, string | number> = {}) => {
    errors[at] = [...(errors[at] ?? []), { key, params }];
  };
  const sorted = [...days].sort((a, b) => a.weekday - b.weekday);
  // A part-timer's staggered day is the same share of their week as 8 hours is of 40.
  const staggeredDay = Math.round((c.staggered.dayMinutes * required) / c.weeklyMinutes / 30) * 30;
  let total = 0;

  for (const d of sorted) {
    if (d.type === 'discretionary') continue;
    if (d.end <= d.start) {
      add(d.weekday, 'schedule.error.endBeforeStart');
      continue;
    }
    if (d.start < c.dayStart || d.end > c.dayEnd)
      add(d.weekday, 'schedule.error.dayWindow', { from: hhmm(c.dayStart), to: hhmm(c.dayEnd) });
    if (d.start % 30 !== 0 || d.end % 30 !== 0) add(d.weekday, 'schedule.error.step');
    const worked = workedMinutes(d.start, d.end, c);
    total += worked;
    if (c.coreHours && (d.start > c.coreHours.start || d.end < c.coreHours.end)) {
      add(d.weekday, 'schedule.error.coreHours', { from: hhmm(c.coreHours.start), to: hhmm(c.coreHours.end) });
    }
    if (d.place === 'center' && !d.centerId) add(d.weekday, 'schedule.error.centerRequired');
    if ((d.place === 'home' || d.place === 'center') && worked < c.remote.minMinutes)
      add(d.weekday, 'schedule.error.remoteMinimum', { hours: hours(c.remote.minMinutes) });
    if (d.remote) {
      const r = d.remote;
      if (d.place !== 'hq') add(d.weekday, 'schedule.error.remoteSplit');
      else if (r.end <= r.start || r.start < d.start || r.end > d.end || r.start % 30 !== 0 || r.end % 30 !== 0)
        add(d.weekday, 'schedule.error.remoteWindow');
      else if (workedMinutes(r.start, r.end, c) < c.remote.minMinutes)
        add(d.weekday, 'schedule.error.remoteMinimum', { hours: hours(c.remote.minMinutes) });
      if (r.place === 'center' && !r.centerId) add(d.weekday, 'schedule.error.centerRequired');
    }
    // A remote day is worked (at least partly) away from the office: at home or at a center.
    if (d.type === 'remote' && d.place === 'hq' && !d.remote) add(d.weekday, 'schedule.error.remotePlace');
    if (d.type === 'staggered') {
      if (worked !== staggeredDay) add(d.weekday, 'schedule.error.staggeredHours', { hours: hours(staggeredDay) });
      if (
        d.start < c.staggered.earliestStart ||
        d.start > c.staggered.latestStart ||
        (d.start - c.staggered.earliestStart) % c.staggered.step !== 0
      ) {
        add(d.weekday, 'schedule.error.staggeredStart', {
          from: hhmm(c.staggered.earliestStart),
          to: hhmm(c.staggered.latestStart),
        });
      }
    }
    if (d.type === 'choice' && (worked < c.choice.minDay || worked > c.choice.maxDay)) {
      add(d.weekday, 'schedule.error.dayLength', { min: hours(c.choice.minDay), max: hours(c.choice.maxDay) });
    }
    if (d.type === 'compressed' && (worked < c.compressed.minDay || worked > c.compressed.maxDay)) {
      add(d.weekday, 'schedule.error.dayLength', { min: hours(c.compressed.minDay), max: hours(c.compressed.maxDay) });
    }
  }

  // At least nine hours of rest between two working days (Sunday to Monday included).
  for (const d of sorted) {
    const next = sorted.find((x) => x.weekday === (d.weekday % 7) + 1);
    if (!next || d.type === 'discretionary' || next.type === 'discretionary') continue;
    const rest = 1440 - d.end + next.start;
    if (rest < c.minRestMinutes) add(next.weekday, 'schedule.error.rest', { hours: hours(c.minRestMinutes) });
  }

  const counted = sorted.filter((d) => d.type !== 'discretionary');
  if (counted.length > 0) {
    if (total !== required)
      add('week', 'schedule.error.weeklyTotal', { hours: hours(required), planned: hours(total) });
    if (sorted.some((d) => d.type === 'compressed')) {
      // A compressed week works its hours in at most four attendance days: every day attended counts,
      // however short (a 4-hour or a 7-hour day is still a day at work).
      if (counted.length > c.compressed.maxDays)
        add('week', 'schedule.error.compressedDays', { max: c.compressed.maxDays, days: counted.length });
    } else if (!partTime && sorted.some((d) => d.type === 'staggered' || d.type === 'choice') && counted.length !== 5) {
      add('week', 'schedule.error.fiveDays');
    }
  }
  return { totalMinutes: total, requiredMinutes: required, errors };
}

/** A plan's period: real dates, not before today plus the lead time, at least the shortest plan long. */
export function checkPeriod(
  period: { from: string; to: string },
  today: string,
  config: ScheduleConfig = DEFAULT_SCHEDULE_CONFIG,
): Partial<Record<'from' | 'to', Message>> {
  const errors: Partial<Record<'from' | 'to', Message>> = {};
  if (!isDateString(period.from)) errors.from = { key: 'schedule.error.date' };
  if (!isDateString(period.to)) errors.to = { key: 'schedule.error.date' };
  if (errors.from || errors.to) return errors;
  const earliest = addDaysToDate(today, config.leadDays);
  if (period.from < earliest)
    errors.from =
      config.leadDays === 0
        ? { key: 'schedule.error.past', params: { date: earliest } }
        : { key: 'schedule.error.lead', params: { days: config.leadDays, date: earliest } };
  if (period.to < addDaysToDate(period.from, config.minPlanDays - 1))
    errors.to =
      period.to < period.from
        ? { key: 'schedule.error.toBeforeFrom' }
        : { key: 'schedule.error.minPeriod', params: { days: config.minPlanDays } };
  else if (period.to > addDaysToDate(period.from, 365)) errors.to = { key: 'schedule.error.maxPeriod' };
  return errors;
}

/**
 * The public holidays of a plan that fall on one of its working days, each credited with that
 * day's planned hours: the week still totals its target, and nobody works on the holiday.
 */
export function holidayCredits(
  period: { from: string; to: string },
  days: readonly PlanDay[],
  holidays: ReadonlySet<string>,
  config: ScheduleConfig = DEFAULT_SCHEDULE_CONFIG,
): { date: string; minutes: number }[] {
  const credits: { date: string; minutes: number }[] = [];
  for (const date of [...holidays].sort()) {
    if (date < period.from || date > period.to) continue;
    const day = days.find((d) => d.weekday === isoWeekday(date));
    if (day && day.type !== 'discretionary') credits.push({ date, minutes: workedMinutes(day.start, day.end, config) });
  }
  return credits;
}

/** The statuses of a plan that holds its period: no other such plan of the person may overlap it. */
export const ACTIVE_PLAN_STATUSES = ['submitted', 'approved'] as const;

export interface PlanPeriod {
  id: number;
  fromDate: string;
  toDate: string;
  status: string;
  replacesPlanId?: number | null;
}

/**
 * The first of the person's other plans that overlaps this one and holds its period. The plan this
 * one changes is not in the way (it steps aside when the change is approved), nor is a change of this one.
 */
export function overlappingPlan(plan: PlanPeriod, others: readonly PlanPeriod[]): PlanPeriod | undefined {
  return others.find(
    (o) =>
      o.id !== plan.id &&
      (ACTIVE_PLAN_STATUSES as readonly string[]).includes(o.status) &&
      o.id !== plan.replacesPlanId &&
      o.replacesPlanId !== plan.id &&
      o.fromDate <= plan.toDate &&
      plan.fromDate <= o.toDate,
  );
}

/**
 * What approving a change does to the plan it changes: days before the change (and before today)
 * stay covered by the old plan, which ends the day before; a change from its first day replaces it.
 */
export function changeEffect(
  old: { fromDate: string; toDate: string },
  change: { fromDate: string },
): { kind: 'superseded' } | { kind: 'shortened'; toDate: string } {
  if (change.fromDate <= old.fromDate) return { kind: 'superseded' };
  const dayBefore = addDaysToDate(change.fromDate, -1);
  return { kind: 'shortened', toDate: [dayBefore, old.toDate].sort()[0]! };
}

/** The first day a change of a plan may take effect: not before the plan, and never in the past. */
export function changeStart(plan: { fromDate: string }, today: string): string {
  return plan.fromDate > today ? plan.fromDate : today;
}

/**
 * Separation of duties: who may decide on a plan. Nobody decides on their own plan — not a
 * manager, an administrator nor an acting manager — whatever their role or delegation.
 */
export function decisionRefusal(
  actorId: number,
  ownerId: number,
  mayApprove: boolean,
): 'schedule.error.ownPlan' | 'schedule.error.notYourTeam' | null {
  if (actorId === ownerId) return 'schedule.error.ownPlan';
  return mayApprove ? null : 'schedule.error.notYourTeam';
}

/**
 * Why a plan's smart-work day has no booking: 'pending' will be booked when it enters the
 * center's horizon (the roll-forward job); 'past' was already over when the plan was approved.
 */
export const PLAN_DAY_ATTENTION = [
  'closed',
  'full',
  'leave',
  'own_booking',
  'pending',
  'past',
  'refused',
  'cancelled',
] as const;
export type PlanDayAttention = (typeof PLAN_DAY_ATTENTION)[number];

/** A smart-work day of a plan: at a center, whole or by the hour. */
export interface CenterDay {
  date: string;
  centerId: number;
  start: number;
  end: number;
}

/** The part of a pattern day spent at a smart work center (the whole day, or its remote hours there). */
export function centerPartOf(day: PlanDay | undefined): { centerId: number; start: number; end: number } | undefined {
  if (!day || day.type === 'discretionary') return undefined;
  if (day.place === 'center' && day.centerId) return { centerId: day.centerId, start: day.start, end: day.end };
  if (day.remote?.place === 'center' && day.remote.centerId)
    return { centerId: day.remote.centerId, start: day.remote.start, end: day.remote.end };
  return undefined;
}

/** The days of a plan spent at a smart work center, with their hours there, in date order. */
export function centerDays(period: { from: string; to: string }, days: readonly PlanDay[]): CenterDay[] {
  const out: CenterDay[] = [];
  for (let date = period.from, n = 0; date <= period.to && n < 400; date = addDaysToDate(date, 1), n++) {
    const part = centerPartOf(days.find((x) => x.weekday === isoWeekday(date)));
    if (part) out.push({ date, ...part });
  }
  return out;
}

/**
 * Whether a plan's center day is booked at approval: never a day already over, and only up to
 * the center's booking horizon; later days wait ('beyond_horizon') for the daily roll-forward.
 */
export function bookingWindow(
  day: { date: string; end: number },
  today: string,
  nowMinute: number,
  horizonDays: number,
): 'past' | 'beyond_horizon' | 'now' {
  if (day.date < today || (day.date === today && day.end <= nowMinute)) return 'past';
  if (day.date > addDaysToDate(today, horizonDays)) return 'beyond_horizon';
  return 'now';
}

export type WhereKind = 'hq' | 'home' | 'center' | 'leave' | 'off' | 'holiday' | 'closed';

export interface Whereabouts {
  kind: WhereKind;
  centerId?: number;
  start?: number;
  end?: number;
  /** Where the person actually was (a check-in), rather than where they planned to be. */
  actual?: boolean;
  /** A day split by the hour: the remote part. */
  remote?: RemotePart;
}

/**
 * Who works where on a day, for the team calendar. What happened beats what was planned: a
 * check-in at a center shows the center. Then leave, public holidays and network-wide closures,
 * then the approved plan; without a plan, headquarters on weekdays and off at weekends.
 */
export function whereOn(
  date: string,
  facts: {
    plans: readonly { fromDate: string; toDate: string; pattern: readonly PlanDay[] }[];
    absences: readonly { startsOn: string; endsOn: string }[];
    checkIns?: readonly { date: string; centerId: number; start: number; end: number }[];
    holiday?: boolean;
    /** Centers closed that day (maintenance and other closures of their own). */
    closedCenters?: ReadonlySet<number>;
  },
): Whereabouts {
  const checkIn = facts.checkIns?.find((c) => c.date === date);
  if (checkIn)
    return { kind: 'center', centerId: checkIn.centerId, start: checkIn.start, end: checkIn.end, actual: true };
  if (facts.absences.some((a) => a.startsOn <= date && date <= a.endsOn)) return { kind: 'leave' };
  if (facts.holiday) return { kind: 'holiday' };
  const plan = facts.plans.find((p) => p.fromDate <= date && date <= p.toDate);
  const weekday = isoWeekday(date);
  if (!plan) return weekday <= 5 ? { kind: 'hq' } : { kind: 'off' };
  const day = plan.pattern.find((d) => d.weekday === weekday);
  if (!day) return { kind: 'off' };
  if (day.place === 'center' && day.centerId && facts.closedCenters?.has(day.centerId))
    return { kind: 'closed', centerId: day.centerId, start: day.start, end: day.end };
  return { kind: day.place, centerId: day.centerId, start: day.start, end: day.end, remote: day.remote };
}
