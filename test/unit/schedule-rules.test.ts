import { describe, expect, it } from 'vitest';
import {
  checkPeriod,
  checkWeek,
  DEFAULT_SCHEDULE_CONFIG,
  type PlanDay,
  requiredMinutesForWeek,
  workedMinutes,
} from '../../src/schedules/rules.js';

const h = (hh: number, mm = 0) => hh * 60 + mm;
const day = (weekday: number, start: number, end: number, extra: Partial<PlanDay> = {}): PlanDay => ({
  weekday,
  type: 'choice',
  place: 'hq',
  start,
  end,
  ...extra,
});
const week = (start: number, end: number, extra: Partial<PlanDay> = {}) =>
  [1, 2, 3, 4, 5].map((w) => day(w, start, end, extra));
const keys = (r: ReturnType<typeof checkWeek>, at: number | 'week') => (r.errors[at] ?? []).map((m) => m.key);

describe('worked time', () => {
  it.each([
    [h(9), h(18), 480],
    [h(13), h(18), 300],
    [h(9), h(12, 30), 180],
    [h(12, 30), h(14), 60],
  ])('%i–%i is %i minutes without lunch', (start, end, minutes) => {
    expect(workedMinutes(start, end)).toBe(minutes);
  });
});

describe('weekly pattern', () => {
  it('accepts exactly 40 hours in five 8-hour days', () => {
    const r = checkWeek(week(h(9), h(18)));
    expect(r.totalMinutes).toBe(h(40));
    expect(r.errors).toEqual({});
  });

  it('refuses 39.5 hours, saying how many were planned', () => {
    const days = week(h(9), h(18));
    days[4] = day(5, h(9), h(17, 30));
    const r = checkWeek(days);
    expect(r.errors.week).toEqual([{ key: 'schedule.error.weeklyTotal', params: { hours: 40, planned: 39.5 } }]);
  });

  it.each([
    ['10:00', h(10), true],
    ['10:30', h(10, 30), false],
    ['07:00', h(7), true],
    ['06:30', h(6, 30), false],
  ])('staggered hours may start at %s: %s', (_label, start, ok) => {
    const r = checkWeek(week(start, start + h(9), { type: 'staggered' }));
    expect(keys(r, 1).includes('schedule.error.staggeredStart')).toBe(!ok);
  });

  it('allows a 12-hour day in the choice of hours, not a 12.5-hour one', () => {
    // 12 + 8 + 4 + 8 + 8 hours.
    const ok = [
      day(1, h(7), h(20)),
      day(2, h(8), h(17)),
      day(3, h(8), h(13)),
      day(4, h(9), h(18)),
      day(5, h(9), h(18)),
    ];
    expect(workedMinutes(h(7), h(20))).toBe(h(12));
    expect(checkWeek(ok).errors).toEqual({});
    const long = [...ok];
    long[0] = day(1, h(7), h(20, 30));
    long[4] = day(5, h(9), h(17, 30));
    expect(keys(checkWeek(long), 1)).toContain('schedule.error.dayLength');
  });

  it('accepts a compressed week of 40 hours in 3.5 days, and refuses it in 5', () => {
    const compressed = (w: number, s: number, e: number) => day(w, s, e, { type: 'compressed' });
    const threeAndAHalf = [
      compressed(1, h(7), h(20)),
      compressed(2, h(7), h(20)),
      compressed(3, h(7), h(20)),
      compressed(4, h(8), h(12)),
    ];
    expect(checkWeek(threeAndAHalf).totalMinutes).toBe(h(40));
    expect(checkWeek(threeAndAHalf).errors).toEqual({});
    const five = week(h(9), h(18), { type: 'compressed' });
    expect(keys(checkWeek(five), 'week')).toContain('schedule.error.compressedDays');
  });

  it('wants nine hours of rest between two working days', () => {
    const days = [
      day(1, h(13), h(24)),
      day(2, h(8), h(17)),
      day(3, h(9), h(18)),
      day(4, h(9), h(18)),
      day(5, h(9), h(16)),
    ];
    expect(keys(checkWeek(days), 2)).toContain('schedule.error.rest');
  });

  it('checks core hours when the organisation sets them', () => {
    const config = { ...DEFAULT_SCHEDULE_CONFIG, coreHours: { start: h(10), end: h(16) } };
    const days = week(h(9), h(18));
    days[2] = day(3, h(7), h(15));
    days[3] = day(4, h(9), h(19));
    expect(keys(checkWeek(days, { config }), 3)).toContain('schedule.error.coreHours');
  });

  it('needs four hours on a remote day and a named center for smart work', () => {
    const days = week(h(9), h(18));
    days[1] = day(2, h(9), h(18), { place: 'center' });
    expect(keys(checkWeek(days), 2)).toContain('schedule.error.centerRequired');
    days[1] = day(2, h(9), h(18), { place: 'center', centerId: 3 });
    expect(checkWeek(days).errors).toEqual({});
  });

  it('puts no hours on discretionary work', () => {
    const r = checkWeek([day(1, 0, 0, { type: 'discretionary' })]);
    expect(r).toEqual({ totalMinutes: 0, errors: {} });
  });

  it('counts a public holiday on a working day off the weekly target', () => {
    const days = week(h(9), h(18));
    // The week of Christmas 2026: Friday the 25th is a public holiday.
    expect(requiredMinutesForWeek('2026-12-21', days, new Set(['2026-12-25']))).toBe(h(32));
    const fourDays = days.slice(0, 4);
    expect(checkWeek(fourDays, { requiredMinutes: h(32) }).errors.week).toContainEqual({
      key: 'schedule.error.fiveDays',
      params: {},
    });
  });
});

describe('plan period', () => {
  it('starts at least 7 days ahead and lasts at least a week', () => {
    expect(checkPeriod({ from: '2026-12-08', to: '2026-12-14' }, '2026-12-01')).toEqual({});
    expect(checkPeriod({ from: '2026-12-07', to: '2026-12-14' }, '2026-12-01').from?.key).toBe('schedule.error.lead');
    expect(checkPeriod({ from: '2026-12-08', to: '2026-12-13' }, '2026-12-01').to?.key).toBe(
      'schedule.error.minPeriod',
    );
  });
});
