// History at scale: the same pages and API calls on the seeded demo (≈ 2,000 bookings, the
// baseline) and on the demo plus ≥ 1,000,000 bookings over three years and 50 centers.
// Prints each figure (median of 15 after 3 warm-ups) with its baseline and ratio, then the
// EXPLAIN plans of the queries behind them on the large database.
//
//   npx tsx bench/seed-history.ts --demo && npx tsx bench/seed-history.ts   (once; sws_perf_1k, sws_perf_1m)
//   npx tsx bench/history.ts [samples=15]
import postgres from 'postgres';
import { HttpClient } from '../test/helpers/http.js';
import { historyUrls } from './seed-history.js';
import { figure, percentile, startServer } from './server.js';

const SAMPLES = Number(process.argv[2] ?? 15);
const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const month = new Date(Date.now() + 9 * 3_600_000 - 28 * 86_400_000).toISOString().slice(0, 7);
// A working day in the coming week (the day view and availability), and the busiest center, 광화문 (id 2).
const centerId = 2;
let day = today;
for (let d = 1; d < 7; d++) {
  const x = new Date(Date.now() + 9 * 3_600_000 + d * 86_400_000);
  if (x.getUTCDay() !== 0 && x.getUTCDay() !== 6) {
    day = x.toISOString().slice(0, 10);
    break;
  }
}

async function measure(url: string): Promise<Map<string, number>> {
  const server = await startServer({ DATABASE_URL: url, API_RATE_LIMIT: '1000000' });
  const base = `http://127.0.0.1:${server.port}`;
  const out = new Map<string, number>();
  try {
    const web = new HttpClient(base);
    await web.login('employee', 'smartwork-demo');
    const operator = new HttpClient(base);
    await operator.login('operator', 'smartwork-demo');
    const tokenRes = await fetch(`${base}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'employee', password: 'smartwork-demo', name: 'history' }),
    });
    const token = ((await tokenRes.json()) as { token: string }).token;
    const api = async (p: string) => {
      const res = await fetch(base + p, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      return res.status;
    };
    const cases: [string, () => Promise<number>][] = [
      ['center day view (/centers/:id?date)', async () => (await web.get(`/centers/${centerId}?date=${day}`)).status],
      ['My bookings (web, /bookings)', async () => (await web.get('/bookings')).status],
      ['GET /api/v1/me/bookings (next 14 days)', () => api('/api/v1/me/bookings')],
      [
        'GET /api/v1/me/bookings (3 years, page of 50)',
        () =>
          api(
            `/api/v1/me/bookings?from=${Number(today.slice(0, 4)) - 3}${today.slice(4)}T00:00:00%2B09:00&to=${today}T00:00:00%2B09:00&limit=50`,
          ),
      ],
      ['availability (API, one day)', () => api(`/api/v1/centers/${centerId}/availability?date=${day}`)],
      [
        'operator board (/operator/centers/:id)',
        async () => (await operator.get(`/operator/centers/${centerId}`)).status,
      ],
      [
        'center 7-day history (/centers/:id/history)',
        async () => (await web.get(`/centers/${centerId}/history`)).status,
      ],
      ['month occupancy CSV (open data)', () => api(`/api/v1/open-data/occupancy.csv?month=${month}`)],
    ];
    for (const [name, run] of cases) {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES + 3; i++) {
        const t0 = performance.now();
        const status = await run();
        if (status !== 200) throw new Error(`${name}: ${status}`);
        if (i >= 3) times.push(performance.now() - t0);
      }
      out.set(name, percentile(times, 50));
    }
  } finally {
    await server.stop();
  }
  return out;
}

/** Rows in a table of a history database. */
const rowsIn = async (url: string, table: 'bookings' | 'centers') => {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [{ n }] = (await sql`select count(*)::int as n from ${sql(table)}`) as unknown as [{ n: number }];
  await sql.end();
  return n;
};
const [nSmall, nLarge] = [await rowsIn(historyUrls.small, 'bookings'), await rowsIn(historyUrls.large, 'bookings')];
const small = await measure(historyUrls.small);
const large = await measure(historyUrls.large);
console.log(
  `# history: ${nSmall} bookings (baseline) vs ${nLarge} bookings; median of ${SAMPLES}; center ${centerId}, day ${day}, month ${month}`,
);
for (const [name, ms] of large) {
  figure(`${name} @${Math.round(nLarge / 1000)}k`, ms, 'ms', {
    name: `@${Math.round(nSmall / 1000)}k`,
    value: small.get(name)!,
  });
}
// The month's CSV covers every center: it grows with the network (50 centers against the demo's 8,
// and each center's month of bookings), not with the years of history. Per center it should not grow.
const [cSmall, cLarge] = [await rowsIn(historyUrls.small, 'centers'), await rowsIn(historyUrls.large, 'centers')];
const csv = 'month occupancy CSV (open data)';
figure(`${csv} per center (${cLarge} centers) @${Math.round(nLarge / 1000)}k`, large.get(csv)! / cLarge, 'ms', {
  name: `${cSmall} centers @${Math.round(nSmall / 1000)}k`,
  value: small.get(csv)! / cSmall,
});

if (process.argv.includes('--explain') || process.env.BENCH_EXPLAIN) {
  const sql = postgres(historyUrls.large, { max: 1, onnotice: () => {} });
  const plans: [string, string][] = [
    [
      'a center’s desk bookings over 7 days (history, day view, board, CSV)',
      `select b.desk_id, b.starts_at, b.ends_at, b.status from bookings b join desks d on d.id = b.desk_id join zones z on z.id = d.zone_id
       where d.kind = 'desk' and b.status in ('booked','checked_in','completed') and b.starts_at < '${today}T00:00:00+09:00'
         and b.ends_at > '${today}T00:00:00+09:00'::timestamptz - interval '7 days' and z.center_id = ${centerId}
         and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange('${today}T00:00:00+09:00'::timestamptz - interval '7 days', '${today}T00:00:00+09:00', '[)')`,
    ],
    [
      'My bookings, own branch, newest first, page of 200',
      `select b.id from bookings b where b.user_id = (select id from users where username = 'employee') order by b.starts_at desc, b.id desc limit 200`,
    ],
    [
      'My bookings via the API: the next 14 days',
      `select b.id from bookings b where b.user_id = (select id from users where username = 'employee')
         and b.starts_at < now() + interval '14 days' and b.ends_at > now() order by b.starts_at, b.id limit 51`,
    ],
    [
      'a desk’s bookings over one day (availability)',
      `select b.id from bookings b where b.desk_id = (select min(id) from desks) and b.status in ('booked','checked_in')
         and b.starts_at < '${day}T23:59:00+09:00' and b.ends_at > '${day}T00:00:00+09:00'
         and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange('${day}T00:00:00+09:00', '${day}T23:59:00+09:00', '[)')`,
    ],
  ];
  for (const [name, q] of plans) {
    const rows = await sql.unsafe(`explain (analyze, buffers, costs off) ${q}`);
    console.log(`\n## EXPLAIN ${name}`);
    for (const r of rows) console.log(`  ${(r as Record<string, string>)['QUERY PLAN']}`);
  }
  await sql.end();
}
