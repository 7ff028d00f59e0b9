// Booking throughput through the personal API: C concurrent clients, each booking its own
// desk slot after slot, on the real server. Prints requests per second and latency.
//
//   npx tsx bench/booking-throughput.ts [concurrency=20] [bookingsPerClient=8, at most 8]
//   DATABASE_URL=postgres://... npx tsx bench/booking-throughput.ts
import { percentile, startServer } from './server.js';

const CONCURRENCY = Number(process.argv[2] ?? 20);
const PER_CLIENT = Math.min(8, Number(process.argv[3] ?? 8));

const server = await startServer();
const base = `http://127.0.0.1:${server.port}`;
try {
  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(base + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const centers = (await (await fetch(`${base}/api/v1/centers`)).json()) as { data: { id: number; code: string }[] };
  // 서울역 lets people book any 30-minute range (the demo's other centers use half-day blocks).
  const center = centers.data.find((c) => c.code === 'seoul-station')!;
  const detail = (await (await fetch(`${base}/api/v1/centers/${center.id}`)).json()) as {
    zones: { id: number; partnerOnly: boolean }[];
  };
  const publicZones = new Set(detail.zones.filter((z) => !z.partnerOnly).map((z) => z.id));
  let date = '';
  let desks: number[] = [];
  for (let d = 1; d <= 7 && !date; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const a = (await (await fetch(`${base}/api/v1/centers/${center.id}/availability?date=${day}`)).json()) as {
      open: { start: string; end: string } | null;
      data: { deskId: number; zoneId: number; free: { start: string; end: string }[] }[];
    };
    if (!a.open) continue;
    date = day;
    desks = a.data
      .filter(
        (x) =>
          publicZones.has(x.zoneId) &&
          x.free.length === 1 &&
          x.free[0]!.start === a.open!.start &&
          x.free[0]!.end === a.open!.end,
      )
      .map((x) => x.deskId);
  }
  // Each client is one of the demo's public-sector colleagues (every tenth is partner staff), with its own token.
  const tokens: string[] = [];
  for (let i = 0; tokens.length < CONCURRENCY; i++) {
    if (i % 10 === 9) continue;
    const r = await post('/api/v1/auth/tokens', {
      username: `staff${String(i + 1).padStart(2, '0')}`,
      password: 'smartwork-demo',
      name: 'bench',
    });
    tokens.push(String(r.body.token));
  }
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, c) => {
      for (let k = 0; k < PER_CLIENT; k++) {
        // Evening slots: the demo's own bookings end by 18:00, so every request should succeed.
        const start = 18 * 60 + k * 30;
        const t0 = performance.now();
        const r = await post(
          '/api/v1/bookings',
          {
            deskId: desks[c % desks.length],
            start: `${date}T${hhmm(start)}:00+09:00`,
            end: `${date}T${hhmm(start + 30)}:00+09:00`,
          },
          token,
        );
        latencies.push(performance.now() - t0);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${CONCURRENCY} concurrent clients × ${PER_CLIENT} bookings, ${desks.length} free desks`,
  );
  console.log(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
  console.log(`throughput: ${(latencies.length / seconds).toFixed(1)} bookings/s`);
  console.log(
    `latency: median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
} finally {
  await server.stop();
}
