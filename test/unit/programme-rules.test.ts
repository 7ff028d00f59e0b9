import { describe, expect, it } from 'vitest';
import {
  CO2_KG_PER_CAR_KM,
  commuteSaving,
  computeOutcomes,
  eligible,
  type OutcomeInput,
  publicSummary,
  suppress,
  weekdaysBetween,
  weeksBetween,
  withinWeeklyQuota,
} from '../../src/programmes/rules.js';

// On one meridian the haversine distance is exactly R·Δφ: 6371 km × π/180 = 111.19493 km a degree.
const KM_PER_DEGREE = (6371 * Math.PI) / 180;
const home = { lat: 37.0, lng: 127.0 };
const hq = { lat: 37.2, lng: 127.0 };
const c1 = { lat: 37.05, lng: 127.0 };
const c2 = { lat: 37.1, lng: 127.0 };
// Home→HQ 0.2°, home→C1 0.05°: 0.15° saved each way, there and back.
const DAY_KM = 2 * 0.15 * KM_PER_DEGREE; // 33.358 km

const b = (member: number, date: string, deskId: number, status: string) => ({
  member,
  date,
  deskId,
  status,
  centerId: deskId < 200 ? 1 : 2,
  center: deskId < 200 ? c1 : c2,
});

/** The fixed scenario whose figures are worked out by hand in the comments below. */
const scenario: OutcomeInput = {
  startsOn: '2026-11-02',
  endsOn: '2026-12-31',
  today: '2026-11-29',
  members: [
    // A: a parent, from the first day (4 weeks to the 29th), home and headquarters known.
    { key: 1, groups: ['parents'], approvedOn: '2026-11-02', home, headquarters: hq },
    // B: no declared group, from the 16th (2 weeks), no home: not in the commute figures.
    { key: 2, groups: [], approvedOn: '2026-11-16', headquarters: hq },
  ],
  bookings: [
    b(1, '2026-10-14', 101, 'completed'), // A's baseline (5 Oct – 1 Nov): 1 day
    b(1, '2026-10-20', 101, 'cancelled'),
    b(1, '2026-11-03', 101, 'completed'), // A: 3 smart-work days, 5 bookings, 1 cancelled, 1 no-show
    b(1, '2026-11-04', 101, 'completed'),
    b(1, '2026-11-05', 102, 'no_show'),
    b(1, '2026-11-10', 101, 'cancelled'),
    b(1, '2026-11-11', 102, 'completed'),
    b(2, '2026-11-17', 101, 'completed'), // B: 2 days, 3 bookings, 1 not yet started
    b(2, '2026-11-18', 201, 'completed'),
    b(2, '2026-11-19', 201, 'booked'),
  ],
  centers: [
    { id: 1, ...c1, reservedDeskIds: [101] },
    { id: 2, ...c2, reservedDeskIds: [] },
  ],
  withdrawn: [
    ...['everyone', 'older'].map((targetGroup) => ({
      targetGroup,
      people: 1,
      smartWorkDays: 2,
      weeks: 2,
      baselineDays: 1,
      baselineWeeks: 4,
      bookings: 2,
      cancelled: 0,
      noShows: 0,
      started: 2,
      kmSaved: 10,
      minutesSaved: 30,
    })),
  ],
  surveys: [
    { phase: 'before', satisfaction: 4, productivity: 3, balance: 2 },
    { phase: 'before', satisfaction: 2, productivity: 5, balance: 4 },
    { phase: 'after', satisfaction: 5, productivity: 5, balance: 5 },
  ],
};

