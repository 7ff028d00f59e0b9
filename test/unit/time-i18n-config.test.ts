import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { en } from '../../src/i18n/en.js';
import { translate } from '../../src/i18n/index.js';
import { ko } from '../../src/i18n/ko.js';
import {
  formatMinute,
  isDateString,
  isoWeekday,
  parseMinute,
  seoulDate,
  seoulInstant,
  seoulMinuteOfDay,
} from '../../src/time/seoul.js';

describe('Seoul time', () => {
  it('runs under another server zone', () => {
    expect(process.env.TZ).toBe('America/New_York');
  });
  it('maps Seoul wall time to UTC (UTC+9, no daylight saving)', () => {
    expect(seoulInstant('2026-12-01', 9 * 60).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(seoulInstant('2026-07-01', 0).toISOString()).toBe('2026-06-30T15:00:00.000Z');
    expect(seoulInstant('2026-12-01', 1440).toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });
  it('reads the Seoul date and minute of an instant', () => {
    const at = new Date('2026-11-30T23:30:00Z');
    expect(seoulDate(at)).toBe('2026-12-01');
    expect(seoulMinuteOfDay(at)).toBe(8 * 60 + 30);
    expect(isoWeekday('2026-12-01')).toBe(2);
  });
  it('parses and formats times', () => {
    expect(parseMinute('09:30')).toBe(570);
    expect(parseMinute('24:00')).toBe(1440);
    expect(parseMinute('24:30')).toBeUndefined();
    expect(parseMinute('9:30')).toBeUndefined();
    expect(formatMinute(570)).toBe('09:30');
    expect(isDateString('2026-02-29')).toBe(false);
    expect(isDateString('2028-02-29')).toBe(true);
  });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('i18n', () => {
  it('has every Korean key in English, with the same placeholders', () => {
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      // English may fill `{reasonEn}` where Korean fills `{reason}`: the same fact in its English form.
      const names = (s: string) =>
        [...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]!.replace(/En$/, '')).sort();
      expect(names(en[key]), key).toEqual(names(ko[key]));
    }
  });
  it('has a message for every literal key used in views and sources', () => {
    const used = new Set<string>();
    for (const f of [...files('views'), ...files('src')]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\{\{t "([\w.]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bkey: '(\w+\.[\w.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'(schedule\.error\.\w+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/Error\('([\w.]+)'/g)) if (m[1]!.includes('.')) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !(k in ko));
    expect(missing).toEqual([]);
  });
  it('fills placeholders', () => {
    expect(translate('en', 'booking.error.step', { minutes: 30 })).toBe('Choose a time in steps of 30 minutes.');
    expect(translate('ko', 'booking.error.step', { minutes: 30 })).toBe('30분 단위로 고르세요.');
  });
});

describe('config', () => {
  it('has working defaults outside production', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
  });
  it('refuses production without a session secret, with a clear message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    const key = Buffer.alloc(32, 3).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), NEEDS_KEY: key }).env).toBe(
      'production',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/NEEDS_KEY/);
    expect(() => loadConfig({ NEEDS_KEY: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
  });
  it('rejects a bad port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
