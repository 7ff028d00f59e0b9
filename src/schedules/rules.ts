import type { Message } from '../errors.js';
import { addDaysToDate, formatMinute, isoWeekday } from '../time/seoul.js';

/**
 * Flexible work (유연근무) rules. Every number is organisation configuration, kept here in one
 * place; the defaults follow the public guidance as we understand it.
 */
export interface ScheduleConfig {
  /** Work happens between these minutes of the day. */
  dayStart: number;
  dayEnd: number;
  /** Lunch does not count as work. */
  lunch: { start: number; end: number };
  minRestMinutes: number;
  /** Hours every working day must cover, if the organisation sets them. */
  coreHours: { start: number; end: number } | null;
  weeklyMinutes: number;
  leadDays: number;
  minPlanDays: number;
  staggered: { dayMinutes: number; earliestStart: number; latestStart: number; step: number };
  choice: { minDay: number; maxDay: number };
  compressed: { minDays: number; maxDays: number; minDay: number; maxDay: number };
  remote: { minDay: number };
}

const h = (hours: number) => hours * 60;

export const DEFAULT_SCHEDULE_CONFIG: ScheduleConfig = {
  dayStart: h(6),
  dayEnd: h(24),
  lunch: { start: h(12), end: h(13) },
  minRestMinutes: h(9),
  coreHours: null,
  weeklyMinutes: h(40),
  leadDays: 7,
  minPlanDays: 7,
  staggered: { dayMinutes: h(8), earliestStart: h(7), latestStart: h(10), step: 30 },
  choice: { minDay: h(4), maxDay: h(12) },
  compressed: { minDays: 3.5, maxDays: 4, minDay: h(4), maxDay: h(12) },
  remote: { minDay: h(4) },
};

/** 시차출퇴근형, 근무시간선택형, 집약근무형, 재량근무형, 원격근무형. */
export const SCHEDULE_TYPES = ['staggered', 'choice', 'compressed', 'discretionary', 'remote'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];
export type Place = 'hq' | 'home' | 'center';

/** One working day of a weekly pattern; days off are simply absent. */
export interface PlanDay {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  type: ScheduleType;
  place: Place;
  start: number;
  end: number;
  centerId?: number;
}

/** Minutes worked between start and end, without lunch. */
export function workedMinutes(start: number, end: number, lunch = DEFAULT_SCHEDULE_CONFIG.lunch): number {
  const overlap = Math.max(0, Math.min(end, lunch.end) - Math.max(start, lunch.start));
  return Math.max(0, end - start - overlap);
}

export interface WeekCheck {
  /** Minutes counted toward the weekly total (discretionary days count none). */
  totalMinutes: number;
  /** Errors per weekday (1–7), in plain words, plus 'week' for the whole pattern. */
  errors: Partial<Record<number | 'week', Message[]>>;
}

const hhmm = formatMinute;

/**
 * Checks a weekly pattern against the rules, explaining each broken rule at the day that
 * breaks it. `requiredMinutes` is the week's target (40 hours, a part-timer's own hours, or
 * less in a week with a public holiday).
 */
