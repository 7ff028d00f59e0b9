import { describe, expect, it } from 'vitest';
import {
  closureOn,
  DEFAULT_POLICY,
  fitsWeeklyLimit,
  isoWeekOf,
  modeOf,
  reachesNoShowLimit,
} from '../../src/bookings/policy.js';
import { canCancel, checkBookingTimes, fitsMode, presetRange, slotEnds, slotStarts } from '../../src/bookings/rules.js';
import { canTransition } from '../../src/bookings/transitions.js';
import type { DayHours } from '../../src/centers/hours.js';
import { hoursOn } from '../../src/centers/hours.js';

const week: DayHours[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 8 * 60, closesMinute: 20 * 60 }));
const now = new Date('2026-12-01T09:10:00+09:00'); // Tuesday
const ctx = { now, hoursOnDate: (d: string) => hoursOn(week, d) };
const check = (date: string, start?: number, end?: number) => checkBookingTimes({ date, start, end }, ctx);
const h = (hh: number, mm = 0) => hh * 60 + mm;

describe('checkBookingTimes', () => {
  it.each([
    ['a later slot today', '2026-12-01', h(10), h(12)],
    ['the slot already under way', '2026-12-01', h(9), h(10)],
    ['opening to closing tomorrow', '2026-12-02', h(8), h(20)],
    ['the last day of the horizon', '2026-12-15', h(9), h(18)],
  ])('accepts %s', (_name, date, start, end) => {
    expect(check(date, start, end)).toEqual({});
  });

  it.each([
    ['a malformed date', '2026-13-01', h(9), h(10), 'date', 'booking.error.dateInvalid'],
    ['a date that does not exist', '2026-02-30', h(9), h(10), 'date', 'booking.error.dateInvalid'],
    ['yesterday', '2026-11-30', h(9), h(10), 'date', 'booking.error.datePast'],
    ['one day past the horizon', '2026-12-16', h(9), h(10), 'date', 'booking.error.dateTooFar'],
    ['a Saturday', '2026-12-05', h(9), h(10), 'date', 'booking.error.closedDay'],
    ['an end before the start', '2026-12-02', h(12), h(10), 'end', 'booking.error.endBeforeStart'],
    ['an end equal to the start', '2026-12-02', h(12), h(12), 'end', 'booking.error.endBeforeStart'],
    ['a start before opening', '2026-12-02', h(7, 30), h(10), 'start', 'booking.error.outsideHours'],
    ['an end after closing', '2026-12-02', h(19), h(20, 30), 'end', 'booking.error.outsideHours'],
    ['a start off the 30-minute steps', '2026-12-02', h(9, 15), h(10), 'start', 'booking.error.step'],
    ['a slot that has passed today', '2026-12-01', h(8, 30), h(10), 'start', 'booking.error.startPast'],
    ['a missing start', '2026-12-02', undefined, h(10), 'start', 'booking.error.timeRequired'],
  ])('rejects %s', (_name, date, start, end, field, key) => {
    const errors = check(date, start, end);
    expect(errors[field]?.key).toBe(key);
  });

  it('applies the center policy: horizon, shortest and longest booking, closures', () => {
    const policy = { ...DEFAULT_POLICY, horizonDays: 3, minMinutes: 60, maxMinutes: 240 };
    const closures = [{ startsOn: '2026-12-03', endsOn: '2026-12-03', reason: '정기 점검' }];
    const withPolicy = (date: string, start: number, end: number) =>
      checkBookingTimes({ date, start, end }, { ...ctx, policy, closureOnDate: (d) => closureOn(closures, d) });
    expect(withPolicy('2026-12-04', h(9), h(10))).toEqual({});
    expect(withPolicy('2026-12-07', h(9), h(10)).date?.key).toBe('booking.error.dateTooFar');
    expect(withPolicy('2026-12-03', h(9), h(10)).date).toEqual({
      key: 'booking.error.closure',
      // A closure without an English reason reads in Korean in English too, rather than leaving a gap.
      params: { reason: '정기 점검', reasonEn: '정기 점검' },
    });
    expect(withPolicy('2026-12-02', h(9), h(9, 30)).end?.key).toBe('booking.error.tooShort');
    expect(withPolicy('2026-12-02', h(9), h(13, 30)).end?.key).toBe('booking.error.tooLong');
    expect(check('2026-12-02', h(8), h(20, 30)).end?.key).toBe('booking.error.outsideHours');
  });

  it('counts the horizon across the end of a month and a year', () => {
    const endOfYear = { ...ctx, now: new Date('2026-12-30T10:00:00+09:00') };
    expect(checkBookingTimes({ date: '2027-01-13', start: h(9), end: h(10) }, endOfYear)).toEqual({});
    expect(checkBookingTimes({ date: '2027-01-14', start: h(9), end: h(10) }, endOfYear).date?.key).toBe(
      'booking.error.dateTooFar',
    );
  });

  it('treats opening and closing as inclusive bounds of a half-open range', () => {
    expect(check('2026-12-02', h(8), h(8, 30))).toEqual({});
    expect(check('2026-12-02', h(19, 30), h(20))).toEqual({});
  });

  it('judges "today" in Seoul, not in the server zone: 23:30 UTC on Monday is Tuesday in Seoul', () => {
    const lateUtc = new Date('2026-11-30T23:30:00Z'); // 08:30 Tuesday in Seoul
    expect(checkBookingTimes({ date: '2026-12-01', start: h(8, 30), end: h(9) }, { ...ctx, now: lateUtc })).toEqual({});
    expect(checkBookingTimes({ date: '2026-11-30', start: h(9), end: h(10) }, { ...ctx, now: lateUtc }).date?.key).toBe(
      'booking.error.datePast',
    );
  });
});

