import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { idempotencyKeys, waitlistEntries } from '../../src/db/schema.js';
import { api } from '../helpers/api.js';
import { serveApp, signedIn, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { createTestDatabase, engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';
import { HttpClient } from '../helpers/http.js';

// Regression tests for issue 12 "Security and reliability", one per observation.
let t: TestApp;
let centerId: number;
beforeAll(async () => {
  t = await startTestApp();
  centerId = (await createCenter(t.db)).center.id;
});
afterAll(() => t.destroy());

/** No stack trace and no path on this machine, whatever the page. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(text).not.toContain('/node_modules/');
  expect(text).not.toContain(process.cwd());
}

async function timed<T>(work: Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`dates from people are bounded (${engine})`, () => {
  it('answers a plan for 9999-12-31 at once, and /healthz keeps answering', async () => {
    const { client } = await signedIn(t);
    await client.get('/schedules/new');
    for (const date of ['9999-12-31', '0000-01-01', '2026-02-30', '2026-13-01', '+010000-01-01', '']) {
      const res = await timed(client.post('/schedules', { fromDate: date, toDate: date, action: 'check' }));
      expect(res.status, date).toBeGreaterThanOrEqual(400);
      expect(res.status, date).toBeLessThan(500);
      expectNoInternals(res.text);
    }
    const health = await timed(fetch(`${t.baseUrl}/healthz`));
    expect(health.status).toBe(200);
  });

  it('refuses a plan longer than a year before its rules look at every day', async () => {
    const { client } = await signedIn(t);
    await client.get('/schedules/new');
    const started = Date.now();
    const res = await client.post('/schedules', { fromDate: '2000-01-03', toDate: '2100-12-24', action: 'save' });
    expect(res.status).toBe(422);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses impossible and out-of-range dates on pages (400), not 500', async () => {
    const client = t.client();
    for (const date of ['2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '1999-12-31', '2101-01-01']) {
      const res = await client.get(`/centers/${centerId}?date=${date}`);
      expect(res.status, date).toBe(400);
    }
    for (const date of ['2000-01-01', '2100-12-31']) {
      expect((await client.get(`/centers/${centerId}?date=${date}`)).status, date).toBe(200);
    }
  });

  it('refuses a holiday year that is not a year, with a message', async () => {
    const operator = await signedIn(t, { role: 'operator', operates: centerId });
    await operator.client.get(`/operator/centers/${centerId}/settings`);
    for (const year of ['abc', '9999', '0', '2026.5', '']) {
      const res = await operator.client.post(`/operator/centers/${centerId}/holidays`, { year });
      expect(res.status, year).toBe(303);
    }
    const page = await operator.client.get(`/operator/centers/${centerId}/settings`);
    expect(page.text).toContain('2000');
  });
});

describe(`ids and text are parsed once, strictly (${engine})`, () => {
  it('answers ids that are not ids with 404, not 500', async () => {
    const client = t.client();
    for (const id of ['2147483648', '99999999999999999999', '1.5', '1e3', '-1', '0', '%20', 'abc']) {
      const page = await client.get(`/centers/${id}`);
      expect(page.status, id).toBe(404);
      const json = await api(t.baseUrl, 'GET', `/api/v1/centers/${id}`);
      expect(json.status, id).toBe(404);
    }
  });

  it('refuses a waitlist center of 1e3 or one that does not exist, and stores nothing', async () => {
    const { client, user } = await signedIn(t);
    await client.get('/bookings');
    for (const bad of ['1e3', '2147483647', '2147483648', '1.0']) {
      const res = await client.post('/waitlist', { centerId: bad, date: '2026-12-02', start: '09:00', end: '10:00' });
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
    const rows = await t.db.select().from(waitlistEntries).where(sql`${waitlistEntries.userId} = ${user.id}`);
    expect(rows).toHaveLength(0);
  });

  it('refuses NUL and other control characters in any field with 400', async () => {
    const { client } = await signedIn(t);
    await client.get('/absences');
    const absence = await client.post('/absences', {
      startsOn: '2026-12-10',
      endsOn: '2026-12-10',
      kind: 'leave',
      note: 'a\u0000b',
    });
    expect(absence.status).toBe(400);
    const login = await t.client().get('/login');
    expect(login.status).toBe(200);
    const anonymous = t.client();
    await anonymous.get('/login');
    const nul = await anonymous.post('/login', { username: 'kim\u0000', password: 'x' });
    expect(nul.status).toBe(400);
    expectNoInternals(nul.text);
    const query = await t.client().get('/centers?area=%00');
    expect(query.status).toBe(400);
    const api1 = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: 'a\u0000', password: 'b', name: 'c' },
    });
    expect(api1.status).toBe(400);
  });
});

describe(`the API says what is wrong (${engine})`, () => {
  it('refuses occupancy and open data outside the supported range with 422', async () => {
    const occupancy = await api(
      t.baseUrl,
      'GET',
      `/api/v1/centers/${centerId}/occupancy?from=9999-12-31T23:00:00Z&to=9999-12-31T23:59:00Z`,
    );
    expect(occupancy.status).toBe(422);
    for (const month of ['9999-12', '0000-01', '1999-12', '2101-01']) {
      const csv = await api(t.baseUrl, 'GET', `/api/v1/open-data/occupancy.csv?month=${month}`);
      expect(csv.status, month).toBe(422);
    }
    // The first and last months of the range are answered.
    for (const month of ['2000-01', '2100-12']) {
      const csv = await api(t.baseUrl, 'GET', `/api/v1/open-data/occupancy.csv?month=${month}`);
      expect(csv.status, month).toBe(200);
    }
    const edge = await api(
      t.baseUrl,
      'GET',
      `/api/v1/centers/${centerId}/occupancy?from=2100-12-31T22:00:00%2B09:00&to=2100-12-31T23:30:00%2B09:00`,
    );
    expect(edge.status).toBe(200);
  });

  it('names the query field it refuses: date, not start', async () => {
    const res = await api(t.baseUrl, 'GET', `/api/v1/centers/${centerId}/availability?date=2026-02-30`);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['date']);
  });

  it('refuses unknown fields when asking for a token, as the schema says', async () => {
    const user = await createUser(t.db);
    const res = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: user.username, password: PASSWORD, name: 'x', admin: true },
    });
    expect(res.status).toBe(422);
  });

  it('answers a known path with another method 405 and Allow', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/bookings/1`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('DELETE');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await fetch(`${t.baseUrl}/api/v1/nothing-here`, { method: 'PUT' });
    expect(unknown.status).toBe(404);
  });

  it('runs again a booking whose Idempotency-Key was left in progress by a dead process', async () => {
    const user = await createUser(t.db);
    const token = (
      await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
        json: { username: user.username, password: PASSWORD, name: 'x' },
      })
    ).body.token as string;
    const { desks } = await createCenter(t.db);
    const json = { deskId: desks[0]!.id, start: '2026-12-02T09:00:00+09:00', end: '2026-12-02T10:00:00+09:00' };
    const hash = (await import('node:crypto')).createHash('sha256').update(JSON.stringify(json)).digest('hex');
    // What a crash leaves behind: the key claimed, no answer recorded.
    await t.db.insert(idempotencyKeys).values({
      userId: user.id,
      key: 'crashed-1',
      requestHash: hash,
      createdAt: new Date(t.clock.now().getTime() - 60 * 60_000),
    });
    const res = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json,
      headers: { 'idempotency-key': 'crashed-1' },
    });
    expect(res.status).toBe(201);
    // A key claimed just now is still in progress.
    await t.db.insert(idempotencyKeys).values({
      userId: user.id,
      key: 'running-1',
      requestHash: hash,
      createdAt: t.clock.now(),
    });
    const busy = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json,
      headers: { 'idempotency-key': 'running-1' },
    });
    expect(busy.status).toBe(409);
  });
});

describe(`errors before the locale middleware render our page (${engine})`, () => {
  it('answers a 40 KB login body, 150 fields and an unknown charset with our page, in the asked language', async () => {
    const post = (body: string, contentType: string, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'text/html', ...headers },
        body,
      });
    const big = await post(`username=${'a'.repeat(40_000)}`, 'application/x-www-form-urlencoded', {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(big.status).toBe(413);
    const bigText = await big.text();
    expect(bigText).toContain('What you sent is too large');
    expect(bigText).toContain('<html lang="en"');
    expectNoInternals(bigText);

    const fields = Array.from({ length: 150 }, (_, i) => `f${i}=1`).join('&');
    const many = await post(fields, 'application/x-www-form-urlencoded', { cookie: 'lang=ko' });
    expect(many.status).toBe(413);
    const manyText = await many.text();
    expect(manyText).toContain('보낸 내용이 너무 큽니다');
    expectNoInternals(manyText);

    const charset = await post('username=a', 'application/x-www-form-urlencoded; charset=klingon');
    expect(charset.status).toBe(415);
    expectNoInternals(await charset.text());
  });

  it('never shows a stack outside production either', async () => {
    const dev = await serveApp(t.database, t.clock, testConfig({ env: 'development' }));
    try {
      const res = await fetch(`${dev.baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `username=${'a'.repeat(40_000)}`,
      });
      expect(res.status).toBe(413);
      expectNoInternals(await res.text());
    } finally {
      await dev.close();
    }
  });
});

describe(`a request can never hold the server (${engine})`, () => {
  it('answers a stuck request 503 at its deadline while /healthz keeps answering', async () => {
    const quick = await serveApp(t.database, t.clock, testConfig({ requestTimeoutMs: 1_000 }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A lock held by another transaction: every read of the centers waits behind it.
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`lock table centers in access exclusive mode`);
      locked();
      await gate;
    });
    try {
      await isLocked;
      const started = Date.now();
      const stuck = fetch(`${quick.baseUrl}/api/v1/centers`);
      const page = fetch(`${quick.baseUrl}/centers`, { headers: { cookie: 'lang=en' } });
      const health = await timed(fetch(`${quick.baseUrl}/healthz`), 4_000);
      expect([200, 503]).toContain(health.status);
      const apiRes = await timed(stuck, 5_000);
      expect(apiRes.status).toBe(503);
      expect(apiRes.headers.get('retry-after')).toBeTruthy();
      expect(apiRes.headers.get('content-type')).toContain('application/problem+json');
      expect((await apiRes.json()).type).toBe('/api/problems/service-unavailable');
      const pageRes = await timed(page, 5_000);
      expect(pageRes.status).toBe(503);
      expect(await pageRes.text()).toContain('temporarily unavailable');
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      release();
      await holder;
      await quick.close();
    }
    // Released, the same server answers again.
    const after = await fetch(`${t.baseUrl}/api/v1/centers`);
    expect(after.status).toBe(200);
  });
});

describe(`cookies (${engine})`, () => {
  it('marks the ui preferences cookie Secure in production', async () => {
    const prod = await serveApp(t.database, t.clock, testConfig({ env: 'production', trustProxy: ['loopback'] }));
    try {
      const client = new HttpClient(prod.baseUrl);
      const https = { 'x-forwarded-proto': 'https' };
      await client.request('GET', '/preferences', { headers: https });
      const res = await client.request('POST', '/preferences', {
        headers: { ...https, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: client.csrfToken ?? '', largeText: '1' }).toString(),
      });
      expect(res.status).toBe(303);
      const ui = res.headers.getSetCookie().find((c) => c.startsWith('ui='));
      expect(ui).toBeDefined();
      expect(ui).toMatch(/;\s*Secure/i);
    } finally {
      await prod.close();
    }
  });
});

/** A TCP proxy to PostgreSQL that can be cut and restored on the same port: a database outage on demand. */
async function databaseProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  await start();
  return { port: () => port, start, stop };
}

describe(`a database outage answers 503, then recovers by itself (${engine})`, () => {
  it('shows the unavailable page in the person’s language and problem+json with Retry-After', async () => {
    const own = await createTestDatabase();
    let proxy: Awaited<ReturnType<typeof databaseProxy>> | undefined;
    let database = own.database;
    if (engine === 'postgres') {
      const target = new URL(own.url!);
      proxy = await databaseProxy(target);
      const through = new URL(own.url!);
      through.hostname = '127.0.0.1';
      through.port = String(proxy.port());
      database = await openDatabase({ url: through.toString(), maxConnections: 4 });
    }
    const app = await serveApp(database, t.clock);
    try {
      await createCenter(database.db);
      const user = await createUser(database.db);
      const client = new HttpClient(app.baseUrl);
      await client.login(user.username, PASSWORD);
      await client.get('/centers?lang=en');

      // The database goes away.
      if (proxy) await proxy.stop();
      else await database.close();

      const page = await timed(client.get('/bookings'), 10_000);
      expect(page.status).toBe(503);
      expect(page.text).toContain('The service is temporarily unavailable');
      expect(page.headers.get('retry-after')).toBeTruthy();
      expectNoInternals(page.text);
      const ko = await timed(fetch(`${app.baseUrl}/centers`, { headers: { accept: 'text/html' } }), 10_000);
      expect(ko.status).toBe(503);
      expect(await ko.text()).toContain('서비스를 잠시 이용할 수 없습니다');
      const json = await timed(fetch(`${app.baseUrl}/api/v1/centers`), 10_000);
      expect(json.status).toBe(503);
      expect(json.headers.get('content-type')).toContain('application/problem+json');
      expect(json.headers.get('retry-after')).toBeTruthy();
      expect((await json.json()).status).toBe(503);
      const health = await timed(fetch(`${app.baseUrl}/healthz`), 10_000);
      expect(health.status).toBe(503);

      if (proxy) {
        // It comes back: the same process answers again, without a restart.
        await proxy.start();
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = (await client.get('/bookings')).status;
          if (status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status).toBe(200);
        expect((await fetch(`${app.baseUrl}/api/v1/centers`)).status).toBe(200);
      }
    } finally {
      await app.close();
      if (proxy) {
        await database.close();
        await proxy.stop();
      }
      await own.destroy();
    }
  });
});
