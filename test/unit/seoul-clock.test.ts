import { TZDate, tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { seoulDate, seoulMinuteOfDay, toSeoulIso } from '../../src/time/seoul.js';

// seoul.ts computes the wall clock from a cached offset instead of formatting through date-fns
// each time; this holds it to date-fns' answers, including the years Seoul's offset changed.
const inSeoul = tz('Asia/Seoul');
const byDateFns = (at: Date) => {
  const d = new TZDate(at, 'Asia/Seoul');
  return [
    format(at, 'yyyy-MM-dd', { in: inSeoul }),
    format(at, "yyyy-MM-dd'T'HH:mm:ssxxx", { in: inSeoul }),
    d.getHours() * 60 + d.getMinutes(),
  ];
};
const ours = (at: Date) => [seoulDate(at), toSeoulIso(at), seoulMinuteOfDay(at)];

describe('the Seoul wall clock', () => {
  it('agrees with date-fns for instants across 1950–2100', { timeout: 30_000 }, () => {
    const from = Date.UTC(1950, 0, 1);
    const to = Date.UTC(2101, 0, 1);
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const wrong: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const at = new Date(from + Math.floor(next() * (to - from)));
      if (JSON.stringify(ours(at)) !== JSON.stringify(byDateFns(at))) wrong.push(at.toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('agrees through the changes of offset (1987–1988 summer time, +08:30 in the 1950s)', { timeout: 30_000 }, () => {
    for (const [a, b] of [
      [Date.UTC(1987, 4, 1), Date.UTC(1987, 4, 31)],
      [Date.UTC(1987, 9, 1), Date.UTC(1987, 10, 1)],
      [Date.UTC(1988, 4, 1), Date.UTC(1988, 4, 31)],
      [Date.UTC(1988, 9, 1), Date.UTC(1988, 10, 1)],
      [Date.UTC(1954, 2, 1), Date.UTC(1954, 2, 31)],
      [Date.UTC(1961, 7, 1), Date.UTC(1961, 7, 31)],
    ] as const) {
      const wrong: string[] = [];
      for (let t = a; t < b; t += 17 * 60_000) {
        const at = new Date(t);
        if (JSON.stringify(ours(at)) !== JSON.stringify(byDateFns(at))) wrong.push(at.toISOString());
      }
      expect(wrong).toEqual([]);
    }
  });
});
