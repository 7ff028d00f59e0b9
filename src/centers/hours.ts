import { isoWeekday } from '../time/seoul.js';

export interface DayHours {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  opensMinute: number;
  closesMinute: number;
}

/** The opening hours on a Seoul date, or undefined when the center is closed that day. */
export function hoursOn(week: readonly DayHours[], date: string): DayHours | undefined {
  const weekday = isoWeekday(date);
  return week.find((h) => h.weekday === weekday);
}

export interface Opening {
  /** When the center is open that day; undefined when it is closed. */
  hours: DayHours | undefined;
  /** The closure or public holiday that closes it, when that is why. */
  closure?: { startsOn: string; endsOn: string; reason: string; reasonEn?: string; kind?: string };
}

/**
 * Whether and when a center is open on a date: its weekly hours, unless a closure or a public
 * holiday covers the day. Every screen, the API and open data ask this one function.
 */
export function openingOn(
  week: readonly DayHours[],
  closures: readonly { startsOn: string; endsOn: string; reason: string; reasonEn?: string; kind?: string }[],
  date: string,
): Opening {
  const closure = closures.find((c) => c.startsOn <= date && date <= c.endsOn);
  if (closure) return { hours: undefined, closure };
  return { hours: hoursOn(week, date) };
}

export interface HoursGroup {
  fromWeekday: number;
  toWeekday: number;
  opensMinute: number;
  closesMinute: number;
}

/** Folds consecutive weekdays with equal hours, so Mon–Fri 08:00–22:00 reads as one line. */
export function groupWeeklyHours(week: readonly DayHours[]): HoursGroup[] {
  const sorted = [...week].sort((a, b) => a.weekday - b.weekday);
  const groups: HoursGroup[] = [];
  for (const h of sorted) {
    const last = groups.at(-1);
    if (
      last &&
      last.toWeekday === h.weekday - 1 &&
      last.opensMinute === h.opensMinute &&
      last.closesMinute === h.closesMinute
    ) {
      last.toWeekday = h.weekday;
    } else {
      groups.push({
        fromWeekday: h.weekday,
        toWeekday: h.weekday,
        opensMinute: h.opensMinute,
        closesMinute: h.closesMinute,
      });
    }
  }
  return groups;
}
