import http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, rateLimitCounters } from '../../src/db/schema.js';
import { api } from '../helpers/api.js';
import { serveApp, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
let center: Awaited<ReturnType<typeof createCenter>>;
let holder: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  t = await startTestApp();
  const partner = await createOrganisation(t.db, 'private');
  center = await createCenter(t.db, { desks: 3, partnerOrganisationId: partner.id });
  holder = await createUser(t.db, { username: 'secret.person' });
  const other = await createUser(t.db);
  const at = (s: string) => new Date(`2026-12-01T${s}:00+09:00`);
  // Now is 09:10 on 1 December: desk 1 is booked across now, desk 2 is checked in, desk 3 is free.
  await t.db.insert(bookings).values([
    {
      deskId: center.desks[0]!.id,
      userId: holder.id,
      createdById: holder.id,
      startsAt: at('09:00'),
      endsAt: at('12:00'),
    },
    {
      deskId: center.desks[1]!.id,
      userId: other.id,
      createdById: other.id,
      startsAt: at('08:00'),
      endsAt: at('10:00'),
      status: 'checked_in',
    },
    {
      deskId: center.desks[2]!.id,
      userId: other.id,
      createdById: other.id,
      startsAt: at('13:00'),
      endsAt: at('14:00'),
      status: 'cancelled',
    },
  ]);
});
afterAll(() => t.destroy());

