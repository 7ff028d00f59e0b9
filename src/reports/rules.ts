import { SCHEDULE_TYPES, type ScheduleType } from '../schedules/rules.js';
import { addDaysToDate, datesBetween, isDateString, isoWeekday } from '../time/seoul.js';

/**
 * The rules of the utilisation reports, with no I/O: which ranges may be asked for, how days are
 * grouped, how rates and averages are taken, and how counts of people are kept anonymous.
 */

/** The longest range a report covers: three years, one of them a leap year (3 × 365 + 1 days). */
export const MAX_REPORT_DAYS = 3 * 365 + 1;

/** Fewer people than this in a group (a district, a team) and the group is shown as "other". */
export const MIN_GROUP = 5;

export type RangeError = 'from' | 'to' | 'order' | 'tooLong';

/** A report's range, inclusive Seoul dates. */
export interface ReportRange {
  from: string;
  to: string;
}

/**
 * The 30 days up to and including `today`: what a report shows when no range is asked for. (The
 * last full month was empty early in a month, and for a center opened this month, which read as
 * "reports are broken".)
 */
export function defaultRange(today: string): ReportRange {
  return { from: addDaysToDate(today, -29), to: today };
}

/** Checks the dates people typed: real dates in the supported range, in order, at most three years apart. */
export function checkRange(
  from: string,
  to: string,
): { range?: ReportRange; error?: { field: 'from' | 'to'; kind: RangeError } } {
  if (!isDateString(from)) return { error: { field: 'from', kind: 'from' } };
  if (!isDateString(to)) return { error: { field: 'to', kind: 'to' } };
  if (to < from) return { error: { field: 'to', kind: 'order' } };
  if (daysIn({ from, to }) > MAX_REPORT_DAYS) return { error: { field: 'to', kind: 'tooLong' } };
  return { range: { from, to } };
}

/** Days in an inclusive range. */
export function daysIn(range: ReportRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
}

export type Granularity = 'day' | 'week' | 'month';

/** Days for up to two months, ISO weeks (from Monday) up to a year, months beyond. */
export function granularityFor(range: ReportRange): Granularity {
  const n = daysIn(range);
  if (n <= 62) return 'day';
  if (n <= 366) return 'week';
  return 'month';
}

/** The first day of the period a date falls in: itself, its Monday, or the first of its month. */
export function periodStart(date: string, g: Granularity): string {
  if (g === 'day') return date;
  if (g === 'week') return addDaysToDate(date, 1 - isoWeekday(date));
  return `${date.slice(0, 7)}-01`;
}

export interface DayFigures {
  booked: number;
  present: number;
  noShow: number;
  cancelled: number;
  bookedMinutes: number;
  stayMinutes: number;
}

export const ZERO: DayFigures = { booked: 0, present: 0, noShow: 0, cancelled: 0, bookedMinutes: 0, stayMinutes: 0 };

export function addFigures(a: DayFigures, b: DayFigures): DayFigures {
  return {
    booked: a.booked + b.booked,
    present: a.present + b.present,
    noShow: a.noShow + b.noShow,
    cancelled: a.cancelled + b.cancelled,
    bookedMinutes: a.bookedMinutes + b.bookedMinutes,
    stayMinutes: a.stayMinutes + b.stayMinutes,
  };
}

/** Every period of the range in order, each with its figures (zero where nothing happened). */
export function periods(
  range: ReportRange,
  g: Granularity,
  days: ReadonlyMap<string, DayFigures>,
): { start: string; figures: DayFigures }[] {
  const out = new Map<string, DayFigures>();
  for (const d of datesBetween(range.from, range.to)) {
    const key = periodStart(d, g);
    out.set(key, addFigures(out.get(key) ?? ZERO, days.get(d) ?? ZERO));
  }
  return [...out].map(([start, figures]) => ({ start, figures }));
}

/** A share 0–1 rounded to a tenth of a percent, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}

/** Check-in and no-show rates of the bookings not cancelled; average stay in whole minutes. */
export function rates(f: DayFigures): {
  checkInRate: number | null;
  noShowRate: number | null;
  averageStay: number | null;
} {
  return {
    checkInRate: share(f.present, f.booked),
    noShowRate: share(f.noShow, f.booked),
    averageStay: f.present > 0 ? Math.round(f.stayMinutes / f.present) : null,
  };
}

/** The busiest days: most bookings first, the earlier day first on a tie. */
export function peakDays(days: ReadonlyMap<string, DayFigures>, n = 5): { date: string; booked: number }[] {
  return [...days]
    .filter(([, f]) => f.booked > 0)
    .map(([date, f]) => ({ date, booked: f.booked }))
    .sort((a, b) => b.booked - a.booked || (a.date < b.date ? -1 : 1))
    .slice(0, n);
}

export interface OpeningHours {
  centerId: number;
  /** ISO weekday 1–7. */
  weekday: number;
  opensMinute: number;
  closesMinute: number;
}

