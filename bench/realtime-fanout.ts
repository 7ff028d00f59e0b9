// Live-update fan-out: N Socket.IO clients on one center, then bookings one by one. Prints, per
// booking, the time from its commit (the HTTP 201 at the client) to the moment each client has the
// new state, and the server's memory per connection; then the same clients and the same measurement
// against a bare Socket.IO server (bench/bare-socketio.ts) in the same run, as the baseline.
// Not a test: it prints figures.
//
//   npx tsx bench/realtime-fanout.ts [clients=1000] [bookings=20]
//   DATABASE_URL=postgres://... npx tsx bench/realtime-fanout.ts   (server on PostgreSQL instead of PGlite)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { figure, percentile as pct, rssKb, startServer } from './server.js';

const CLIENTS = Number(process.argv[2] ?? 1000);
const BOOKINGS = Number(process.argv[3] ?? 20);
const root = path.resolve(import.meta.dirname, '..');

interface Fanout {
  connectMs: number;
  perClient: number[];
  lastClient: number[];
  kibPerSocket: number;
}

/** Connects the clients, subscribes each to the center, then times each change from its 201 to every client. */
async function fanout(
  base: string,
  pid: number,
  centerId: number,
  change: (n: number) => Promise<void>,
): Promise<Fanout> {
  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = rssKb(pid);
  const sockets: Socket[] = [];
  // The change being timed: which clients have it; no polling, so the bench spends no CPU the server could use.
  let waiter: { before: Map<Socket, string>; arrived: Set<Socket>; done: () => void } | undefined;
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
        const reply = (await s.emitWithAck('center:subscribe', centerId)) as { state: { version: string } };
        latest.set(s, { version: reply.state.version, at: performance.now() });
        s.on('center:counts', (state: { version: string }) => {
          latest.set(s, { version: state.version, at: performance.now() });
          if (waiter && state.version !== waiter.before.get(s)) {
            waiter.arrived.add(s);
            if (waiter.arrived.size === sockets.length) waiter.done();
          }
        });
        sockets.push(s);
      }),
    );
  }
  const connectMs = performance.now() - connectStart;
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = rssKb(pid);
  const perClient: number[] = [];
  const lastClient: number[] = [];
  for (let b = 0; b < BOOKINGS; b++) {
    const before = new Map([...latest].map(([s, v]) => [s, v.version]));
    let done = () => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    waiter = { before, arrived: new Set(), done };
    await change(b);
    const committed = performance.now();
    const timeout = setTimeout(done, 10_000);
    await all;
    clearTimeout(timeout);
    waiter = undefined;
    const times = sockets.map((s) => latest.get(s)!.at - committed);
    perClient.push(...times);
    lastClient.push(Math.max(...times));
    // Apart from each other by more than the app's coalescing window, so each change is a leading edge.
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const s of sockets) s.disconnect();
  return { connectMs, perClient, lastClient, kibPerSocket: (rssAfter - rssBefore) / CLIENTS };
}

const json = async (base: string, method: string, p: string, body?: unknown, token?: string) => {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of known responses
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
};

// 1. The app.
const server = await startServer();
let app: Fanout;
try {
  const base = `http://127.0.0.1:${server.port}`;
  const { body: centers } = await json(base, 'GET', '/api/v1/centers');
  const center = centers.data.find((c: { code: string }) => c.code === 'seoul-station');
  const { body: token } = await json(base, 'POST', '/api/v1/auth/tokens', {
    username: 'employee',
    password: 'smartwork-demo',
    name: 'bench',
  });
  // A working day within the booking horizon, and desks free on it all day.
  let date = '';
  let free: { deskId: number }[] = [];
  for (let d = 1; d <= 7 && !date; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const { body } = await json(base, 'GET', `/api/v1/centers/${center.id}/availability?date=${day}`);
    if (body.open) {
      date = day;
      free = body.data.filter(
        (x: { free: { start: string; end: string }[] }) =>
          x.free.length === 1 && x.free[0]!.start === body.open.start && x.free[0]!.end === body.open.end,
      );
    }
  }
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  app = await fanout(base, server.child.pid!, center.id, async (b) => {
    const start = 7 * 60 + b * 30;
    const desk = free[b % free.length]!;
    const res = await json(
      base,
      'POST',
      '/api/v1/bookings',
      { deskId: desk.deskId, start: `${date}T${hhmm(start)}:00+09:00`, end: `${date}T${hhmm(start + 30)}:00+09:00` },
      token.token,
    );
    if (res.status !== 201) throw new Error(`booking ${b} failed: ${res.status} ${JSON.stringify(res.body)}`);
  });
} finally {
  await server.stop();
}

// 2. The bare Socket.IO server, same clients, same measurement.
const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-socketio.ts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let baseline: Fanout;
try {
  const port = await new Promise<number>((resolve) => {
    bare.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  baseline = await fanout(base, bare.pid!, 1, async () => {
    const res = await json(base, 'POST', '/api/v1/bookings', {});
    if (res.status !== 201) throw new Error(`bare change failed: ${res.status}`);
  });
} finally {
  bare.kill('SIGTERM');
}

const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
console.log(`# live fan-out: ${CLIENTS} clients on one center, ${BOOKINGS} bookings, database ${db}`);
figure(`connect + subscribe ${CLIENTS} clients`, app.connectMs, 'ms', { name: 'bare', value: baseline.connectMs });
figure('commit → a client has it, median', pct(app.perClient, 50), 'ms', {
  name: 'bare',
  value: pct(baseline.perClient, 50),
});
figure(`commit → last of ${CLIENTS}, median`, pct(app.lastClient, 50), 'ms', {
  name: 'bare',
  value: pct(baseline.lastClient, 50),
});
figure(`commit → last of ${CLIENTS}, p99`, pct(app.lastClient, 99), 'ms', {
  name: 'bare',
  value: pct(baseline.lastClient, 99),
});
figure('server memory per socket (RSS, noisy)', app.kibPerSocket, 'KiB', {
  name: 'bare',
  value: baseline.kibPerSocket,
});