describe('public API', () => {
  it('lists centers with hours, capacity and features, CORS open and cacheable', async () => {
    const res = await api(t.baseUrl, 'GET', '/api/v1/centers');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(res.headers.get('ratelimit-policy')).toMatch(/q=\d+/);
    expect(res.headers.get('ratelimit')).toMatch(/r=\d+/);
    const c = res.body.data.find((x: { id: number }) => x.id === center.center.id);
    expect(c).toMatchObject({ code: center.center.code, capacity: 4, lat: 37.5663 });
    expect(c.openingHours[0]).toEqual({ weekday: 1, opens: '08:00', closes: '20:00' });
    expect(c.features).toContain('accessible');
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    // node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests, which forbids a 304.
    const get = (headers: Record<string, string> = {}) =>
      new Promise<{ status: number; etag?: string }>((resolve, reject) => {
        http
          .get(`${t.baseUrl}/api/v1/centers/${center.center.id}`, { headers }, (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, etag: res.headers.etag });
          })
          .on('error', reject);
      });
    const first = await get();
    expect(first.etag).toBeTruthy();
    expect((await get({ 'if-none-match': first.etag! })).status).toBe(304);
    expect((await get({ 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('gives one center with zones and rooms, and its desks', async () => {
    const one = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.center.id}`);
    expect(one.status).toBe(200);
    expect(one.body.zones.map((z: { partnerOnly: boolean }) => z.partnerOnly)).toEqual([false, true]);
    const desks = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.center.id}/desks`);
    expect(desks.body.data).toHaveLength(4);
    expect(desks.body.data[0]).toMatchObject({
      label: 'A-01',
      zone: { code: 'A' },
      features: ['monitor', 'accessible'],
    });
  });

  it('gives free ranges per desk on a date, in Seoul time', async () => {
    const res = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.center.id}/availability?date=2026-12-01`);
    expect(res.status).toBe(200);
    expect(res.body.open).toEqual({ start: '2026-12-01T08:00:00+09:00', end: '2026-12-01T20:00:00+09:00' });
    const desk1 = res.body.data.find((d: { deskId: number }) => d.deskId === center.desks[0]!.id);
    expect(desk1.free).toEqual([
      { start: '2026-12-01T08:00:00+09:00', end: '2026-12-01T09:00:00+09:00' },
      { start: '2026-12-01T12:00:00+09:00', end: '2026-12-01T20:00:00+09:00' },
    ]);
    const closed = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.center.id}/availability?date=2026-12-06`);
    expect(closed.body.open).toBeNull();
  });

  it('gives occupancy now and as an hourly series, counting no cancelled booking', async () => {
    const now = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.center.id}/occupancy`);
    expect(now.body).toEqual({
      centerId: center.center.id,
      at: '2026-12-01T09:10:00+09:00',
      capacity: 4,
      booked: 2,
      checkedIn: 1,
    });
    const series = await api(
      t.baseUrl,
      'GET',
      `/api/v1/centers/${center.center.id}/occupancy?from=2026-12-01T08:00:00%2B09:00&to=2026-12-01T14:00:00%2B09:00&interval=hour`,
    );
    expect(series.status).toBe(200);
    expect(series.body.data.map((p: { booked: number }) => p.booked)).toEqual([1, 2, 1, 1, 0, 0]);
    expect(series.body.data.map((p: { checkedIn: number }) => p.checkedIn)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(series.body.data[0].at).toBe('2026-12-01T08:00:00+09:00');
  });

  it('never reveals a person in public data', async () => {
    const bodies = await Promise.all(
      [
        '/api/v1/centers',
        `/api/v1/centers/${center.center.id}`,
        `/api/v1/centers/${center.center.id}/desks`,
        `/api/v1/centers/${center.center.id}/availability?date=2026-12-01`,
        `/api/v1/centers/${center.center.id}/occupancy`,
        '/api/v1/open-data/centers.csv',
        '/api/v1/open-data/occupancy.csv?month=2026-12',
      ].map(async (p) => (await fetch(t.baseUrl + p)).text()),
    );
    for (const b of bodies) {
      expect(b).not.toContain('secret.person');
      expect(b).not.toContain(holder.displayName);
      expect(b).not.toMatch(/"userId"|"username"/);
    }
  });

  it('offers CSV downloads with a header row, UTF-8 BOM and only opening hours', async () => {
    const centers = await api(t.baseUrl, 'GET', '/api/v1/open-data/centers.csv');
    expect(centers.status).toBe(200);
    expect(centers.headers.get('content-type')).toContain('text/csv');
    // A byte-order mark first (fetch's text() strips it, so look at the bytes).
    const raw = Buffer.from(await (await fetch(`${t.baseUrl}/api/v1/open-data/centers.csv`)).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(centers.text.startsWith('id,code,name,name_en')).toBe(true);
    expect(centers.text).toContain(center.center.code);
    const occupancy = await api(t.baseUrl, 'GET', '/api/v1/open-data/occupancy.csv?month=2026-12');
    const lines = occupancy.text.trim().split('\n');
    expect(lines[0]).toBe('center_id,center_code,hour_start,capacity,booked,checked_in');
    const mine = lines.filter((l) => l.includes(center.center.code));
    // 23 weekdays in December 2026 less Christmas (a public holiday, closed everywhere), 12 opening hours each.
    expect(mine).toHaveLength(22 * 12);
    expect(mine).toContain(`${center.center.id},${center.center.code},2026-12-01T09:00:00+09:00,4,2,1`);
  });

  it('answers bad input with problem+json, never HTML or a stack trace', async () => {
    for (const [path, status] of [
      [`/api/v1/centers/${center.center.id}/availability?date=2026-02-30`, 422],
      [`/api/v1/centers/${center.center.id}/occupancy?from=yesterday&to=today`, 422],
      [`/api/v1/centers/${center.center.id}/occupancy?from=2026-12-01T08:00:00%2B09:00`, 422],
      [`/api/v1/centers/${center.center.id}/occupancy?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z`, 422],
      ['/api/v1/open-data/occupancy.csv?month=2026-13', 422],
      ['/api/v1/centers/999999', 404],
      ['/api/v1/centers/abc/desks', 404],
    ] as const) {
      const res = await api(t.baseUrl, 'GET', path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status,
        type: expect.stringMatching(/^\/api\/problems\//),
        title: expect.any(String),
      });
    }
    const unknown = await api(t.baseUrl, 'GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/api/problems/not-found');
  });

  it('publishes an OpenAPI 3.1 document with every endpoint', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/openapi.json`);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/centers',
        '/centers/{id}/availability',
        '/auth/tokens',
        '/me/bookings',
        '/bookings',
        '/bookings/{id}',
      ]),
    );
    expect(doc.components.schemas.BookingRequest.required).toEqual(['deskId', 'start', 'end']);
  });

  it('rate-limits per IP with RateLimit headers and a 429 problem', async () => {
    // Counters live in the database and every app on it shares them: start from a fresh window.
    await t.db.delete(rateLimitCounters);
    const limited = await serveApp(t.database, t.clock, testConfig({ apiRateLimit: 2 }));
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(limited.baseUrl, 'GET', '/api/v1/centers')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const res = await api(limited.baseUrl, 'GET', '/api/v1/centers');
      expect(res.body.type).toBe('/api/problems/rate-limited');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('limits that fit a city network', () => {
  it('counts calls with a token per person, not per address, and shares counts across processes', async () => {
    await t.db.delete(rateLimitCounters);
    const a = await serveApp(t.database, t.clock, testConfig({ apiRateLimit: 1, apiUserRateLimit: 3 }));
    const b = await serveApp(t.database, t.clock, testConfig({ apiRateLimit: 1, apiUserRateLimit: 3 }));
    try {
      const tokenOf = async (app: { baseUrl: string }) => {
        const user = await createUser(t.db);
        await t.db.delete(rateLimitCounters);
        const made = await api(app.baseUrl, 'POST', '/api/v1/auth/tokens', {
          json: { username: user.username, password: PASSWORD, name: 'nat' },
        });
        return made.body.token as string;
      };
      const [kim, lee] = [await tokenOf(a), await tokenOf(a)];
      await t.db.delete(rateLimitCounters);
      // Two colleagues behind the same address: each has their own three calls a minute…
      const kims = [];
      for (const app of [a, b, a]) kims.push((await api(app.baseUrl, 'GET', '/api/v1/me', { token: kim })).status);
      expect(kims).toEqual([200, 200, 200]);
      // …counted across both processes, so the fourth is refused wherever it lands.
      const fourth = await api(b.baseUrl, 'GET', '/api/v1/me', { token: kim });
      expect(fourth.status).toBe(429);
      expect(fourth.body.detail).toContain('per person');
      expect((await api(b.baseUrl, 'GET', '/api/v1/me', { token: lee })).status).toBe(200);
      // Anonymous calls from that address have their own (smaller) limit.
      expect((await api(a.baseUrl, 'GET', '/api/v1/centers')).status).toBe(200);
      expect((await api(b.baseUrl, 'GET', '/api/v1/centers')).status).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await t.db.delete(rateLimitCounters);
    }
  });
});

describe('documentation pages', () => {
  it('renders the API docs and the open data dictionary for people', async () => {
    const docs = await t.client().get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/api/v1/centers/{id}/availability');
    expect(docs.text).toContain('Idempotency-Key');
    const data = await t.client().get('/open-data?lang=en');
    expect(data.text).toContain('Data dictionary');
    expect(data.text).toContain('checked_in');
  });
});
