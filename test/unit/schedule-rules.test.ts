import { describe, expect, it } from 'vitest';
import { KOREAN_PUBLIC_HOLIDAYS, publicHoliday, publicHolidaysBetween } from '../../src/centers/holidays.js';
import {
  bookingWindow,
  centerDays,
  changeEffect,
  changeStart,
  checkPeriod,
  checkWeek,
  DEFAULT_SCHEDULE_CONFIG,
  decisionRefusal,
  holidayCredits,
  overlappingPlan,
  type PlanDay,
  parsePattern,
  type ScheduleType,
  scheduleConfigFrom,
  whereOn,
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
    ['a full day loses lunch', h(9), h(18), 480],
    ['an afternoon', h(13), h(18), 300],
    ['a 4-hour morning takes no lunch', h(9), h(13), 240],
    ['3.5 hours across lunch take no lunch', h(9), h(12, 30), 210],
    ['1.5 hours over lunch', h(12, 30), h(14), 90],
    ['4.5 hours across lunch lose it', h(9), h(13, 30), 210],
    ['10 hours', h(9), h(19), 540],
  ])('%s: %i–%i is %i minutes', (_label, start, end, minutes) => {
    expect(workedMinutes(start, end)).toBe(minutes);
  });

  it('follows the organisation’s lunch break, not a constant', () => {
    const config = { ...DEFAULT_SCHEDULE_CONFIG, lunch: { start: h(11, 30), end: h(12, 30) } };
    expect(workedMinutes(h(9), h(18), config)).toBe(480);
    expect(workedMinutes(h(12), h(18), config)).toBe(330);
    expect(workedMinutes(h(12), h(18))).toBe(300);
  });

  it('reads organisation settings over the defaults and ignores a malformed one', () => {
    expect(scheduleConfigFrom({ leadDays: 3 }).leadDays).toBe(3);
    expect(scheduleConfigFrom({ leadDays: -1 })).toEqual(DEFAULT_SCHEDULE_CONFIG);
    expect(scheduleConfigFrom(null)).toEqual(DEFAULT_SCHEDULE_CONFIG);
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

  it('accepts a 4.5-day week: Monday to Thursday 09–19 and Friday 09–13', () => {
    const days = [...[1, 2, 3, 4].map((w) => day(w, h(9), h(19))), day(5, h(9), h(13))];
    const r = checkWeek(days);
    expect(r.totalMinutes).toBe(h(40));
    expect(r.errors).toEqual({});
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
    const ok = [
      day(1, h(7), h(20)),
      day(2, h(8), h(17)),
      day(3, h(8), h(13)),
      day(4, h(9), h(18)),
      day(5, h(9), h(18)),
    ];
    expect(workedMinutes(h(7), h(20))).toBe(h(12));
    // 12 + 8 + 4 (no lunch: 08–13 is five hours, so it loses one) + 8 + 8 = 40.
    expect(checkWeek(ok).errors).toEqual({});
    const long = [...ok];
    long[0] = day(1, h(7), h(20, 30));
    long[4] = day(5, h(9), h(17, 30));
    expect(keys(checkWeek(long), 1)).toContain('schedule.error.dayLength');
  });

  const compressed = (w: number, s: number, e: number) => day(w, s, e, { type: 'compressed' });
  it.each<[string, PlanDay[], boolean]>([
    [
      '12, 12, 12 and 4 hours in four days',
      [compressed(1, h(7), h(20)), compressed(2, h(7), h(20)), compressed(3, h(7), h(20)), compressed(4, h(8), h(12))],
      true,
    ],
    ['four 10-hour days', [1, 2, 3, 4].map((w) => compressed(w, h(8), h(19))), true],
    [
      '12, 12, 9 and 7 hours (a 7-hour day is a whole attendance day)',
      [compressed(1, h(7), h(20)), compressed(2, h(7), h(20)), compressed(3, h(8), h(18)), compressed(4, h(9), h(17))],
      true,
    ],
    [
      '12, 12, 4, 4 and 8 hours over five days',
      [
        compressed(1, h(7), h(20)),
        compressed(2, h(7), h(20)),
        compressed(3, h(9), h(13)),
        compressed(4, h(9), h(13)),
        compressed(5, h(9), h(18)),
      ],
      false,
    ],
    ['five 8-hour days', week(h(9), h(18), { type: 'compressed' }), false],
  ])('a compressed week of %s: accepted %s', (_label, days, ok) => {
    const r = checkWeek(days);
    expect(r.totalMinutes).toBe(h(40));
    expect(keys(r, 'week').includes('schedule.error.compressedDays')).toBe(!ok);
    if (ok) expect(r.errors).toEqual({});
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

  it('needs a named center for smart work', () => {
    const days = week(h(9), h(18));
    days[1] = day(2, h(9), h(18), { place: 'center' });
    expect(keys(checkWeek(days), 2)).toContain('schedule.error.centerRequired');
    days[1] = day(2, h(9), h(18), { place: 'center', centerId: 3 });
    expect(checkWeek(days).errors).toEqual({});
  });

  it('puts no hours on discretionary work', () => {
    const r = checkWeek([day(1, 0, 0, { type: 'discretionary' })]);
    expect(r).toEqual({ totalMinutes: 0, requiredMinutes: h(40), errors: {} });
  });
});

describe('remote work by the hour', () => {
  const remote = (extra: Partial<PlanDay>) => {
    const days = week(h(9), h(18), { type: 'remote', place: 'home' });
    days[2] = day(3, h(9), h(18), { type: 'remote', ...extra });
    return days;
  };
  it.each<[string, Partial<PlanDay>, string | null]>([
    ['a whole day at home', { place: 'home' }, null],
    [
      'office in the morning, two hours at home in the afternoon',
      { remote: { place: 'home', start: h(16), end: h(18) } },
      null,
    ],
    ['one hour at a center', { remote: { place: 'center', centerId: 4, start: h(17), end: h(18) } }, null],
    ['a remote day at headquarters only', { place: 'hq' }, 'schedule.error.remotePlace'],
    [
      'half an hour at home',
      { remote: { place: 'home', start: h(17, 30), end: h(18) } },
      'schedule.error.remoteMinimum',
    ],
    [
      'remote hours outside the day',
      { remote: { place: 'home', start: h(17), end: h(19) } },
      'schedule.error.remoteWindow',
    ],
    [
      'remote hours at a center without naming it',
      { remote: { place: 'center', start: h(14), end: h(18) } },
      'schedule.error.centerRequired',
    ],
  ])('%s', (_label, extra, error) => {
    const r = checkWeek(remote(extra));
    if (error) expect(keys(r, 3)).toContain(error);
    else expect(r.errors).toEqual({});
  });

  it('books a center only for the hours spent there', () => {
    const days = [day(2, h(9), h(18), { remote: { place: 'center', centerId: 4, start: h(14), end: h(18) } })];
    expect(centerDays({ from: '2026-12-07', to: '2026-12-13' }, days)).toEqual([
      { date: '2026-12-08', centerId: 4, start: h(14), end: h(18) },
    ]);
  });
});

describe('part-time staff (시간선택제)', () => {
  it.each<[string, PlanDay[], boolean]>([
    ['five 4-hour mornings', week(h(9), h(13)), true],
    [
      'three days of 09–16 (6 h) and one 2-hour day',
      [...[1, 2, 3].map((w) => day(w, h(9), h(16))), day(4, h(9), h(11))],
      false,
    ],
    ['five staggered 4-hour days', week(h(8), h(12), { type: 'staggered' }), true],
    ['five 8-hour days', week(h(9), h(18)), false],
  ])('a 20-hour week of %s: accepted %s', (_label, days, ok) => {
    const r = checkWeek(days, { requiredMinutes: h(20) });
    expect(Object.keys(r.errors).length === 0).toBe(ok);
  });

  it('takes full-time hours when no contract is stored', () => {
    expect(checkWeek(week(h(9), h(18)), { requiredMinutes: null }).errors).toEqual({});
  });
});

describe('public holidays', () => {
  // The week of Christmas 2026: Friday the 25th. The holiday counts as Friday's planned hours.
  const holidays = new Set(['2026-12-25']);
  const period = { from: '2026-12-21', to: '2026-12-27' };
  it.each<[ScheduleType, PlanDay[]]>([
    ['choice', week(h(9), h(18))],
    ['staggered', week(h(8), h(17), { type: 'staggered' })],
    ['remote', week(h(9), h(18), { type: 'remote', place: 'home' })],
    ['compressed', [2, 3, 4, 5].map((w) => day(w, h(8), h(19), { type: 'compressed' }))],
  ])('a %s week with a holiday on a working day still passes, crediting the holiday', (_type, days) => {
    const credits = holidayCredits(period, days, holidays);
    expect(credits).toEqual([{ date: '2026-12-25', minutes: workedMinutes(days.at(-1)!.start, days.at(-1)!.end) }]);
    expect(checkWeek(days).errors).toEqual({});
  });

  it('credits nothing for a holiday on a day off', () => {
    const days = [1, 2, 3, 4].map((w) => day(w, h(8), h(19), { type: 'compressed' }));
    expect(holidayCredits(period, days, holidays)).toEqual([]);
  });

  it.each([
    ['2026-02-16', true],
    ['2026-03-01', true],
    ['2026-03-02', true],
    ['2026-05-25', true],
    ['2026-06-03', true],
    ['2026-06-06', true],
    ['2026-08-15', true],
    ['2026-08-17', true],
    ['2026-09-26', true],
    ['2026-10-03', true],
    ['2026-10-05', true],
    ['2027-02-06', true],
    ['2027-02-09', true],
    ['2027-10-11', true],
    ['2027-12-27', true],
    ['2026-12-24', false],
    ['2027-05-05', true],
  ])('%s is a public holiday: %s', (date, holiday) => {
    expect(Boolean(publicHoliday(date))).toBe(holiday);
  });

  it('lists both years with their weekend holidays', () => {
    expect(KOREAN_PUBLIC_HOLIDAYS[2026]).toHaveLength(20);
    expect(KOREAN_PUBLIC_HOLIDAYS[2027]).toHaveLength(20);
    expect(publicHolidaysBetween('2026-09-24', '2026-09-27').map((x) => x.date)).toEqual([
      '2026-09-24',
      '2026-09-25',
      '2026-09-26',
    ]);
  });
});

describe('plan period', () => {
  const today = '2026-12-01';
  it.each<[string, string, string, 'from' | 'to' | null, string | undefined]>([
    ['a same-day, single-day plan', '2026-12-01', '2026-12-01', null, undefined],
    ['a week from next Monday', '2026-12-07', '2026-12-13', null, undefined],
    ['a plan that started yesterday', '2026-11-30', '2026-12-04', 'from', 'schedule.error.past'],
    ['an end before the start', '2026-12-04', '2026-12-03', 'to', 'schedule.error.toBeforeFrom'],
    ['a date that does not exist', '2026-02-30', '2026-03-03', 'from', 'schedule.error.date'],
    ['a plan over a year long', '2026-12-01', '2028-01-01', 'to', 'schedule.error.maxPeriod'],
  ])('%s', (_label, from, to, field, key) => {
    const errors = checkPeriod({ from, to }, today);
    if (field) expect(errors[field]?.key).toBe(key);
    else expect(errors).toEqual({});
  });

  it('keeps the lead time and the shortest plan as organisation settings', () => {
    const config = { ...DEFAULT_SCHEDULE_CONFIG, leadDays: 7, minPlanDays: 7 };
    expect(checkPeriod({ from: '2026-12-08', to: '2026-12-14' }, today, config)).toEqual({});
    expect(checkPeriod({ from: '2026-12-07', to: '2026-12-14' }, today, config).from?.key).toBe('schedule.error.lead');
    expect(checkPeriod({ from: '2026-12-08', to: '2026-12-13' }, today, config).to?.key).toBe(
      'schedule.error.minPeriod',
    );
  });
});

describe('plans of one person', () => {
  const approved = { id: 1, fromDate: '2026-12-07', toDate: '2026-12-31', status: 'approved' };
  it.each<[string, { fromDate: string; toDate: string; replacesPlanId?: number }, boolean]>([
    ['an overlapping plan', { fromDate: '2026-12-14', toDate: '2026-12-20' }, true],
    ['a plan just after', { fromDate: '2027-01-01', toDate: '2027-01-07' }, false],
    ['a change of the approved plan', { fromDate: '2026-12-14', toDate: '2026-12-31', replacesPlanId: 1 }, false],
  ])('%s is in the way: %s', (_label, plan, blocked) => {
    expect(Boolean(overlappingPlan({ id: 2, status: 'draft', ...plan }, [approved]))).toBe(blocked);
  });

  it('ignores rejected and withdrawn plans', () => {
    expect(
      overlappingPlan({ id: 2, fromDate: '2026-12-14', toDate: '2026-12-20', status: 'draft' }, [
        { ...approved, status: 'rejected' },
        { ...approved, id: 3, status: 'withdrawn' },
      ]),
    ).toBeUndefined();
  });

  it('keeps the days before a change covered by the plan it changes', () => {
    expect(changeStart({ fromDate: '2026-11-16' }, '2026-12-01')).toBe('2026-12-01');
    expect(changeStart({ fromDate: '2026-12-14' }, '2026-12-01')).toBe('2026-12-14');
    expect(changeEffect({ fromDate: '2026-11-16', toDate: '2026-12-31' }, { fromDate: '2026-12-01' })).toEqual({
      kind: 'shortened',
      toDate: '2026-11-30',
    });
    expect(changeEffect({ fromDate: '2026-12-14', toDate: '2026-12-31' }, { fromDate: '2026-12-14' })).toEqual({
      kind: 'superseded',
    });
  });
});

describe('separation of duties', () => {
  it.each<[string, number, number, boolean, string | null]>([
    ['the manager of the team', 1, 2, true, null],
    ['a manager on their own plan', 1, 1, true, 'schedule.error.ownPlan'],
    ['an acting manager on their own plan', 3, 3, true, 'schedule.error.ownPlan'],
    ['an administrator on their own plan', 9, 9, false, 'schedule.error.ownPlan'],
    ['someone from another team', 4, 2, false, 'schedule.error.notYourTeam'],
  ])('%s', (_label, actor, owner, mayApprove, refusal) => {
    expect(decisionRefusal(actor, owner, mayApprove)).toBe(refusal);
  });
});

describe('booking a plan’s center days', () => {
  it.each<[string, string, number, 'past' | 'beyond_horizon' | 'now']>([
    ['yesterday', '2026-11-30', h(18), 'past'],
    ['today, already over', '2026-12-01', h(9), 'past'],
    ['today, still ahead', '2026-12-01', h(18), 'now'],
    ['the last day of the horizon', '2026-12-15', h(18), 'now'],
    ['the day after the horizon', '2026-12-16', h(18), 'beyond_horizon'],
  ])('%s is %s', (_label, date, end, window) => {
    expect(bookingWindow({ date, end }, '2026-12-01', h(9, 10), 14)).toBe(window);
  });
});

describe('where people are', () => {
  const plans = [{ fromDate: '2026-12-07', toDate: '2026-12-13', pattern: week(h(9), h(18)) }];
  it.each<[string, Parameters<typeof whereOn>[1], string, string]>([
    ['a planned office day', { plans, absences: [] }, '2026-12-08', 'hq'],
    [
      'a checked-in booking beats headquarters',
      { plans, absences: [], checkIns: [{ date: '2026-12-08', centerId: 5, start: h(9), end: h(18) }] },
      '2026-12-08',
      'center',
    ],
    ['a public holiday', { plans, absences: [], holiday: true }, '2026-12-08', 'holiday'],
    [
      'a planned center day at a center closed for maintenance',
      {
        plans: [{ ...plans[0]!, pattern: [day(2, h(9), h(18), { place: 'center', centerId: 7 })] }],
        absences: [],
        closedCenters: new Set([7]),
      },
      '2026-12-08',
      'closed',
    ],
    ['leave', { plans, absences: [{ startsOn: '2026-12-08', endsOn: '2026-12-08' }] }, '2026-12-08', 'leave'],
    ['a weekend without a plan', { plans: [], absences: [] }, '2026-12-12', 'off'],
  ])('%s', (_label, facts, date, kind) => {
    expect(whereOn(date, facts).kind).toBe(kind);
  });
});

describe('stored patterns', () => {
  it('reads a well-formed pattern and refuses a malformed one without throwing', () => {
    expect(parsePattern(week(h(9), h(18)))).toHaveLength(5);
    expect(parsePattern([{ weekday: 9 }])).toEqual([]);
    expect(parsePattern([day(1, h(9), h(18)), day(1, h(9), h(18))])).toEqual([]);
  });
});
