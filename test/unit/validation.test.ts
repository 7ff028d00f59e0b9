import { describe, expect, it } from 'vitest';
import { inputErrorStatus, isDatabaseUnavailable } from '../../src/db/failures.js';
import {
  addDaysToDate,
  DateOutOfRangeError,
  datesBetween,
  isDateString,
  MAX_DATE,
  MIN_DATE,
  seoulInstant,
} from '../../src/time/seoul.js';
import { findForbiddenString, idText, monthText, parseId } from '../../src/validation/input.js';

describe('ids', () => {
  it('accept decimal 1 … 2^31-1 only', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('2147483647')).toBe(2_147_483_647);
    for (const bad of ['2147483648', '0', '-1', '1.5', '1e3', ' 1', '01', '', 'abc', '0x10', ['1'], 1, undefined, null])
      expect(parseId(bad), String(bad)).toBeUndefined();
    expect(idText.safeParse('99999999999999999999').success).toBe(false);
  });
});

describe('dates', () => {
  it('are real calendar dates within 2000-01-01 … 2100-12-31', () => {
    for (const ok of [MIN_DATE, MAX_DATE, '2024-02-29', '2026-12-01']) expect(isDateString(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-30',
      '2026-13-01',
      '0000-01-01',
      '9999-12-31',
      '1999-12-31',
      '2101-01-01',
      '2025-02-29',
    ])
      expect(isDateString(bad), bad).toBe(false);
    expect(isDateString(undefined)).toBe(false);
  });

  it('refuse arithmetic that leaves the range, with a typed error', () => {
    expect(addDaysToDate('2100-12-30', 1)).toBe(MAX_DATE);
    expect(() => addDaysToDate(MAX_DATE, 1)).toThrow(DateOutOfRangeError);
    expect(() => addDaysToDate(MIN_DATE, -1)).toThrow(DateOutOfRangeError);
    expect(() => addDaysToDate('9999-12-31', 1)).toThrow(DateOutOfRangeError);
    expect(() => addDaysToDate('', 1)).toThrow(DateOutOfRangeError);
    expect(() => addDaysToDate('2026-01-01', Number.POSITIVE_INFINITY)).toThrow(DateOutOfRangeError);
    expect(() => seoulInstant('9999-12-31', 0)).toThrow(DateOutOfRangeError);
    expect(new DateOutOfRangeError('x').status).toBe(400);
  });

  it('loop over a range in bounded steps, to the last supported day', () => {
    expect([...datesBetween('2026-02-27', '2026-03-02')]).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect([...datesBetween('2100-12-30', MAX_DATE)]).toEqual(['2100-12-30', MAX_DATE]);
    expect([...datesBetween('2026-03-02', '2026-03-01')]).toEqual([]);
    expect(() => [...datesBetween('2026-01-01', '9999-12-31')]).toThrow(DateOutOfRangeError);
  });

  it('months are within the range too', () => {
    for (const ok of ['2000-01', '2100-12', '2026-11']) expect(monthText.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['0000-01', '9999-12', '1999-12', '2101-01', '2026-13', '2026-1'])
      expect(monthText.safeParse(bad).success, bad).toBe(false);
  });
});

describe('text', () => {
  it('finds control characters and broken UTF-16 anywhere in a parsed body', () => {
    expect(findForbiddenString({ a: 'ok', b: ['fine', 'line\nbreak\ttab'] })).toBeUndefined();
    expect(findForbiddenString({ a: ['x', 'a\u0000b'] })).toBe('a\u0000b');
    expect(findForbiddenString({ 'k\u0007': 'v' })).toBe('k\u0007');
    expect(findForbiddenString('\uD800')).toBe('\uD800');
    expect(findForbiddenString('😀 한국어')).toBeUndefined();
  });
});

describe('database failures', () => {
  it('tell an unreachable database from a bad value and from a bug', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'CONNECTION_ENDED' })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', cause: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([{ code: 'ECONNREFUSED' }]))).toBe(true);
    expect(isDatabaseUnavailable({ code: '23505' })).toBe(false);
    expect(inputErrorStatus({ cause: { code: '22021' } })).toBe(400);
    expect(inputErrorStatus({ code: '23503' })).toBe(422);
    expect(inputErrorStatus({ code: '42P01' })).toBeUndefined();
    expect(inputErrorStatus(new Error('plain'))).toBeUndefined();
  });
});
