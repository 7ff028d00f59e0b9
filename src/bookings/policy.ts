import { addDaysToDate, isoWeekday } from '../time/seoul.js';

/** A center's booking rules (operators edit them); every rule that reads one is a pure function. */
export type BookingMode = 'free' | 'half_day' | 'whole_day' | 'hourly';

export interface CenterPolicy {
  horizonDays: number;
  minMinutes: number;
  maxMinutes: number;
  maxWeekMinutes: number;
  checkInBeforeMinutes: number;
  checkInAfterMinutes: number;
  noShowLimit: number;
  walkInsAllowed: boolean;
  deskMode: BookingMode;
  roomMode: BookingMode;
  priorityReleaseHours: number;
}

export const DEFAULT_POLICY: CenterPolicy = {
  horizonDays: 14,
  minMinutes: 30,
  maxMinutes: 720,
  maxWeekMinutes: 2400,
  checkInBeforeMinutes: 15,
  checkInAfterMinutes: 30,
  noShowLimit: 3,
  walkInsAllowed: true,
  deskMode: 'half_day',
  roomMode: 'hourly',
  priorityReleaseHours: 24,
};

/** The mode that applies to a resource: its own, else the center's for desks or for rooms. */
export function modeOf(policy: CenterPolicy, resource: { kind: string; bookingMode: string | null }): BookingMode {
  const own = resource.bookingMode as BookingMode | null;
  return own ?? (resource.kind === 'desk' ? policy.deskMode : policy.roomMode);
}

/** No-shows are counted over this many days… */
export const NO_SHOW_PERIOD_DAYS = 30;
/** …and reaching the center's limit stops booking ahead for this many days. */
export const BAN_DAYS = 7;

export function checkInWindowOf(policy: CenterPolicy): { before: number; after: number } {
  return { before: policy.checkInBeforeMinutes, after: policy.checkInAfterMinutes };
}

/** The Monday and the next Monday of a date's ISO week, as dates. */
export function isoWeekOf(date: string): { from: string; to: string } {
  const from = addDaysToDate(date, 1 - isoWeekday(date));
  return { from, to: addDaysToDate(from, 7) };
}

/** Whether a booking of `minutes` fits the weekly limit given what the person already holds that week. */
export function fitsWeeklyLimit(alreadyMinutes: number, minutes: number, policy: CenterPolicy): boolean {
  return alreadyMinutes + minutes <= policy.maxWeekMinutes;
}

/** Whether `count` no-shows in the period reach the center's limit. */
export function reachesNoShowLimit(count: number, policy: CenterPolicy): boolean {
  return count >= policy.noShowLimit;
}

export interface Closure {
  startsOn: string;
  endsOn: string;
  reason: string;
  /** The reason in English, where it was written (public holidays always have one). */
  reasonEn?: string;
}

/** The closure covering a date, if any (dates are inclusive). */
export function closureOn(closures: readonly Closure[], date: string): Closure | undefined {
  return closures.find((c) => c.startsOn <= date && date <= c.endsOn);
}
