import { TZDate, tzOffset } from '@date-fns/tz';
import { DomainError } from '../errors.js';

/** Every center is in Seoul; all dates and times a person sees or types are in this zone. */
export const ZONE = 'Asia/Seoul';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar dates the system works with. Every date from a person is checked against this
 * range before any arithmetic, and date arithmetic refuses to leave it, so no loop over dates
 * can run away (the day after 9999-12-31 is "+010000-01-01", which sorts before it).
 */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2100-12-31';
/** The most days any loop over a range of dates may visit: the whole supported range. */
export const MAX_DATE_SPAN_DAYS = 36_890;

/** A calendar date outside MIN_DATE..MAX_DATE, or date arithmetic that would leave it: the input's fault (400). */
export class DateOutOfRangeError extends DomainError {
  override readonly status = 400;
  constructor(readonly value: string) {
    super('error.dateOutOfRange', { min: MIN_DATE, max: MAX_DATE });
  }
}

/** True for a real calendar date written YYYY-MM-DD within MIN_DATE..MAX_DATE. */
export function isDateString(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s) || s < MIN_DATE || s > MAX_DATE) return false;
  // A date that does not exist (02-30) rolls over to another: it must read back the same.
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function assertInRange(date: string): void {
  if (!DATE_RE.test(date) || date < MIN_DATE || date > MAX_DATE) throw new DateOutOfRangeError(date);
}

// Formatting an instant in the zone through date-fns took about 30 µs a call (the zone's offset
// is looked up through Intl each time): a month's open-data CSV made 50,000 such calls. Instead the
// offset is looked up at the two ends of each UTC day: where they agree (every day since 1988) it
// holds all day; a day with a change looks up each quarter hour (offsets change only on those).
// The Seoul wall clock is then plain UTC arithmetic on the shifted instant.
const DAY_MS = 86_400_000;
const QUARTER_HOUR = 900_000;
const dayOffsets = new Map<number, number | undefined>();
function seoulOffsetMinutes(t: number): number {
  const day = Math.floor(t / DAY_MS);
  let offset = dayOffsets.get(day);
  if (!dayOffsets.has(day)) {
    const start = tzOffset(ZONE, new Date(day * DAY_MS));
    const end = tzOffset(ZONE, new Date((day + 1) * DAY_MS - 1));
    offset = start === end ? start : undefined;
    if (dayOffsets.size >= 50_000) dayOffsets.clear();
    dayOffsets.set(day, offset);
  }
  return offset ?? tzOffset(ZONE, new Date(Math.floor(t / QUARTER_HOUR) * QUARTER_HOUR));
}

/** The instant moved by Seoul's offset: its UTC fields are Seoul's wall clock. */
function seoulWall(at: Date): { wall: Date; offset: number } {
  const t = at.getTime();
  const offset = seoulOffsetMinutes(t);
  return { wall: new Date(t + offset * 60_000), offset };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (wall: Date) => `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;

/** The Seoul calendar date of an instant, as YYYY-MM-DD. */
export function seoulDate(at: Date): string {
  return ymd(seoulWall(at).wall);
}

/** Minutes after Seoul midnight of an instant (0–1439). */
export function seoulMinuteOfDay(at: Date): number {
  const { wall } = seoulWall(at);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/** The instant at `minute` minutes after midnight of a Seoul date (minute may be 1440 for the next midnight). */
export function seoulInstant(date: string, minute: number): Date {
  return new Date(seoulMidnight(date) + minute * 60_000);
}

// A day view converts every booking of every desk: the zone lookup (Intl) is the costly part, and
// a page asks for the same few dates, so each date's midnight is computed once (bounded).
const midnights = new Map<string, number>();
function seoulMidnight(date: string): number {
  const known = midnights.get(date);
  if (known !== undefined) return known;
  assertInRange(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new TZDate(y, m - 1, d, 0, 0, 0, ZONE).getTime();
  if (midnights.size >= 1024) midnights.clear();
  midnights.set(date, t);
  return t;
}

// A calendar date needs no zone: plain UTC arithmetic on it is exact whatever the server's zone.
const utcNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return utcNoon(date).getUTCDay() || 7;
}

/** The date `days` after `date`; throws DateOutOfRangeError rather than leave MIN_DATE..MAX_DATE. */
export function addDaysToDate(date: string, days: number): string {
  assertInRange(date);
  const ms = utcNoon(date).getTime() + days * 86_400_000;
  if (!Number.isFinite(ms)) throw new DateOutOfRangeError(date);
  const out = new Date(ms).toISOString().slice(0, 10);
  assertInRange(out);
  return out;
}

/** Every date from `from` to `to` inclusive, in order; bounded by the supported range, whatever the input. */
export function* datesBetween(from: string, to: string): Generator<string> {
  assertInRange(from);
  assertInRange(to);
  let d = from;
  for (let i = 0; d <= to && i <= MAX_DATE_SPAN_DAYS; i++) {
    yield d;
    if (d === MAX_DATE) return;
    d = addDaysToDate(d, 1);
  }
}

/** 570 → "09:30". */
export function formatMinute(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "09:30" → 570; "24:00" is allowed as the end of a day. Undefined for anything else. */
export function parseMinute(s: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(s);
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

/** RFC 3339 in Seoul time with its offset: 2026-12-01T09:00:00+09:00. */
export function toSeoulIso(at: Date): string {
  const { wall, offset } = seoulWall(at);
  const sign = offset < 0 ? '-' : '+';
  const off = Math.abs(offset);
  return `${ymd(wall)}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** Two instants as a Seoul date and the minutes from its midnight (the end may pass 1440 when it is on a later day). */
export function localRange(startsAt: Date, endsAt: Date): { date: string; start: number; end: number } {
  const date = seoulDate(startsAt);
  const midnight = seoulInstant(date, 0).getTime();
  return {
    date,
    start: Math.round((startsAt.getTime() - midnight) / 60_000),
    end: Math.round((endsAt.getTime() - midnight) / 60_000),
  };
}
