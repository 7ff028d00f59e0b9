import { type MinuteRange, subtractRanges } from '../bookings/ranges.js';
import { seoulInstant } from '../time/seoul.js';
import type { DayHours } from './hours.js';

/** An instant range as minutes of a Seoul date, clipped to that day. */
export function toMinuteRange(date: string, startsAt: Date, endsAt: Date): MinuteRange {
  const midnight = seoulInstant(date, 0).getTime();
  return { start: minuteOfDay(startsAt, midnight), end: minuteOfDay(endsAt, midnight) };
}

// Not a closure per call: a day view converts every booking of the center.
function minuteOfDay(t: Date, midnight: number): number {
  return Math.min(1440, Math.max(0, Math.round((t.getTime() - midnight) / 60_000)));
}

export interface DeskDay {
  busy: (MinuteRange & { mine: boolean })[];
  free: MinuteRange[];
}

/** A desk's day: its booked ranges (marking the viewer's own) and what stays free within opening hours. */
export function deskDay(
  date: string,
  hours: DayHours | undefined,
  bookings: readonly { startsAt: Date; endsAt: Date; userId: number }[],
  viewerId: number | undefined,
): DeskDay {
  const busy = bookings
    .map((b) => ({ ...toMinuteRange(date, b.startsAt, b.endsAt), mine: b.userId === viewerId }))
    .filter((r) => r.start < r.end);
  const free = hours ? subtractRanges({ start: hours.opensMinute, end: hours.closesMinute }, busy) : [];
  return { busy, free };
}
