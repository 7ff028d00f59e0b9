import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { engine } from '../helpers/database.js';
import { HttpClient } from '../helpers/http.js';
import { createDatabaseFromTemplate } from '../helpers/postgres.js';
import { startServerProcess } from '../helpers/process.js';

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
  it('migrates, seeds, prints the demo logins, refuses a second process on the same data, and stops cleanly', async () => {
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
});
