import { addDaysToDate, isoWeekday } from '../time/seoul.js';

/** How far ahead a repeating booking may run (single bookings follow the center's horizon). */
export const SERIES_MAX_DAYS = 92;
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Every date from `first` to `until` (inclusive) that falls on one of the ISO weekdays. */
export function seriesDates(first: string, until: string, weekdays: readonly number[]): string[] {
  const out: string[] = [];
  for (let d = first; d <= until && out.length < 400; d = addDaysToDate(d, 1)) {
    if (weekdays.includes(isoWeekday(d))) out.push(d);
  }
  return out;
}

/** The series as an RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270331 (dates in Seoul). */
export function seriesRrule(weekdays: readonly number[], until: string): string {
  const days = [...weekdays]
    .sort()
    .map((w) => BYDAY[w - 1])
    .join(',');
  return `FREQ=WEEKLY;BYDAY=${days};UNTIL=${until.replaceAll('-', '')}`;
}
