// Where a booking's time goes: the app in this process on the benchmark's PostgreSQL database
// (sws_perf_profile, dropped, migrated and seeded on each run), every statement
// counted through postgres.js's debug hook. Books N evening slots one at a time through
// POST /api/v1/bookings and prints statements per booking, grouped, and time per booking.
//
//   npx tsx bench/booking-profile.ts [bookings=40]
//   node --cpu-prof --cpu-prof-dir=/tmp/sws-prof --import tsx bench/booking-profile.ts 200
//     then: npx tsx bench/cpu-top.ts /tmp/sws-prof   (self time by function)
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoData } from '../src/demo/seed.js';
import { startHttpServer } from '../src/http-server.js';
import { createLogger } from '../src/logger.js';
import { systemClock } from '../src/time/seoul.js';
import { figure, recreateDatabase } from './server.js';

const N = Number(process.argv[2] ?? 40);
// Its own database, freshly seeded, so the evening slots are free on every run.
const benchDatabaseUrl = (
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sws_perf_bench'
).replace(/\/[^/]*$/, '/sws_perf_profile');
await recreateDatabase(benchDatabaseUrl);
let recording = false;
let requestStart = 0;
const statements: string[] = [];
const database = await openDatabase({
  url: benchDatabaseUrl,
  onQuery: (q) => {
    if (recording)
      statements.push(
        `+${(performance.now() - requestStart).toFixed(1).padStart(5)} ms  ${q.replace(/\s+/g, ' ').slice(0, 90)}`,
      );
  },
});
await migrate(database);
const config = {
  ...loadConfig({ ...process.env, DATABASE_URL: benchDatabaseUrl, LOG_LEVEL: 'silent' }),
  apiRateLimit: 1e6,
};
await seedDemoData(database.db, systemClock, { withUsers: true, needsKey: config.needsKey });
const running = await startHttpServer(
  { database, clock: systemClock, config, logger: createLogger(config) },
  { port: 0, host: '127.0.0.1' },
);
const base = `http://127.0.0.1:${running.port}`;
try {
  const token = (
    (await (
      await fetch(`${base}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'staff41', password: 'smartwork-demo', name: 'profile' }),
      })
    ).json()) as { token: string }
  ).token;
  const centers = (await (await fetch(`${base}/api/v1/centers`)).json()) as { data: { id: number; code: string }[] };
  const center = centers.data.find((c) => c.code === 'seoul-station')!;
  const detail = (await (await fetch(`${base}/api/v1/centers/${center.id}`)).json()) as {
    zones: { id: number; partnerOnly: boolean }[];
  };
  const publicZones = new Set(detail.zones.filter((z) => !z.partnerOnly).map((z) => z.id));
  // Desks nobody holds for a need (accessible desks wait for the people who need them).
  const plain = new Set(
    (
      await database.postgres!<
        { id: number }[]
      >`select id from desks where kind = 'desk' and not ('accessible' = any(features))`
    ).map((r) => r.id),
  );
  // Free 30-minute evening slots, one desk per day so the person's own bookings never overlap.
  const slots: { deskId: number; start: string; end: string }[] = [];
  for (let d = 1; d <= 13 && slots.length < N; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const a = (await (await fetch(`${base}/api/v1/centers/${center.id}/availability?date=${day}`)).json()) as {
      open: { end: string } | null;
      data: { deskId: number; zoneId: number; free: { start: string; end: string }[] }[];
    };
    if (!a.open?.end.includes('T22:00')) continue;
    for (const x of a.data.filter((d) => publicZones.has(d.zoneId) && plain.has(d.deskId))) {
      for (const f of x.free) {
        for (let m = 18 * 60; m < 22 * 60 && slots.length < N; m += 30) {
          const s = `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 ? '30' : '00'}`;
          const e = `${day}T${String(Math.floor((m + 30) / 60)).padStart(2, '0')}:${(m + 30) % 60 ? '30' : '00'}`;
          if (f.start <= s && f.end >= e && !slots.some((o) => o.start.startsWith(s)))
            slots.push({ deskId: x.deskId, start: `${s}:00+09:00`, end: `${e}:00+09:00` });
        }
      }
      if (slots.length >= N) break;
    }
  }
  const times: number[] = [];
  let perBooking: string[] = [];
  let ok = 0;
  const statuses = new Map<number, string[]>();
  for (const slot of slots) {
    statements.length = 0;
    recording = true;
    const t0 = performance.now();
    requestStart = t0;
    const res = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(slot),
    });
    const text = await res.text();
    recording = false;
    statuses.set(res.status, [...(statuses.get(res.status) ?? []), text.slice(0, 120)]);
    if (res.status !== 201) continue;
    times.push(performance.now() - t0);
    statements.push(`+${(performance.now() - t0).toFixed(1).padStart(5)} ms  (response read by the client)`);
    ok++;
    if (ok === Math.floor(N / 2) || perBooking.length === 0) perBooking = [...statements];
  }
  console.log(
    `# one booking through POST /api/v1/bookings, PostgreSQL, ${slots.length} bookings one at a time (${ok}×201)`,
  );
  for (const [s, texts] of statuses) if (s !== 201) console.log(`refused ${s} ×${texts.length}: ${texts[0]}`);
  console.log('statements of one booking, in order, with the time each was sent since the request started:');
  for (const [k, q] of perBooking.entries()) console.log(`  ${String(k + 1).padStart(2)} ${q}`);
  figure('statements per booking', perBooking.length - 1, 'statements');
  const sorted = [...times].sort((a, b) => a - b);
  figure('one booking alone (median latency)', sorted[Math.floor(sorted.length / 2)]!, 'ms');
} finally {
  await running.close(1000);
  await database.close();
}
