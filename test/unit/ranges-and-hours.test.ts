import { describe, expect, it } from 'vitest';
import { overlaps, subtractRanges } from '../../src/bookings/ranges.js';
import { mayUseZone } from '../../src/centers/access.js';
import { deskDay, toMinuteRange } from '../../src/centers/availability.js';
import { groupWeeklyHours, hoursOn } from '../../src/centers/hours.js';

describe('ranges', () => {
  it('treats ranges as half-open', () => {
    expect(overlaps({ start: 540, end: 600 }, { start: 600, end: 660 })).toBe(false);
    expect(overlaps({ start: 540, end: 601 }, { start: 600, end: 660 })).toBe(true);
  });
  it('subtracts busy ranges, merging overlaps and clipping to the window', () => {
    expect(
      subtractRanges({ start: 480, end: 1200 }, [
        { start: 600, end: 720 },
        { start: 660, end: 780 },
        { start: 300, end: 500 },
        { start: 1100, end: 1300 },
      ]),
    ).toEqual([
      { start: 500, end: 600 },
      { start: 780, end: 1100 },
    ]);
  });
  it('returns the whole window when nothing is busy, and nothing when all is', () => {
    expect(subtractRanges({ start: 0, end: 60 }, [])).toEqual([{ start: 0, end: 60 }]);
    expect(subtractRanges({ start: 0, end: 60 }, [{ start: 0, end: 60 }])).toEqual([]);
  });
});

describe('availability on a Seoul date', () => {
  const date = '2026-12-01';
  const at = (hhmm: string) => new Date(`${date}T${hhmm}:00+09:00`);
  it('converts instants to Seoul minutes whatever the server zone', () => {
    expect(toMinuteRange(date, at('09:00'), at('12:30'))).toEqual({ start: 540, end: 750 });
  });
  it('marks the viewer own booking and lists what stays free', () => {
    const day = deskDay(
      date,
      { weekday: 2, opensMinute: 480, closesMinute: 1200 },
      [
        { startsAt: at('09:00'), endsAt: at('12:00'), userId: 7 },
        { startsAt: at('13:00'), endsAt: at('14:00'), userId: 8 },
      ],
      7,
    );
    expect(day.busy.map((b) => b.mine)).toEqual([true, false]);
    expect(day.free).toEqual([
      { start: 480, end: 540 },
      { start: 720, end: 780 },
      { start: 840, end: 1200 },
    ]);
  });
});

describe('opening hours', () => {
  const week = [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 420, closesMinute: 1320 })),
    { weekday: 6, opensMinute: 540, closesMinute: 1080 },
  ];
  it('finds the hours of a date by its Seoul weekday', () => {
    expect(hoursOn(week, '2026-12-05')?.opensMinute).toBe(540); // Saturday
    expect(hoursOn(week, '2026-12-06')).toBeUndefined(); // Sunday
  });
  it('groups consecutive days with the same hours', () => {
    expect(groupWeeklyHours(week)).toEqual([
      { fromWeekday: 1, toWeekday: 5, opensMinute: 420, closesMinute: 1320 },
      { fromWeekday: 6, toWeekday: 6, opensMinute: 540, closesMinute: 1080 },
    ]);
  });
});

describe('zone access', () => {
  it('keeps partner zones for their partner and public zones for public staff', () => {
    const publicUser = { organisationId: 1, organisationKind: 'public' as const };
    const partnerUser = { organisationId: 9, organisationKind: 'private' as const };
    expect(mayUseZone(publicUser, { partnerOrganisationId: null })).toBe(true);
    expect(mayUseZone(publicUser, { partnerOrganisationId: 9 })).toBe(false);
    expect(mayUseZone(partnerUser, { partnerOrganisationId: 9 })).toBe(true);
    expect(mayUseZone(partnerUser, { partnerOrganisationId: null })).toBe(false);
    expect(mayUseZone(partnerUser, { partnerOrganisationId: 10 })).toBe(false);
  });
});