export function checkWeek(
  days: readonly PlanDay[],
  options: { requiredMinutes?: number; config?: ScheduleConfig } = {},
): WeekCheck {
  const c = options.config ?? DEFAULT_SCHEDULE_CONFIG;
  const errors: WeekCheck['errors'] = {};
  const add = (at: number | 'week', key: string, params: Record<string, string | number> = {}) => {
    errors[at] = [...(errors[at] ?? []), { key, params }];
  };
  const sorted = [...days].sort((a, b) => a.weekday - b.weekday);
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
    const worked = workedMinutes(d.start, d.end, c.lunch);
    total += worked;
    if (c.coreHours && (d.start > c.coreHours.start || d.end < c.coreHours.end)) {
      add(d.weekday, 'schedule.error.coreHours', { from: hhmm(c.coreHours.start), to: hhmm(c.coreHours.end) });
    }
    if (d.place === 'center' && !d.centerId) add(d.weekday, 'schedule.error.centerRequired');
    if ((d.place === 'home' || d.place === 'center') && worked < c.remote.minDay) {
      add(d.weekday, 'schedule.error.remoteMinimum', { hours: c.remote.minDay / 60 });
    }
    if (d.type === 'staggered') {
      if (worked !== c.staggered.dayMinutes)
        add(d.weekday, 'schedule.error.staggeredHours', { hours: c.staggered.dayMinutes / 60 });
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
      add(d.weekday, 'schedule.error.dayLength', { min: c.choice.minDay / 60, max: c.choice.maxDay / 60 });
    }
    if (d.type === 'compressed' && (worked < c.compressed.minDay || worked > c.compressed.maxDay)) {
      add(d.weekday, 'schedule.error.dayLength', { min: c.compressed.minDay / 60, max: c.compressed.maxDay / 60 });
    }
  }

  // At least nine hours of rest between two working days (Sunday to Monday included).
  for (const d of sorted) {
    const next = sorted.find((x) => x.weekday === (d.weekday % 7) + 1);
    if (!next || d.type === 'discretionary' || next.type === 'discretionary') continue;
    const rest = 1440 - d.end + next.start;
    if (rest < c.minRestMinutes) add(next.weekday, 'schedule.error.rest', { hours: c.minRestMinutes / 60 });
  }

  const counted = sorted.filter((d) => d.type !== 'discretionary');
  if (counted.length > 0) {
    const required = options.requiredMinutes ?? c.weeklyMinutes;
    if (total !== required)
      add('week', 'schedule.error.weeklyTotal', { hours: required / 60, planned: Math.round((total / 60) * 10) / 10 });
    if (sorted.some((d) => d.type === 'compressed')) {
      // A compressed week works its hours in 3.5 to 4 days: a short day (under 8 hours) counts as half a day.
      const dayCount = counted.reduce((n, d) => n + (workedMinutes(d.start, d.end, c.lunch) < h(8) ? 0.5 : 1), 0);
      if (dayCount < c.compressed.minDays || dayCount > c.compressed.maxDays) {
        add('week', 'schedule.error.compressedDays', { min: c.compressed.minDays, max: c.compressed.maxDays });
      }
    } else if (sorted.some((d) => d.type === 'staggered' || d.type === 'choice') && counted.length !== 5) {
      add('week', 'schedule.error.fiveDays');
    }
  }
  return { totalMinutes: total, errors };
}

/** A plan's period: it starts far enough ahead and lasts at least a week. */
export function checkPeriod(
  period: { from: string; to: string },
  today: string,
  config: ScheduleConfig = DEFAULT_SCHEDULE_CONFIG,
): Partial<Record<'from' | 'to', Message>> {
  const errors: Partial<Record<'from' | 'to', Message>> = {};
  const earliest = addDaysToDate(today, config.leadDays);
  if (period.from < earliest)
    errors.from = { key: 'schedule.error.lead', params: { days: config.leadDays, date: earliest } };
  if (period.to < addDaysToDate(period.from, config.minPlanDays - 1))
    errors.to = { key: 'schedule.error.minPeriod', params: { days: config.minPlanDays } };
  return errors;
}

/**
 * The hours a week must total: the organisation's (or a part-timer's own) less the planned
 * hours of any public holiday falling on a working day of that week.
 */
export function requiredMinutesForWeek(
  monday: string,
  days: readonly PlanDay[],
  holidays: ReadonlySet<string>,
  weeklyMinutes = DEFAULT_SCHEDULE_CONFIG.weeklyMinutes,
  lunch = DEFAULT_SCHEDULE_CONFIG.lunch,
): number {
  let required = weeklyMinutes;
  for (let i = 0; i < 7; i++) {
    const date = addDaysToDate(monday, i);
    const day = days.find((d) => d.weekday === isoWeekday(date));
    if (day && day.type !== 'discretionary' && holidays.has(date)) required -= workedMinutes(day.start, day.end, lunch);
  }
  return Math.max(0, required);
}