describe('programme outcome arithmetic on a fixed scenario', () => {
  const out = computeOutcomes(scenario);
  const group = (g: string) => out.groups.find((x) => x.group === g)!;

  it('counts smart-work days per person-week against the baseline, by group', () => {
    // everyone: A 3 + B 2 + withdrawn 2 = 7 days over 4 + 2 + 2 = 8 weeks; baseline 1 + 0 + 1 over 4 + 4 + 4.
    expect(group('everyone')).toMatchObject({ people: 2, withdrawn: 1, smartWorkDays: 7, weeks: 8 });
    expect(group('everyone').daysPerWeek).toBeCloseTo(7 / 8, 10);
    expect(group('everyone').baselineDaysPerWeek).toBeCloseTo(2 / 12, 10);
    // parents: A alone.
    expect(group('parents')).toMatchObject({ people: 1, smartWorkDays: 3, weeks: 4, daysPerWeek: 0.75 });
    expect(group('parents').baselineDaysPerWeek).toBe(0.25);
    // older: only the one who withdrew; disabled: nobody.
    expect(group('older')).toMatchObject({ people: 0, withdrawn: 1, daysPerWeek: 1, baselineDaysPerWeek: 0.25 });
    expect(group('disabled')).toMatchObject({ people: 0, daysPerWeek: null, cancellationRate: null });
  });

  it('computes cancellation and no-show rates from the bookings', () => {
    // everyone: 5 + 3 + 2 = 10 bookings, 1 cancelled; 1 no-show of 4 + 2 + 2 = 8 started.
    expect(group('everyone')).toMatchObject({ bookings: 10, cancelled: 1, noShows: 1, started: 8 });
    expect(group('everyone').cancellationRate).toBe(0.1);
    expect(group('everyone').noShowRate).toBeCloseTo(1 / 8, 10);
    expect(group('parents').cancellationRate).toBe(0.2);
    expect(group('parents').noShowRate).toBe(0.25);
  });

  it('estimates commuting and CO2 saved from home, headquarters and the center used', () => {
    expect(DAY_KM).toBeCloseTo(33.3585, 3);
    // A's 3 days at C1; B has no home; plus the withdrawn 10 km.
    expect(group('parents').kmSaved).toBeCloseTo(3 * DAY_KM, 6);
    expect(group('parents').minutesSaved).toBeCloseTo(((3 * DAY_KM) / 20) * 60, 6);
    expect(group('parents').co2Kg).toBeCloseTo(3 * DAY_KM * 0.17, 6);
    expect(group('everyone').kmSaved).toBeCloseTo(3 * DAY_KM + 10, 6);
    expect(group('everyone').commuteCounted).toBe(1);
    expect(CO2_KG_PER_CAR_KM).toBe(0.17);
  });

  it('measures reserved-desk use and center participation', () => {
    // 20 weekdays from 2 to 29 November; desk 101 used on the 3rd, 4th and 17th (the 10th was cancelled).
    expect(out.weekdaysSoFar).toBe(20);
    expect(out.centers[0]).toEqual({
      centerId: 1,
      people: 2,
      smartWorkDays: 4,
      reservedDesks: 1,
      reservedDeskDaysUsed: 3,
      reservedDeskDaysOffered: 20,
      utilisation: 0.15,
    });
    expect(out.centers[1]).toMatchObject({ people: 1, smartWorkDays: 1, utilisation: null });
  });

  it('averages the surveys and their response rates', () => {
    expect(out.surveys[0]).toEqual({
      phase: 'before',
      responses: 2,
      responseRate: 1,
      means: { satisfaction: 3, productivity: 4, balance: 3 },
    });
    expect(out.surveys[1]).toMatchObject({ phase: 'after', responses: 1, responseRate: 0.5 });
  });

  it('withholds every group under five people in the public summary', () => {
    const pub = publicSummary(out, ['parents', 'disabled', 'older', 'everyone']);
    expect(pub.participants).toEqual({ suppressed: true });
    expect(pub.groups.every((g) => g.suppressed)).toBe(true);
    expect(pub.centers.every((c) => c.suppressed)).toBe(true);
    expect(pub.surveys.every((s) => s.suppressed)).toBe(true);
    expect(JSON.stringify(pub)).not.toMatch(/people|smartWorkDays|kmSaved|means/);
    expect(suppress({ people: 4 }, 4)).toEqual({ suppressed: true });
    expect(suppress({ people: 5 }, 5)).toEqual({ suppressed: false, people: 5 });
  });
});

describe('programme rules', () => {
  it('never counts a center farther than headquarters as a saving', () => {
    expect(commuteSaving(home, c1, hq)).toEqual({ km: 0, minutes: 0 });
  });

  it('counts weekdays and weeks over a period', () => {
    expect(weekdaysBetween('2026-11-30', '2026-12-06')).toBe(5);
    expect(weekdaysBetween('2026-12-06', '2026-11-30')).toBe(0);
    expect(weeksBetween('2026-11-02', '2026-11-29')).toBe(4);
  });

  it('keeps a participant within the weekly quota of reserved-desk days', () => {
    expect(withinWeeklyQuota(2, ['2026-12-01'], '2026-12-02')).toBe(true);
    expect(withinWeeklyQuota(2, ['2026-12-01', '2026-12-03'], '2026-12-02')).toBe(false);
    // A second booking the same day is the same day.
    expect(withinWeeklyQuota(1, ['2026-12-02'], '2026-12-02')).toBe(true);
    expect(withinWeeklyQuota(null, ['2026-12-01', '2026-12-03'], '2026-12-02')).toBe(true);
  });

  it('admits by declaration: anyone to an everyone programme, a declared group to its own', () => {
    expect(eligible(['everyone'], [])).toBe(true);
    expect(eligible(['parents', 'disabled'], ['disabled'])).toBe(true);
    expect(eligible(['parents'], ['older'])).toBe(false);
    expect(eligible(['parents'], [])).toBe(false);
  });
});
