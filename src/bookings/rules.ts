import type { DayHours } from '../centers/hours.js';
import type { FieldErrors } from '../errors.js';
import { addDaysToDate, formatMinute, isDateString, seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { type BookingMode, type CenterPolicy, type Closure, DEFAULT_POLICY } from './policy.js';
import type { MinuteRange } from './ranges.js';

/** Bookings start and end on these steps. */
export const SLOT_MINUTES = 30;

export const PRESETS = {
  morning: { start: 9 * 60, end: 13 * 60 },
  afternoon: { start: 13 * 60, end: 18 * 60 },
  day: { start: 9 * 60, end: 18 * 60 },
} as const satisfies Record<string, MinuteRange>;
export type Preset = keyof typeof PRESETS;

/** A preset clipped to the day's opening hours; undefined when nothing of it is open. */
export function presetRange(preset: Preset, hours: DayHours): MinuteRange | undefined {
  const p = PRESETS[preset];
  const start = Math.max(p.start, hours.opensMinute);
  const end = Math.min(p.end, hours.closesMinute);
  return start < end ? { start, end } : undefined;
}

/** Start times a person can choose on a day: every slot from opening to the last slot before closing. */
export function slotStarts(hours: DayHours): number[] {
  const out: number[] = [];
  const first = Math.ceil(hours.opensMinute / SLOT_MINUTES) * SLOT_MINUTES;
  for (let m = first; m < hours.closesMinute; m += SLOT_MINUTES) out.push(m);
  return out;
}

/** End times a person can choose on a day. */
export function slotEnds(hours: DayHours): number[] {
  return slotStarts(hours)
    .map((m) => m + SLOT_MINUTES)
    .filter((m) => m <= hours.closesMinute);
}

/** The named time rules, in the order they are checked; a caller may be exempt from some (book.ts). */
export type TimeRule = 'past' | 'horizon' | 'closure' | 'hours' | 'mode';

export interface BookingTimeInput {
  date: string;
  start: number | undefined;
  end: number | undefined;
}

/**
 * The one rule for when a booking may be made: a real date, not in the past, within the horizon,
 * on an open day, on 30-minute steps, end after start, inside opening hours, not already begun.
 * Returns the errors per field; an empty object means the times are acceptable.
 */
export function checkBookingTimes(
  input: BookingTimeInput,
  context: {
    now: Date;
    hoursOnDate: (date: string) => DayHours | undefined;
    policy?: CenterPolicy;
    closureOnDate?: (date: string) => Closure | undefined;
    /** How this resource is booked; 'free' (any 30-minute range) when not given. */
    mode?: BookingMode;
    /** Rules this caller is exempt from (see EXEMPTIONS in book.ts): never anything else. */
    exempt?: ReadonlySet<TimeRule>;
  },
): FieldErrors {
  const applies = (rule: TimeRule) => !context.exempt?.has(rule);
  const policy = context.policy ?? DEFAULT_POLICY;
  const errors: FieldErrors = {};
  const { date, start, end } = input;
  if (!isDateString(date)) {
    errors.date = { key: 'booking.error.dateInvalid' };
  }
  const step = applies('mode') ? SLOT_MINUTES : 1;
  if (start === undefined) errors.start = { key: 'booking.error.timeRequired' };
  else if (start % step !== 0) errors.start = { key: 'booking.error.step', params: { minutes: SLOT_MINUTES } };
  if (end === undefined) errors.end = { key: 'booking.error.timeRequired' };
  else if (end % step !== 0) errors.end = { key: 'booking.error.step', params: { minutes: SLOT_MINUTES } };
  if (errors.date) return errors;

  const today = seoulDate(context.now);
  if (date < today && applies('past')) {
    errors.date = { key: 'booking.error.datePast' };
    return errors;
  }
  const lastDay = addDaysToDate(today, policy.horizonDays);
  if (date > lastDay && applies('horizon')) {
    errors.date = { key: 'booking.error.dateTooFar', params: { days: policy.horizonDays, lastDay } };
    return errors;
  }
  const closure = context.closureOnDate?.(date);
  if (closure) {
    errors.date = {
      key: 'booking.error.closure',
      params: { reason: closure.reason, reasonEn: closure.reasonEn || closure.reason },
    };
    return errors;
  }
  const hours = context.hoursOnDate(date);
  if (!hours) {
    errors.date = { key: 'booking.error.closedDay' };
    return errors;
  }
  if (start === undefined || end === undefined || errors.start || errors.end) return errors;

  if (end <= start) {
    errors.end = { key: 'booking.error.endBeforeStart' };
    return errors;
  }
  if (start < hours.opensMinute || end > hours.closesMinute) {
    const field = start < hours.opensMinute ? 'start' : 'end';
    errors[field] = {
      key: 'booking.error.outsideHours',
      params: { opens: formatMinute(hours.opensMinute), closes: formatMinute(hours.closesMinute) },
    };
    return errors;
  }
  const modeError = applies('mode')
    ? modeAndLengthError(context.mode ?? 'free', hours, { start, end }, policy)
    : undefined;
  if (modeError) {
    errors[modeError.field] = modeError.message;
    return errors;
  }
  if (date === today && applies('past')) {
    // The slot already under way may still be booked (someone arriving at 10:10 books from 10:00).
    const currentSlot = Math.floor(seoulMinuteOfDay(context.now) / SLOT_MINUTES) * SLOT_MINUTES;
    if (start < currentSlot) errors.start = { key: 'booking.error.startPast' };
  }
  return errors;
}

/** Blocks, whole hours, and the center's shortest and longest booking. */
function modeAndLengthError(
  mode: BookingMode,
  hours: DayHours,
  range: MinuteRange,
  policy: CenterPolicy,
): { field: 'start' | 'end'; message: { key: string; params?: Record<string, number> } } | undefined {
  if (!fitsMode(mode, hours, range)) return { field: 'start', message: { key: `booking.error.mode.${mode}` } };
  const length = range.end - range.start;
  if (length < policy.minMinutes)
    return { field: 'end', message: { key: 'booking.error.tooShort', params: { minutes: policy.minMinutes } } };
  if (length > policy.maxMinutes)
    return { field: 'end', message: { key: 'booking.error.tooLong', params: { hours: policy.maxMinutes / 60 } } };
  return undefined;
}

/** The UTC instants of a checked booking. */
export function bookingInstants(date: string, range: MinuteRange): { startsAt: Date; endsAt: Date } {
  return { startsAt: seoulInstant(date, range.start), endsAt: seoulInstant(date, range.end) };
}

/** Past bookings cannot be changed: a booking may be cancelled until it ends, if it still holds its desk. */
export function canCancel(booking: { status: string; endsAt: Date }, now: Date): 'ok' | 'ended' | 'inactive' {
  if (booking.status !== 'booked' && booking.status !== 'checked_in') return 'inactive';
  if (booking.endsAt.getTime() <= now.getTime()) return 'ended';
  return 'ok';
}

/** The default check-in window: from 15 minutes before the start to 30 after (centers may set their own). */
export const CHECK_IN_WINDOW = {
  before: DEFAULT_POLICY.checkInBeforeMinutes,
  after: DEFAULT_POLICY.checkInAfterMinutes,
} as const;

export type CheckInVerdict = 'ok' | 'tooEarly' | 'tooLate' | 'inactive';

/** Check-in opens `before` minutes ahead of the start and closes `after` minutes past it (or at the end, if sooner). */
export function checkInWindow(
  booking: { status: string; startsAt: Date; endsAt: Date },
  now: Date,
  window: { before: number; after: number } = CHECK_IN_WINDOW,
): CheckInVerdict {
  if (booking.status !== 'booked') return 'inactive';
  const t = now.getTime();
  if (t < booking.startsAt.getTime() - window.before * 60_000) return 'tooEarly';
  const closes = Math.min(booking.startsAt.getTime() + window.after * 60_000, booking.endsAt.getTime());
  if (t >= closes) return 'tooLate';
  return 'ok';
}

/** A booking under way whose check-in window has closed with nobody checked in (issue #4 releases these). */
export function isNoShowPending(
  booking: { status: string; startsAt: Date; endsAt: Date },
  now: Date,
  window: { before: number; after: number } = CHECK_IN_WINDOW,
): boolean {
  return checkInWindow(booking, now, window) === 'tooLate' && now.getTime() < booking.endsAt.getTime();
}

/** The ranges a mode allows on a day: blocks for half or whole days, whole hours, or anything (free). */
export function modeRanges(mode: BookingMode, hours: DayHours): MinuteRange[] | undefined {
  if (mode === 'half_day')
    return (['morning', 'afternoon', 'day'] as const).flatMap((p) => presetRange(p, hours) ?? []);
  if (mode === 'whole_day') return presetRange('day', hours) ? [presetRange('day', hours)!] : [];
  return undefined;
}

export function fitsMode(mode: BookingMode, hours: DayHours, range: MinuteRange): boolean {
  if (mode === 'hourly') return range.start % 60 === 0 && range.end % 60 === 0;
  const allowed = modeRanges(mode, hours);
  return !allowed || allowed.some((r) => r.start === range.start && r.end === range.end);
}
