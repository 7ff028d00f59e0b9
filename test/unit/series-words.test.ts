import { describe, expect, it } from 'vitest';
import { weeklyRrule } from '../../src/bookings/series-rules.js';
import { describeRrule, untilWords } from '../../src/bookings/series-words.js';

describe('repeating bookings in words', () => {
  it('the weekly rule the form builds reads as people say it, in both languages', () => {
    const rule = weeklyRrule([4, 2], '2026-12-31');
    expect(rule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261231T235959Z');
    expect(describeRrule('ko', rule, 2026)).toBe('매주 화·목, 12월 31일까지');
    expect(describeRrule('en', rule, 2026)).toBe('every Tuesday and Thursday until 31 December');
  });
  it('names the year when it is not this year', () => {
    const rule = weeklyRrule([1, 3, 5], '2027-01-15');
    expect(describeRrule('ko', rule, 2026)).toBe('매주 월·수·금, 2027년 1월 15일까지');
    expect(describeRrule('en', rule, 2026)).toBe('every Monday, Wednesday and Friday until 15 January 2027');
  });
  it('daily, fortnightly, monthly and counted rules', () => {
    expect(describeRrule('ko', 'FREQ=DAILY;COUNT=5')).toBe('매일, 5회');
    expect(describeRrule('en', 'FREQ=DAILY;COUNT=1')).toBe('every day, 1 time');
    expect(describeRrule('en', 'FREQ=DAILY;COUNT=5')).toBe('every day, 5 times');
    expect(describeRrule('ko', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE')).toBe('2주마다 수');
    expect(describeRrule('en', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE')).toBe('every 2 weeks on Wednesday');
    expect(describeRrule('ko', 'FREQ=MONTHLY')).toBe('매월');
    expect(describeRrule('en', 'FREQ=WEEKLY')).toBe('every week');
  });
  it('never shows a rule it cannot read as code', () => {
    expect(describeRrule('ko', 'nonsense;;')).toBe('반복');
    expect(describeRrule('en', 'FREQ=HOURLY')).toBe('repeating');
  });
  it('an end date alone', () => {
    expect(untilWords('ko', '2026-12-31', 2026)).toBe('12월 31일까지');
    expect(untilWords('en', '2026-12-31', 2027)).toBe('until 31 December 2026');
  });
});
