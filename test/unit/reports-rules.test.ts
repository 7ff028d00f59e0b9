import { describe, expect, it } from 'vitest';
import {
  anonymousGroups,
  checkRange,
  defaultRange,
  granularityFor,
  hourProfile,
  openDeskHours,
  peakDays,
  periodStart,
  periods,
  rates,
  uptakeByType,
  weekdayHourGrid,
  ZERO,
} from '../../src/reports/rules.js';

const f = (booked: number, present = 0, noShow = 0) => ({ ...ZERO, booked, present, noShow });

describe('report ranges', () => {
  it('defaults to the 30 days up to today, also across a year and a leap day', () => {
    expect(defaultRange('2026-12-01')).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(defaultRange('2027-01-15')).toEqual({ from: '2026-12-17', to: '2027-01-15' });
    expect(defaultRange('2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-03-01' });
  });

  it('accepts real dates in order up to three years apart, and says which field is wrong otherwise', () => {
    expect(checkRange('2026-11-01', '2026-11-30').range).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(checkRange('2026-02-30', '2026-03-01').error).toEqual({ field: 'from', kind: 'from' });
    expect(checkRange('2026-03-01', '2026-13-01').error).toEqual({ field: 'to', kind: 'to' });
    expect(checkRange('1999-12-31', '2000-01-02').error?.field).toBe('from');
    expect(checkRange('2026-11-02', '2026-11-01').error).toEqual({ field: 'to', kind: 'order' });
    expect(checkRange('2024-01-01', '2026-12-31').range).toBeDefined(); // 1,096 days
    expect(checkRange('2023-12-31', '2027-01-01').error).toEqual({ field: 'to', kind: 'tooLong' });
    expect(checkRange('', '2026-11-01').error?.field).toBe('from');
  });
});

describe('grouping days', () => {
  it('uses days up to two months, weeks up to a year, months beyond', () => {
    expect(granularityFor({ from: '2026-01-01', to: '2026-03-03' })).toBe('day'); // 62 days
    expect(granularityFor({ from: '2026-01-01', to: '2026-03-04' })).toBe('week');
    expect(granularityFor({ from: '2026-01-01', to: '2027-01-01' })).toBe('week'); // 366 days
    expect(granularityFor({ from: '2026-01-01', to: '2027-01-02' })).toBe('month');
  });

  it('starts weeks on Monday and months on the first', () => {
    expect(periodStart('2026-11-08', 'week')).toBe('2026-11-02'); // a Sunday
    expect(periodStart('2026-11-02', 'week')).toBe('2026-11-02');
    expect(periodStart('2026-11-08', 'month')).toBe('2026-11-01');
  });

  it('lists every period of the range, empty ones as zero, and sums the days into them', () => {
    const days = new Map([
      ['2026-11-02', f(3, 2, 1)],
      ['2026-11-10', f(1, 1)],
    ]);
    const weeks = periods({ from: '2026-11-01', to: '2026-11-16' }, 'week', days);
    expect(weeks.map((p) => [p.start, p.figures.booked])).toEqual([
      ['2026-10-26', 0],
      ['2026-11-02', 3],
      ['2026-11-09', 1],
      ['2026-11-16', 0],
    ]);
  });
});

describe('rates and peaks', () => {
  it('takes rates of the bookings not cancelled, and the average stay of those who came', () => {
    expect(rates({ ...f(7, 5, 2), stayMinutes: 945 })).toEqual({
      checkInRate: 0.714,
      noShowRate: 0.286,
      averageStay: 189,
    });
    expect(rates(ZERO)).toEqual({ checkInRate: null, noShowRate: null, averageStay: null });
  });

  it('lists the busiest days first, the earlier first on a tie, and never an empty day', () => {
    const days = new Map([
      ['2026-11-03', f(2)],
      ['2026-11-02', f(2)],
      ['2026-11-04', f(5)],
      ['2026-11-05', f(0)],
    ]);
    expect(peakDays(days, 2)).toEqual([
      { date: '2026-11-04', booked: 5 },
      { date: '2026-11-02', booked: 2 },
    ]);
    expect(peakDays(days).map((d) => d.date)).not.toContain('2026-11-05');
  });
});

describe('occupancy by weekday and hour', () => {
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({
    centerId: 1,
    weekday,
    opensMinute: 8 * 60 + 30,
    closesMinute: 18 * 60,
  }));
  const capacity = new Map([[1, 4]]);
  const range = { from: '2026-11-02', to: '2026-11-15' }; // two weeks, Monday to Sunday

  it('averages over the weekdays of the range and divides by the desks open in that hour', () => {
    const grid = weekdayHourGrid(
      range,
      [
        { day: '2026-11-02', hour: 9, desksBooked: 4 },
        { day: '2026-11-09', hour: 9, desksBooked: 2 },
      ],
      hours,
      capacity,
    );
    expect(grid.find((c) => c.weekday === 1 && c.hour === 9)).toEqual({
      weekday: 1,
      hour: 9,
      averageBooked: 3,
      occupancy: 0.75,
    });
    // 08:30 opening: the hour from 8 is open (an hour begun counts), 18:00 closing: the hour from 18 is not.
    expect(grid.some((c) => c.hour === 8)).toBe(true);
    expect(grid.some((c) => c.hour === 18)).toBe(false);
    // Weekends closed and nothing booked: no cells.
    expect(grid.some((c) => c.weekday === 6)).toBe(false);
    // Over the 14 days, 6 desk-hours at 9:00.
    expect(hourProfile(grid, range).find((h) => h.hour === 9)?.averageBooked).toBe(0.4);
  });

  it('counts desk-hours open: each day, desks times the hours begun', () => {
    // 10 weekdays × (8..17 = 10 hours) × 4 desks.
    expect(openDeskHours(range, hours, capacity)).toBe(400);
  });
});

describe('anonymous counts of people', () => {
  it('merges groups under 5 into "other", and hides "other" when it too is under 5', () => {
    expect(
      anonymousGroups([
        { key: 'jongno', people: 12 },
        { key: 'jung', people: 4 },
        { key: 'mapo', people: 5 },
        { key: null, people: 2 },
      ]),
    ).toEqual([
      { key: 'jongno', people: 12 },
      { key: 'mapo', people: 5 },
      { key: null, people: 6 },
    ]);
    expect(anonymousGroups([{ key: 'jung', people: 3 }])).toEqual([{ key: null, people: null }]);
    expect(anonymousGroups([])).toEqual([]);
  });

  it('counts a person once a type, and each type of a mixed plan', () => {
    const byType = uptakeByType([
      { userId: 1, types: ['remote', 'staggered'] },
      { userId: 1, types: ['remote'] },
      { userId: 2, types: ['remote', 'unknown'] },
    ]);
    expect(byType).toEqual({ staggered: 1, choice: 0, compressed: 0, discretionary: 0, remote: 2 });
  });
});
