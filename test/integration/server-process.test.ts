import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { engine } from '../helpers/database.js';
import { HttpClient } from '../helpers/http.js';
import { createDatabaseFromTemplate } from '../helpers/postgres.js';
import { startServerProcess } from '../helpers/process.js';
import { connect, newerVersion, nextEvent, request } from '../helpers/sockets.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sws-data-'));
  dirs.push(d);
  return d;
};

describe.runIf(engine === 'pglite')('the server process on embedded PGlite', () => {
  it('migrates, seeds, prints the demo logins, refuses a second process on the same data, and stops cleanly', {
    timeout: 240_000,
  }, async () => {
    const dataDir = tempDir();
    const first = startServerProcess({ DATA_DIR: dataDir });
    const port = await first.ready;
    expect(first.output()).toContain('Demo logins (password: smartwork-demo)');
    expect(first.output()).toMatch(/employee\s+employee/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(existsSync(path.join(dataDir, 'smart-work-seoul.lock'))).toBe(true);

    const client = new HttpClient(`http://127.0.0.1:${port}`);
    await client.login('employee', 'smartwork-demo');

    const second = startServerProcess({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('is in use by another process');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'smart-work-seoul.lock'))).toBe(false);

    // Restarted: the data and the session are still there, and nothing is seeded twice.
    const again = startServerProcess({ DATA_DIR: dataDir });
    const port2 = await again.ready;
    const res = await fetch(`http://127.0.0.1:${port2}/bookings`, {
      headers: { cookie: `sws.sid=${client.cookie('sws.sid')}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(again.output()).not.toContain('seeded demo data');
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('refuses to start in production without SESSION_SECRET, saying why', async () => {
    const p = startServerProcess({ DATA_DIR: tempDir(), NODE_ENV: 'production' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('SESSION_SECRET must be set');
  });
});

describe.runIf(engine === 'postgres')('several server processes on one PostgreSQL', () => {
  it('start together (one migrates, one seeds) and share sessions', async () => {
    const { url, drop } = await createDatabaseFromTemplate(inject('postgresTemplate'));
    try {
      const a = startServerProcess({ DATABASE_URL: url });
      const b = startServerProcess({ DATABASE_URL: url });
      const [portA, portB] = await Promise.all([a.ready, b.ready]);
      const client = new HttpClient(`http://127.0.0.1:${portA}`);
      await client.login('manager', 'smartwork-demo');
      const res = await fetch(`http://127.0.0.1:${portB}/bookings`, {
        headers: { cookie: `sws.sid=${client.cookie('sws.sid')}` },
        redirect: 'manual',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('이서연');
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    } finally {
      await drop();
    }
  });

  it('share bookings and live updates: a booking on one process reaches a socket on the other, and the other refuses the same slot', async () => {
    const { url, drop } = await createDatabaseFromTemplate(inject('postgresTemplate'));
    const a = startServerProcess({ DATABASE_URL: url });
    const b = startServerProcess({ DATABASE_URL: url });
    try {
      const [portA, portB] = await Promise.all([a.ready, b.ready]);
      const [baseA, baseB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
      const centers = (await (await fetch(`${baseA}/api/v1/centers`)).json()) as {
        data: { id: number; code: string }[];
      };
      const center = centers.data.find((c) => c.code === 'seoul-station')!;
      // A desk free all evening on a weekday ahead, in a zone the employee may book.
      const detail = (await (await fetch(`${baseA}/api/v1/centers/${center.id}`)).json()) as {
        zones: { id: number; partnerOnly: boolean }[];
      };
      const open = new Set(detail.zones.filter((z) => !z.partnerOnly).map((z) => z.id));
      // Plain desks: accessible desks and rooms are held for the people who need them.
      const desks = (await (await fetch(`${baseA}/api/v1/centers/${center.id}/desks`)).json()) as {
        data: { id: number; kind: string; heldFor: string | null; outOfService: boolean }[];
      };
      const plain = new Set(
        desks.data.filter((d) => d.kind === 'desk' && !d.heldFor && !d.outOfService).map((d) => d.id),
      );
      let slot: { deskId: number; start: string; end: string } | undefined;
      for (let d = 1; d <= 7 && !slot; d++) {
        const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
        const av = (await (await fetch(`${baseA}/api/v1/centers/${center.id}/availability?date=${day}`)).json()) as {
          open: { end: string } | null;
          data: { deskId: number; zoneId: number; free: { start: string; end: string }[] }[];
        };
        if (!av.open?.end.includes('T22:00')) continue;
        const desk = av.data.find(
          (x) =>
            open.has(x.zoneId) &&
            plain.has(x.deskId) &&
            x.free.some((f) => f.start <= `${day}T20:00` && f.end >= `${day}T21:00`),
        );
        if (desk) slot = { deskId: desk.deskId, start: `${day}T20:00:00+09:00`, end: `${day}T21:00:00+09:00` };
      }
      expect(slot).toBeDefined();

      const socket = await connect(baseB);
      try {
        const first = await request(socket, 'center:subscribe', center.id);
        const later = nextEvent(
          socket,
          'center:counts',
          (s: { version: string }) => newerVersion(s.version, first.state.version),
          8000,
        );
        const token = async (base: string) =>
          (
            (await (
              await fetch(`${base}/api/v1/auth/tokens`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ username: 'employee', password: 'smartwork-demo', name: 'two processes' }),
              })
            ).json()) as { token: string }
          ).token;
        const post = async (base: string, t: string) =>
          fetch(`${base}/api/v1/bookings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
            body: JSON.stringify(slot),
          });
        const booked = await post(baseA, await token(baseA));
        expect({ status: booked.status, body: await booked.text() }).toMatchObject({ status: 201 });
        // The socket on B hears of the booking made on A (NOTIFY between the processes).
        await later;
        // B sees the booking too: the same slot is taken.
        expect((await post(baseB, await token(baseB))).status).toBe(409);
      } finally {
        socket.disconnect();
      }
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      await drop();
    }
  });
});