describe('presets and slots', () => {
  const hours: DayHours = { weekday: 2, opensMinute: 10 * 60, closesMinute: 16 * 60 };
  it('clips presets to opening hours', () => {
    expect(presetRange('morning', hours)).toEqual({ start: h(10), end: h(13) });
    expect(presetRange('day', hours)).toEqual({ start: h(10), end: h(16) });
  });
  it('drops a preset when none of it is open', () => {
    expect(presetRange('afternoon', { weekday: 2, opensMinute: h(7), closesMinute: h(12) })).toBeUndefined();
  });
  it('offers 30-minute starts and ends within the hours', () => {
    expect(slotStarts(hours).at(0)).toBe(h(10));
    expect(slotStarts(hours).at(-1)).toBe(h(15, 30));
    expect(slotEnds(hours).at(0)).toBe(h(10, 30));
    expect(slotEnds(hours).at(-1)).toBe(h(16));
  });
});

describe('canCancel', () => {
  const end = new Date('2026-12-01T12:00:00+09:00');
  it.each([
    ['booked, ends later', 'booked', end, 'ok'],
    ['checked in, ends later', 'checked_in', end, 'ok'],
    ['ended exactly now', 'booked', now, 'ended'],
    ['already cancelled', 'cancelled', end, 'inactive'],
    ['a no-show', 'no_show', end, 'inactive'],
  ] as const)('%s → %s', (_n, status, endsAt, expected) => {
    expect(canCancel({ status, endsAt }, now)).toBe(expected);
  });
});

describe('weekly limit and no-show limit', () => {
  it('finds the ISO week of a date, across a year end', () => {
    expect(isoWeekOf('2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-12-07' });
    expect(isoWeekOf('2027-01-03')).toEqual({ from: '2026-12-28', to: '2027-01-04' });
  });
  it('allows up to the weekly hours and no more', () => {
    expect(fitsWeeklyLimit(2340, 60, DEFAULT_POLICY)).toBe(true);
    expect(fitsWeeklyLimit(2340, 90, DEFAULT_POLICY)).toBe(false);
  });
  it('holds booking ahead once the no-show limit is reached', () => {
    expect(reachesNoShowLimit(2, DEFAULT_POLICY)).toBe(false);
    expect(reachesNoShowLimit(3, DEFAULT_POLICY)).toBe(true);
  });
});

describe('status transitions', () => {
  it.each([
    ['booked', 'checked_in', true],
    ['booked', 'cancelled', true],
    ['booked', 'no_show', true],
    ['checked_in', 'completed', true],
    ['checked_in', 'cancelled', true],
    ['booked', 'completed', false],
    ['cancelled', 'booked', false],
    ['no_show', 'checked_in', false],
    ['completed', 'cancelled', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});

describe('booking modes', () => {
  const day = { weekday: 2, opensMinute: 8 * 60, closesMinute: 20 * 60 };
  it.each([
    ['half_day', h(9), h(13), true],
    ['half_day', h(13), h(18), true],
    ['half_day', h(9), h(18), true],
    ['half_day', h(9), h(12), false],
    ['whole_day', h(9), h(18), true],
    ['whole_day', h(9), h(13), false],
    ['hourly', h(10), h(12), true],
    ['hourly', h(10), h(11, 30), false],
    ['free', h(10, 30), h(11), true],
  ] as const)('%s allows %i–%i: %s', (mode, start, end, ok) => {
    expect(fitsMode(mode, day, { start, end })).toBe(ok);
  });
  it('takes the resource own mode before the center one', () => {
    expect(modeOf(DEFAULT_POLICY, { kind: 'desk', bookingMode: null })).toBe('half_day');
    expect(modeOf(DEFAULT_POLICY, { kind: 'meeting_room', bookingMode: null })).toBe('hourly');
    expect(modeOf(DEFAULT_POLICY, { kind: 'desk', bookingMode: 'free' })).toBe('free');
  });
});