export interface HourCell {
  weekday: number;
  hour: number;
  /** Desks booked in that hour, on average over those weekdays of the range. */
  averageBooked: number;
  /** That average as a share of the desks of the centers open in that hour; null when none is open. */
  occupancy: number | null;
}

/**
 * Occupancy by weekday and hour: desks booked in each hour (summed over the centers), averaged
 * over the weekdays of that kind in the range, and as a share of the desks open at that hour.
 * Only hours some center is open are returned.
 */
export function weekdayHourGrid(
  range: ReportRange,
  hourly: readonly { day: string; hour: number; desksBooked: number }[],
  hours: readonly OpeningHours[],
  capacity: ReadonlyMap<number, number>,
): HourCell[] {
  const weekdays = new Map<number, number>();
  for (const d of datesBetween(range.from, range.to))
    weekdays.set(isoWeekday(d), (weekdays.get(isoWeekday(d)) ?? 0) + 1);
  const sums = new Map<string, number>();
  for (const h of hourly) {
    const key = `${isoWeekday(h.day)}|${h.hour}`;
    sums.set(key, (sums.get(key) ?? 0) + h.desksBooked);
  }
  const cells: HourCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const count = weekdays.get(weekday) ?? 0;
    if (!count) continue;
    for (let hour = 0; hour < 24; hour++) {
      let open = 0;
      for (const o of hours)
        if (o.weekday === weekday && o.opensMinute < (hour + 1) * 60 && hour * 60 < o.closesMinute)
          open += capacity.get(o.centerId) ?? 0;
      const booked = sums.get(`${weekday}|${hour}`) ?? 0;
      if (!open && !booked) continue;
      cells.push({
        weekday,
        hour,
        averageBooked: Math.round((booked / count) * 10) / 10,
        occupancy: share(booked, open * count),
      });
    }
  }
  return cells;
}

/** Average desks booked per hour of the day over the whole range (for the hourly chart). */
export function hourProfile(cells: readonly HourCell[], range: ReportRange): { hour: number; averageBooked: number }[] {
  const weekdays = new Map<number, number>();
  for (const d of datesBetween(range.from, range.to))
    weekdays.set(isoWeekday(d), (weekdays.get(isoWeekday(d)) ?? 0) + 1);
  const days = daysIn(range);
  const byHour = new Map<number, number>();
  for (const c of cells)
    byHour.set(c.hour, (byHour.get(c.hour) ?? 0) + c.averageBooked * (weekdays.get(c.weekday) ?? 0));
  return [...byHour]
    .sort((a, b) => a[0] - b[0])
    .map(([hour, total]) => ({ hour, averageBooked: Math.round((total / days) * 10) / 10 }));
}

/**
 * Counts of people by group (home district, team), anonymous: a group of fewer than `MIN_GROUP`
 * people goes into "other" (key null), largest groups first. When "other" itself holds fewer than
 * `MIN_GROUP`, its count is hidden too (`people: null`), so no small number is ever shown.
 */
export function anonymousGroups<K>(
  groups: readonly { key: K | null; people: number }[],
): { key: K | null; people: number | null }[] {
  const shown: { key: K | null; people: number | null }[] = [];
  let other = 0;
  for (const g of groups) {
    if (g.key === null || g.people < MIN_GROUP) other += g.people;
    else shown.push({ key: g.key, people: g.people });
  }
  shown.sort((a, b) => (b.people ?? 0) - (a.people ?? 0));
  if (other > 0) shown.push({ key: null, people: other >= MIN_GROUP ? other : null });
  return shown;
}

/** People with an approved plan of each type in the range (a plan mixing types counts for each, a person once a type). */
export function uptakeByType(
  plans: readonly { userId: number; types: readonly string[] }[],
): Record<ScheduleType, number> {
  const people = Object.fromEntries(SCHEDULE_TYPES.map((t) => [t, new Set<number>()])) as Record<
    ScheduleType,
    Set<number>
  >;
  for (const p of plans)
    for (const t of p.types)
      if ((SCHEDULE_TYPES as readonly string[]).includes(t)) people[t as ScheduleType].add(p.userId);
  return Object.fromEntries(SCHEDULE_TYPES.map((t) => [t, people[t].size])) as Record<ScheduleType, number>;
}

/** Desk-hours open in the range: each day, each center's desks times the hours it is open (an hour begun counts). */
export function openDeskHours(
  range: ReportRange,
  hours: readonly OpeningHours[],
  capacity: ReadonlyMap<number, number>,
): number {
  const perWeekday = new Map<number, number>();
  for (const o of hours) {
    const n = Math.ceil(o.closesMinute / 60) - Math.floor(o.opensMinute / 60);
    perWeekday.set(o.weekday, (perWeekday.get(o.weekday) ?? 0) + n * (capacity.get(o.centerId) ?? 0));
  }
  let total = 0;
  for (const d of datesBetween(range.from, range.to)) total += perWeekday.get(isoWeekday(d)) ?? 0;
  return total;
}
