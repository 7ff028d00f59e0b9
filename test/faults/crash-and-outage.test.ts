import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/data.js';
import { addDaysToDate, isoWeekday, seoulDate } from '../../src/time/seoul.js';
import { type ServerProcess, startServerProcess } from '../helpers/process.js';
import { createPrivateCluster, type PrivateCluster } from './cluster.js';

/**
 * Faults on a real server process and a real PostgreSQL of our own (never the shared one):
 * (a) SIGKILL in the middle of a burst of API bookings, then a restart: every booking that was
 *     acknowledged (201) exists exactly once, and retries with the same Idempotency-Key are safe;
 * (b) the database stopped and started: 503 while it is away, then the same process recovers.
 */
let cluster: PrivateCluster;
let admin: postgres.Sql;
const processes: ServerProcess[] = [];
const DATABASE = 'sws_faults';
const IN_PROGRESS = 'still being processed';
const USERS = ['employee', 'jung.haeun', 'han.jimin', 'yoon.youngho', 'kang.doyun'];

beforeAll(async () => {
  cluster = await createPrivateCluster();
  const root = postgres(cluster.url('postgres'), { max: 1, onnotice: () => {} });
  await root.unsafe(`create database ${DATABASE}`);
  await root.end();
  admin = postgres(cluster.url(DATABASE), { max: 2, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await admin?.end({ timeout: 1 }).catch(() => {});
  cluster?.destroy();
});

function start(): ServerProcess {
  const p = startServerProcess({ DATABASE_URL: cluster.url(DATABASE), REQUEST_TIMEOUT_MS: '3000' });
  processes.push(p);
  return p;
}

async function json(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the test reads response fields directly
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

interface Attempt {
  user: string;
  key: string;
  request: { deskId: number; start: string; end: string };
  status?: number;
  bookingId?: number;
  detail?: string;
}

describe('faults on a real server and a private PostgreSQL', () => {
  it('(a) keeps every acknowledged booking exactly once across a SIGKILL mid-burst', async () => {
    const first = start();
    const base = `http://127.0.0.1:${await first.ready}`;
    const tokens: Record<string, string> = {};
    for (const username of USERS) {
      const res = await json(base, 'POST', '/api/v1/auth/tokens', {
        username,
        password: DEMO_PASSWORD,
        name: 'faults',
      });
      expect(res.status).toBe(201);
      tokens[username] = res.body.token;
    }
    // Working days from the day after tomorrow (Seoul), within every center's horizon.
    const days: string[] = [];
    for (let d = addDaysToDate(seoulDate(new Date()), 2); days.length < 3; d = addDaysToDate(d, 1)) {
      if (isoWeekday(d) <= 5) days.push(d);
    }
    const centers = (await json(base, 'GET', '/api/v1/centers')).body.data as { id: number }[];
    const centerId = centers[0]!.id;
    // Any hour may be booked (the demo centers book by half days), in the zones open to everyone.
    await admin`insert into center_policies (center_id, desk_mode) values (${centerId}, 'free')
      on conflict (center_id) do update set desk_mode = 'free'`;
    await admin`update desks set booking_mode = null where zone_id in (select id from zones where center_id = ${centerId})`;
    const detail = (await json(base, 'GET', `/api/v1/centers/${centerId}`)).body;
    const openZones = new Set(
      (detail.zones as { id: number; partnerOnly: boolean }[]).filter((z) => !z.partnerOnly).map((z) => z.id),
    );
    const attempts: Attempt[] = [];
    for (const day of days) {
      const availability = (await json(base, 'GET', `/api/v1/centers/${centerId}/availability?date=${day}`)).body;
      for (let hour = 9; hour < 17; hour++) {
        const start = `${day}T${String(hour).padStart(2, '0')}:00:00+09:00`;
        const end = `${day}T${String(hour + 1).padStart(2, '0')}:00:00+09:00`;
        // A different desk free at that hour for each person: no two attempts compete.
        const free = (
          availability.data as { deskId: number; zoneId: number; free: { start: string; end: string }[] }[]
        ).filter(
          (d) =>
            openZones.has(d.zoneId) &&
            (d as { kind?: string }).kind === 'desk' &&
            d.free.some((r) => Date.parse(r.start) <= Date.parse(start) && Date.parse(r.end) >= Date.parse(end)),
        );
        USERS.forEach((user, i) => {
          const desk = free[i];
          if (desk)
            attempts.push({ user, key: `fault-${user}-${start}`, request: { deskId: desk.deskId, start, end } });
        });
      }
    }
    expect(attempts.length).toBeGreaterThan(30);

    // The burst: six at a time; the process is killed once a third have been answered.
    let answered = 0;
    let killed = false;
    const killAfter = Math.floor(attempts.length / 3);
    const queue = [...attempts];
    const worker = async () => {
      for (let a = queue.shift(); a && !killed; a = queue.shift()) {
        try {
          const res = await json(base, 'POST', '/api/v1/bookings', a.request, {
            authorization: `Bearer ${tokens[a.user]}`,
            'idempotency-key': a.key,
          });
          a.status = res.status;
          if (res.status === 201) a.bookingId = res.body.id;
          else a.detail = res.body?.detail;
        } catch {
          // The connection died with the process: not acknowledged.
        }
        if (++answered >= killAfter && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    await first.exited;
    const acknowledged = attempts.filter((a) => a.status === 201);
    // Some requests were in flight when the process died: they have no answer.
    expect(attempts.some((a) => a.status === undefined)).toBe(true);
    expect(acknowledged.length, JSON.stringify(attempts.map((a) => [a.status, a.detail]))).toBeGreaterThan(0);
    for (const a of attempts) expect(a.status ?? 0, `${a.key} answered ${a.status}`).toBeLessThan(500);

    // Restarted on the same database.
    const second = start();
    const base2 = `http://127.0.0.1:${await second.ready}`;
    const countFor = async (a: Attempt) => {
      const [row] = await admin<{ n: number }[]>`
        select count(*)::int as n from bookings b join users u on u.id = b.user_id
        where u.username = ${a.user} and b.desk_id = ${a.request.deskId}
          and b.starts_at = ${new Date(a.request.start)} and b.status <> 'cancelled'`;
      return row!.n;
    };
    for (const a of acknowledged) {
      const [row] = await admin<{ status: string }[]>`select status from bookings where id = ${a.bookingId!}`;
      expect(row?.status, `acknowledged booking ${a.bookingId} is gone`).toBe('booked');
      expect(await countFor(a)).toBe(1);
    }

    // Retries with the same keys, once a key left "in progress" by the dead process is stale (2 × 3 s).
    await new Promise((r) => setTimeout(r, 6_500));
    // Which unanswered requests had committed their booking before the kill: their retry must
    // replay the committed answer (the key's answer commits with the booking), not run again.
    const committedUnanswered = new Set<string>();
    for (const a of attempts) if (a.status === undefined && (await countFor(a)) === 1) committedUnanswered.add(a.key);
    for (const a of attempts) {
      const res = await json(base2, 'POST', '/api/v1/bookings', a.request, {
        authorization: `Bearer ${tokens[a.user]}`,
        'idempotency-key': a.key,
      });
      expect(res.status, `${a.key} retried: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      if (a.status === 201) {
        expect(res.status).toBe(201);
        expect(res.body.id).toBe(a.bookingId);
        expect(res.headers.get('idempotent-replayed')).toBe('true');
      } else if (committedUnanswered.has(a.key)) {
        expect(res.status, `${a.key}: committed before the kill, so its retry replays the 201`).toBe(201);
        expect(res.headers.get('idempotent-replayed')).toBe('true');
      } else {
        // Never blocked for a day by a key the dead process left "in progress".
        expect(res.body?.detail ?? '', `${a.key} still blocked`).not.toContain(IN_PROGRESS);
      }
      expect(await countFor(a)).toBeLessThanOrEqual(1);
    }
    const [dupes] = await admin<{ n: number }[]>`
      select count(*)::int as n from (
        select user_id, starts_at from bookings where status <> 'cancelled' group by user_id, starts_at having count(*) > 1
      ) d`;
    expect(dupes!.n).toBe(0);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);

  it('(b) answers 503 while the database is stopped and recovers without a restart', async () => {
    const p = start();
    const base = `http://127.0.0.1:${await p.ready}`;
    // A failed fetch says why: the process's exit code and its last words.
    const fetch = async (url: string, init?: RequestInit) => {
      try {
        return await globalThis.fetch(url, init);
      } catch (err) {
        throw new Error(`${url}: ${err} (exit code ${p.child.exitCode}):\n${p.output().slice(-3000)}`);
      }
    };
    expect((await fetch(`${base}/api/v1/centers`)).status).toBe(200);

    cluster.stop();
    try {
      const apiRes = await fetch(`${base}/api/v1/centers`);
      expect(apiRes.status).toBe(503);
      expect(apiRes.headers.get('content-type')).toContain('application/problem+json');
      expect(apiRes.headers.get('retry-after')).toBeTruthy();
      const page = await fetch(`${base}/centers`, { headers: { accept: 'text/html', cookie: 'lang=en' } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('The service is temporarily unavailable');
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      // Still the same process, still answering.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(p.child.exitCode).toBeNull();
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
    } finally {
      cluster.start();
    }

    // Recovery: each pooled connection that the stop terminated fails its next query once (a 503
    // with Retry-After), then is replaced; within a few seconds every kind of page answers again.
    const recovered = async (url: string, init?: RequestInit) => {
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = (await fetch(url, init)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      return status;
    };
    expect(await recovered(`${base}/api/v1/centers`)).toBe(200);
    expect(await recovered(`${base}/centers`, { headers: { accept: 'text/html' } }), p.output().slice(-4000)).toBe(200);
    expect(await recovered(`${base}/healthz`)).toBe(200);
    // Once recovered, it stays recovered: the next requests all succeed.
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${base}/centers`, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect(p.child.exitCode).toBeNull();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 120_000);
});
