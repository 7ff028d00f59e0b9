// The booking path against a bare Express 5 route, on PostgreSQL, at the same concurrency.
//
//   npx tsx bench/booking-vs-bare.ts [concurrency=16] [maxBookings=1200]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sws_perf_bench (the default; dropped and recreated)
//
// 1. The real server (npm start's command) on a freshly seeded database. Each client is a demo
//    colleague with an API token and a desk of its own at 서울역; it books the evening's free
//    30-minute slots (the demo's own bookings end by 18:00) day after day: every request should be 201.
// 2. The same requests, bodies and concurrency against bench/bare-express.ts (express.json + 201).
// 3. Contention: every client asks for the same few desk-slots at once; exactly one wins each.
// 4. The double-booking check: no two active bookings of a desk (or of a person's desks) overlap.
import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { benchDatabaseUrl, figure, load, percentile, recreateDatabase, startServer } from './server.js';

const CONCURRENCY = Number(process.argv[2] ?? 16);
const MAX = Number(process.argv[3] ?? 1200);
const root = path.resolve(import.meta.dirname, '..');

await recreateDatabase(benchDatabaseUrl);
const server = await startServer({ DATABASE_URL: benchDatabaseUrl, API_RATE_LIMIT: '1000000' });
const base = `http://127.0.0.1:${server.port}`;
const sql = postgres(benchDatabaseUrl, { max: 2, onnotice: () => {} });
const post = async (url: string, body: unknown, token?: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
};
try {
  // A bench fixture, not a rule change: the weekly 40 hours would stop a client after a few days.
  await sql`update center_policies set max_week_minutes = 10080`;
  const centers = (await (await fetch(`${base}/api/v1/centers`)).json()) as { data: { id: number; code: string }[] };
  const center = centers.data.find((c) => c.code === 'seoul-station')!;
  const detail = (await (await fetch(`${base}/api/v1/centers/${center.id}`)).json()) as {
    zones: { id: number; partnerOnly: boolean }[];
  };
  const publicZones = new Set(detail.zones.filter((z) => !z.partnerOnly).map((z) => z.id));
  // Accessible desks and nursing rooms are held for people who need them until a few days ahead
  // (403 held-for-needs for anyone else): a client leaves them out, as the API document says.
  const desksList = (await (await fetch(`${base}/api/v1/centers/${center.id}/desks`)).json()) as {
    data: { id: number; heldFor: string | null }[];
  };
  const held = new Set(desksList.data.filter((d) => d.heldFor !== null).map((d) => d.id));
  // Free evening slots per desk, over the booking horizon.
  const slotsByDesk = new Map<number, { start: string; end: string }[]>();
  for (let d = 1; d <= 13; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const a = (await (await fetch(`${base}/api/v1/centers/${center.id}/availability?date=${day}`)).json()) as {
      open: { start: string; end: string } | null;
      data: { deskId: number; zoneId: number; kind?: string; free: { start: string; end: string }[] }[];
    };
    if (!a.open?.end.includes('T22:00')) continue;
    for (const x of a.data) {
      if (!publicZones.has(x.zoneId) || held.has(x.deskId)) continue;
      const evening = x.free.find((f) => f.start <= `${day}T18:00` && f.end >= `${day}T22:00`);
      if (!evening) continue;
      const list = slotsByDesk.get(x.deskId) ?? [];
      for (let m = 18 * 60; m < 22 * 60; m += 30) {
        const hhmm = (n: number) => `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
        list.push({ start: `${day}T${hhmm(m)}:00+09:00`, end: `${day}T${hhmm(m + 30)}:00+09:00` });
      }
      slotsByDesk.set(x.deskId, list);
    }
  }
  const desks = [...slotsByDesk.keys()];
  const tokens: string[] = [];
  for (let i = 0; tokens.length < CONCURRENCY + 1; i++) {
    if (i % 10 === 9) continue;
    const res = await fetch(`${base}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: `staff${String(i + 1).padStart(2, '0')}`,
        password: 'smartwork-demo',
        name: 'bench',
      }),
    });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  // Request i: client i % C books its desk's next slot. A client's requests run one after another.
  const perClient = Math.min(...desks.slice(0, CONCURRENCY).map((d) => slotsByDesk.get(d)!.length));
  const count = Math.min(MAX, perClient * CONCURRENCY);
  const bodies = Array.from({ length: count }, (_, i) => {
    const c = i % CONCURRENCY;
    const deskId = desks[c]!;
    const slot = slotsByDesk.get(deskId)![Math.floor(i / CONCURRENCY)]!;
    return { c, body: { deskId, start: slot.start, end: slot.end } };
  });

  // Warm-up (JIT, pools, prepared statements) on slots outside the measured set is not possible
  // without taking them, so the first requests are measured too; the run is long enough to dilute them.
  const booking = await load(count, CONCURRENCY, (i) =>
    post(`${base}/api/v1/bookings`, bodies[i]!.body, tokens[bodies[i]!.c]),
  );

  // The bare route, in its own process, with the same bodies.
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-express.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const barePort = await new Promise<number>((resolve) => {
    bare.stdout!.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
  });
  await load(200, CONCURRENCY, (i) =>
    post(`http://127.0.0.1:${barePort}/api/v1/bookings`, bodies[i % count]!.body, tokens[0]),
  );
  const plain = await load(count, CONCURRENCY, (i) =>
    post(`http://127.0.0.1:${barePort}/api/v1/bookings`, bodies[i]!.body, tokens[bodies[i]!.c]),
  );
  bare.kill('SIGTERM');

  // Contention: every client (and one more) asks for the same 4 slots of the last desk at once.
  const contested = slotsByDesk.get(desks[CONCURRENCY] ?? desks[0]!)!.slice(-4);
  const fight = await load(contested.length * (CONCURRENCY + 1), CONCURRENCY + 1, (i) =>
    post(
      `${base}/api/v1/bookings`,
      { deskId: desks[CONCURRENCY] ?? desks[0], ...contested[Math.floor(i / (CONCURRENCY + 1))]! },
      tokens[i % (CONCURRENCY + 1)],
    ),
  );
  const [overlaps] = await sql<{ desk: number; person: number }[]>`
    select
      (select count(*)::int from bookings a join bookings b on a.desk_id = b.desk_id and a.id < b.id
        and a.status in ('booked', 'checked_in') and b.status in ('booked', 'checked_in')
        and tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')) as desk,
      (select count(*)::int from bookings a join bookings b on a.user_id = b.user_id and a.id < b.id
        and a.holds_desk and b.holds_desk
        and a.status in ('booked', 'checked_in') and b.status in ('booked', 'checked_in')
        and tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')) as person`;

  const st = (m: Map<number, number>) => [...m].map(([s, n]) => `${s}×${n}`).join(', ');
  console.log(`# booking path vs bare Express route — PostgreSQL, ${CONCURRENCY} in flight, ${count} requests each`);
  console.log(`booking statuses: ${st(booking.statuses)}; bare statuses: ${st(plain.statuses)}`);
  figure('bare Express route (JSON in, 201 out)', plain.perSecond, 'req/s');
  figure('POST /api/v1/bookings', booking.perSecond, 'req/s', { name: 'bare', value: plain.perSecond });
  figure('POST /api/v1/bookings median', percentile(booking.latencies, 50), 'ms');
  figure('POST /api/v1/bookings p99', percentile(booking.latencies, 99), 'ms', {
    name: 'bare p99',
    value: percentile(plain.latencies, 99),
  });
  const errors = count - (booking.statuses.get(201) ?? 0);
  figure('POST /api/v1/bookings errors (non-201)', errors, 'requests');
  console.log(
    `contention: ${contested.length} slots × ${CONCURRENCY + 1} clients → ${st(fight.statuses)} (expected ${contested.length}×201, the rest 409)`,
  );
  console.log(
    `double-booking check: ${overlaps!.desk} overlapping desk pairs, ${overlaps!.person} overlapping person pairs (expected 0, 0)`,
  );
  if (overlaps!.desk || overlaps!.person || (fight.statuses.get(201) ?? 0) !== contested.length) process.exitCode = 1;
} finally {
  await sql.end();
  await server.stop();
}
