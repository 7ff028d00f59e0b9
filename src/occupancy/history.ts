import { hoursOn } from '../centers/hours.js';
import type { CenterWithHours } from '../centers/repository.js';
import { addDaysToDate, seoulInstant } from '../time/seoul.js';
import { hourlySeries, type OccupancyBooking } from './series.js';

export interface HistoryDay {
  date: string;
  open: boolean;
  hours: { hour: number; booked: number; checkedIn: number }[];
  peak: number;
  average: number;
  /** Share of desk-hours booked during opening hours, 0–1. */
  utilisation: number;
}

/** The last `days` days before `today` (today excluded: it is not over), hour by hour within opening hours. */
export function centerHistory(
  center: CenterWithHours,
  capacity: number,
  bookings: readonly OccupancyBooking[],
  today: string,
  days = 7,
): HistoryDay[] {
  const result: HistoryDay[] = [];
  for (let i = days; i >= 1; i--) {
    const date = addDaysToDate(today, -i);
    const h = hoursOn(center.hours, date);
    if (!h) {
      result.push({ date, open: false, hours: [], peak: 0, average: 0, utilisation: 0 });
      continue;
    }
    const first = Math.floor(h.opensMinute / 60);
    const last = Math.ceil(h.closesMinute / 60);
    const points = hourlySeries(seoulInstant(date, first * 60), seoulInstant(date, last * 60), bookings);
    const hours = points.map((p, k) => ({ hour: first + k, booked: p.booked, checkedIn: p.checkedIn }));
    const total = hours.reduce((sum, x) => sum + x.booked, 0);
    result.push({
      date,
      open: true,
      hours,
      peak: Math.max(0, ...hours.map((x) => x.booked)),
      average: hours.length ? Math.round((total / hours.length) * 10) / 10 : 0,
      utilisation: capacity && hours.length ? total / (capacity * hours.length) : 0,
    });
  }
  return result;
}
