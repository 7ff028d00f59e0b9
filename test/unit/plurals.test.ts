import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { selectPlurals, translate } from '../../src/i18n/index.js';
import { ko } from '../../src/i18n/ko.js';

describe('plural forms in messages', () => {
  const t = '{count, plural, one {# repeating booking} other {# repeating bookings}} made';
  it('says one in the singular and everything else in the plural (English rules)', () => {
    expect(selectPlurals('en', t, { count: 1 })).toBe('1 repeating booking made');
    expect(selectPlurals('en', t, { count: 0 })).toBe('0 repeating bookings made');
    expect(selectPlurals('en', t, { count: 2 })).toBe('2 repeating bookings made');
  });
  it('prefers an exact branch and keeps other placeholders for filling', () => {
    const s = '{count, plural, =0 {nothing free} one {# of {total} free} other {# of {total} free}}';
    expect(selectPlurals('en', s, { count: 0, total: 3 })).toBe('nothing free');
    expect(selectPlurals('en', s, { count: 1, total: 3 })).toBe('1 of {total} free');
  });
  it('leaves the text alone when the number is missing', () => {
    expect(selectPlurals('en', t, {})).toBe(t);
  });
  it('real messages: the series flash and notices read correctly for one and for many', () => {
    expect(translate('en', 'series.booked', { count: 1, lost: 0 })).toBe('1 repeating booking made.');
    expect(translate('en', 'series.booked', { count: 3, lost: 1 })).toBe(
      '3 repeating bookings made (1 date was taken by someone else in the meantime).',
    );
    expect(translate('en', 'notice.seriesBooked', { count: 1, until: '2026-12-31', rule: '' })).not.toMatch(/\(s\)/);
  });
  it('no English message still writes "(s)" or leaves a plural count unbranched', () => {
    const offenders = Object.entries(en).filter(([, v]) => /\w\(s\)/.test(v));
    expect(offenders).toEqual([]);
    // Every English message that counts with {count} followed by a noun uses plural branches.
    const unbranched = Object.entries(en).filter(([, v]) => /\{count\} [a-z]+s\b/.test(v));
    expect(unbranched).toEqual([]);
  });
  it('Korean messages branch only on zero (a sentence about "0 days" is left out instead)', () => {
    const branched = Object.values(ko).filter((v) => v.includes(', plural,'));
    expect(branched.length).toBeGreaterThan(0);
    for (const v of branched) expect(v).not.toMatch(/\bone \{/);
    expect(translate('ko', 'schedule.approvedFlash', { attention: 0, pending: 0 })).toBe('승인했습니다.');
    expect(translate('ko', 'schedule.approvedFlash', { attention: 2, pending: 0 })).toBe(
      '승인했습니다. 예약하지 못한 2일은 확인해 주세요.',
    );
  });
});
