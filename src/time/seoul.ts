import { TZDate, tz } from '@date-fns/tz';
import { format, isValid, parse } from 'date-fns';

/** Every center is in Seoul; all dates and times a person sees or types are in this zone. */
export const ZONE = 'Asia/Seoul';
const inSeoul = tz(ZONE);

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDateString(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = parse(s, 'yyyy-MM-dd', new Date(2000, 0, 1));
  return isValid(d) && format(d, 'yyyy-MM-dd') === s;
}

/** The Seoul calendar date of an instant, as YYYY-MM-DD. */
export function seoulDate(at: Date): string {
  return format(at, 'yyyy-MM-dd', { in: inSeoul });
}

/** Minutes after Seoul midnight of an instant (0–1439). */
export function seoulMinuteOfDay(at: Date): number {
  const d = new TZDate(at, ZONE);
  return d.getHours() * 60 + d.getMinutes();
}

/** The instant at `minute` minutes after midnight of a Seoul date (minute may be 1440 for the next midnight). */
export function seoulInstant(date: string, minute: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, ZONE).getTime() + minute * 60_000);
}

// A calendar date needs no zone: plain UTC arithmetic on it is exact whatever the server's zone.
const utcNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return utcNoon(date).getUTCDay() || 7;
}

export function addDaysToDate(date: string, days: number): string {
  return new Date(utcNoon(date).getTime() + days * 86_400_000).toISOString().slice(0, 10);
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
  return format(at, "yyyy-MM-dd'T'HH:mm:ssxxx", { in: inSeoul });
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
