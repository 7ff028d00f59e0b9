// Live-update fan-out: 1,000 Socket.IO clients on one center, then bookings one by one.
// Prints, per booking, the time from the booking's commit (its HTTP 201) to the moment each
// client has the new state, and the server's memory per connection. Not a test: it prints figures.
//
//   npx tsx bench/realtime-fanout.ts [clients=1000] [bookings=20]
//   DATABASE_URL=postgres://... npx tsx bench/realtime-fanout.ts   (server on PostgreSQL instead of PGlite)
import { io, type Socket } from 'socket.io-client';
import { percentile as pct, rssKb, startServer } from './server.js';

const CLIENTS = Number(process.argv[2] ?? 1000);
const BOOKINGS = Number(process.argv[3] ?? 20);

const server = await startServer();
const base = `http://127.0.0.1:${server.port}`;
try {
  const json = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(base + p, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of known responses
    return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
  };
  const { body: centers } = await json('GET', '/api/v1/centers');
  const center = centers.data.find((c: { code: string }) => c.code === 'seoul-station');
  const { body: token } = await json('POST', '/api/v1/auth/tokens', {
    username: 'employee',
    password: 'smartwork-demo',
    name: 'bench',
  });

  // A working day within the booking horizon, and desks free on it from 07:00.
  let date = '';
  let free: { deskId: number }[] = [];
  for (let d = 1; d <= 7 && !date; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const { body } = await json('GET', `/api/v1/centers/${center.id}/availability?date=${day}`);
    if (body.open) {
      date = day;
      // Desks free the whole day, so no booking of the run can collide with the demo's.
      free = body.data.filter(
        (x: { free: { start: string; end: string }[] }) =>
          x.free.length === 1 && x.free[0]!.start === body.open.start && x.free[0]!.end === body.open.end,
      );
    }
  }

  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = rssKb(server.child.pid!);
  const sockets: Socket[] = [];
  const latest = new Map<Socket, { version: string; at: number }>();
  const connectStart = performance.now();
  for (let i = 0; i < CLIENTS; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, CLIENTS - i) }, async () => {
        const s = io(base, { transports: ['websocket'], forceNew: true, reconnection: false });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', resolve);
          s.once('connect_error', reject);
        });
        const reply = (await s.emitWithAck('center:subscribe', center.id)) as {
          ok: boolean;
          state: { version: string };
        };
        latest.set(s, { version: reply.state.version, at: performance.now() });
        s.on('center:counts', (state: { version: string }) =>
          latest.set(s, { version: state.version, at: performance.now() }),
        );
        sockets.push(s);
      }),
    );
  }
  const connectMs = performance.now() - connectStart;
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = rssKb(server.child.pid!);

  const perClient: number[] = [];
  const lastClient: number[] = [];
  for (let b = 0; b < BOOKINGS; b++) {
    const before = new Map([...latest].map(([s, v]) => [s, v.version]));
    const start = 7 * 60 + b * 30;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const desk = free[b % free.length]!;
    const res = await json(
      'POST',
      '/api/v1/bookings',
      { deskId: desk.deskId, start: `${date}T${hhmm(start)}:00+09:00`, end: `${date}T${hhmm(start + 30)}:00+09:00` },
      token.token,
    );
    const committed = performance.now();
    if (res.status !== 201) throw new Error(`booking ${b} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const deadline = committed + 10_000;
    while (performance.now() < deadline && sockets.some((s) => latest.get(s)!.version === before.get(s))) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const times = sockets.map((s) => latest.get(s)!.at - committed);
    perClient.push(...times);
    lastClient.push(Math.max(...times));
  }

  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `clients ${CLIENTS}, bookings ${BOOKINGS}, database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, coalescing window 200 ms`,
  );
  console.log(`connect + subscribe ${CLIENTS} clients: ${f(connectMs)}`);
  console.log(`commit → client has the update: median ${f(pct(perClient, 50))}, p99 ${f(pct(perClient, 99))}`);
  console.log(`commit → last of ${CLIENTS} clients: median ${f(pct(lastClient, 50))}, p99 ${f(pct(lastClient, 99))}`);
  console.log(`  (of which up to 200 ms is the deliberate coalescing window)`);
  console.log(
    `server RSS (noisy: GC and, on PGlite, the WASM heap move it by megabytes): ${(rssBefore / 1024).toFixed(1)} MiB idle → ${(rssAfter / 1024).toFixed(1)} MiB with ${CLIENTS} sockets = ${((rssAfter - rssBefore) / CLIENTS).toFixed(1)} KiB per connection`,
  );
  for (const s of sockets) s.disconnect();
} finally {
  await server.stop();
}
