import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, bookings } from '../../src/db/schema.js';
import { api } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

async function tokenFor(username?: string) {
  const user = await createUser(t.db, username ? { username } : {});
  const res = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
    json: { username: user.username, password: PASSWORD, name: 'test' },
  });
  expect(res.status).toBe(201);
  return { user, token: res.body.token as string, tokenId: res.body.id as number };
}

const slot = (day: string, from: string, to: string) => ({
  start: `${day}T${from}:00+09:00`,
  end: `${day}T${to}:00+09:00`,
});

describe('tokens', () => {
  it('are created with a password, stored hashed, used, and refused once revoked', async () => {
    const { user, token, tokenId } = await tokenFor();
    expect(token).toMatch(/^sws_[\w-]{40,}$/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(row!.tokenHash).not.toContain(token);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const me = await api(t.baseUrl, 'GET', '/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, username: user.username, role: 'employee' });

    // Revoked from the profile page, as a person would.
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const profile = await client.get('/profile');
    expect(profile.text).toContain('test');
    expect((await client.post(`/profile/tokens/${tokenId}/revoke`)).status).toBe(303);

    const after = await api(t.baseUrl, 'GET', '/api/v1/me', { token });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('are made and shown once on the profile page', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    await client.get('/profile');
    expect((await client.post('/profile/tokens', { name: '' })).status).toBe(422);
    const made = await client.post('/profile/tokens', { name: 'calendar sync' });
    expect(made.status).toBe(303);
    const shown = await client.get('/profile');
    const token = /<code class="token">(sws_[^<]+)<\/code>/.exec(shown.text)?.[1];
    expect(token).toBeDefined();
    expect((await api(t.baseUrl, 'GET', '/api/v1/me', { token })).status).toBe(200);
    expect((await client.get('/profile')).text).not.toContain(token!);
  });

  it('refuses a wrong password, no token, a made-up token and expired ones', async () => {
    const user = await createUser(t.db);
    const wrong = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: user.username, password: 'nope', name: 'x' },
    });
    expect(wrong.status).toBe(401);
    expect((await api(t.baseUrl, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await api(t.baseUrl, 'GET', '/api/v1/me', { token: 'sws_madeup' })).status).toBe(401);
    const { token, tokenId } = await tokenFor();
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date('2026-11-01T00:00:00Z') })
      .where(eq(apiTokens.id, tokenId));
    expect((await api(t.baseUrl, 'GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('never accept the session cookie instead of a token', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const res = await fetch(`${t.baseUrl}/api/v1/me`, { headers: { cookie: `sws.sid=${client.cookie('sws.sid')}` } });
    expect(res.status).toBe(401);
  });
});

describe('bookings through the API', () => {
  it('books (201 + Location), lists, and cancels (204); the same rules as the web form', async () => {
    const { desks } = await createCenter(t.db);
    const { token } = await tokenFor();
    const made = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-02', '09:00', '12:00') },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/api/v1/bookings/${made.body.id}`);
    expect(made.body).toMatchObject({
      deskId: desks[0]!.id,
      start: '2026-12-02T09:00:00+09:00',
      end: '2026-12-02T12:00:00+09:00',
      status: 'booked',
    });

    // UTC input is the same instant.
    const utc = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json: { deskId: desks[1]!.id, start: '2026-12-03T04:00:00Z', end: '2026-12-03T05:00:00Z' },
    });
    expect(utc.status).toBe(201);
    expect(utc.body.start).toBe('2026-12-03T13:00:00+09:00');

    const list = await api(
      t.baseUrl,
      'GET',
      '/api/v1/me/bookings?from=2026-12-01T00:00:00%2B09:00&to=2026-12-31T00:00:00%2B09:00',
      { token },
    );
    expect(list.body.data.map((b: { id: number }) => b.id)).toEqual([made.body.id, utc.body.id]);
    const narrow = await api(
      t.baseUrl,
      'GET',
      '/api/v1/me/bookings?from=2026-12-03T00:00:00%2B09:00&to=2026-12-04T00:00:00%2B09:00',
      { token },
    );
    expect(narrow.body.data).toHaveLength(1);

    expect((await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${made.body.id}`, { token })).status).toBe(204);
    expect((await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${made.body.id}`, { token })).status).toBe(409);
  });

  it("answers 404 for someone else's booking", async () => {
    const { desks } = await createCenter(t.db);
    const owner = await tokenFor();
    const other = await tokenFor();
    const made = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: owner.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-02', '13:00', '14:00') },
    });
    expect((await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${made.body.id}`, { token: other.token })).status).toBe(
      404,
    );
    expect((await api(t.baseUrl, 'DELETE', '/api/v1/bookings/abc', { token: other.token })).status).toBe(404);
  });

  it('answers 409 for a taken slot and for the user own overlapping time', async () => {
    const { desks } = await createCenter(t.db);
    const a = await tokenFor();
    const b = await tokenFor();
    await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: a.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-02', '09:00', '12:00') },
    });
    const taken = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: b.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-02', '11:00', '13:00') },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ type: '/api/problems/desk-taken', errors: [{ field: 'start' }] });
    const mine = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: a.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-02', '10:00', '11:00') },
    });
    expect(mine.status).toBe(409);
    expect(mine.body).toMatchObject({ type: '/api/problems/own-overlap', title: 'Your own overlapping booking' });
    expect(mine.body.detail).toContain('already have a desk booked');
  });

  it.each([
    ['an end before the start', { ...slot('2026-12-02', '12:00', '10:00') }, 422, 'end'],
    ['a range outside opening hours', { ...slot('2026-12-02', '19:00', '21:00') }, 422, 'end'],
    ['a date in the past', { ...slot('2026-11-30', '09:00', '10:00') }, 422, 'start'],
    ['a closed day', { ...slot('2026-12-05', '09:00', '10:00') }, 422, 'start'],
    ['a time off the 30-minute steps', { ...slot('2026-12-02', '09:15', '10:00') }, 422, 'start'],
    ['a range over midnight', { start: '2026-12-02T19:00:00+09:00', end: '2026-12-03T09:00:00+09:00' }, 422, 'end'],
    ['a date without an offset', { start: '2026-12-02T09:00:00', end: '2026-12-02T10:00:00' }, 422, 'start'],
    ['an impossible date', { start: '2026-02-30T09:00:00+09:00', end: '2026-02-30T10:00:00+09:00' }, 422, 'start'],
  ])('answers %s with 422 and a field error', async (_n, times, status, field) => {
    const { desks } = await createCenter(t.db);
    const { token } = await tokenFor();
    const res = await api(t.baseUrl, 'POST', '/api/v1/bookings', { token, json: { deskId: desks[0]!.id, ...times } });
    expect(res.status).toBe(status);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const rows = await t.db.select().from(bookings).where(eq(bookings.deskId, desks[0]!.id));
    expect(rows).toHaveLength(0);
  });

  it('answers malformed input of every kind with a 4xx problem, never a 500', async () => {
    const { desks } = await createCenter(t.db);
    const { token } = await tokenFor();
    const post = (opts: { json?: unknown; body?: string; headers?: Record<string, string> }) =>
      api(t.baseUrl, 'POST', '/api/v1/bookings', { token, ...opts });
    const cases: [string, Promise<{ status: number; body: { status: number } }>, number][] = [
      ['broken JSON', post({ body: '{"deskId": 1,', headers: { 'content-type': 'application/json' } }), 400],
      ['a JSON array', post({ json: [1, 2] }), 400],
      ['a JSON string', post({ json: 'book please' }), 400],
      ['no body', post({}), 400],
      ['wrong types', post({ json: { deskId: 'one', start: 9, end: true } }), 422],
      ['missing fields', post({ json: { deskId: desks[0]!.id } }), 422],
      [
        'an unknown field',
        post({ json: { deskId: desks[0]!.id, ...slot('2026-12-02', '09:00', '10:00'), userId: 1 } }),
        422,
      ],
      ['an unknown desk', post({ json: { deskId: 987654, ...slot('2026-12-02', '09:00', '10:00') } }), 422],
      ['a negative desk', post({ json: { deskId: -1, ...slot('2026-12-02', '09:00', '10:00') } }), 422],
      [
        'a huge body',
        post({ json: { deskId: desks[0]!.id, ...slot('2026-12-02', '09:00', '10:00'), pad: 'x'.repeat(40_000) } }),
        413,
      ],
    ];
    for (const [name, promise, status] of cases) {
      const res = await promise;
      expect(res.status, name).toBe(status);
      expect(res.body.status, name).toBe(status);
    }
    expect(await t.db.select().from(bookings).where(eq(bookings.deskId, desks[0]!.id))).toHaveLength(0);
  });

  it('replays the first answer for a retried Idempotency-Key, and books once', async () => {
    const { desks } = await createCenter(t.db);
    const { token } = await tokenFor();
    const body = { deskId: desks[0]!.id, ...slot('2026-12-04', '09:00', '10:00') };
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = await api(t.baseUrl, 'POST', '/api/v1/bookings', { token, json: body, headers });
    const second = await api(t.baseUrl, 'POST', '/api/v1/bookings', { token, json: body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await t.db.select().from(bookings).where(eq(bookings.deskId, desks[0]!.id))).toHaveLength(1);

    const reused = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json: { ...body, deskId: desks[1]!.id },
      headers,
    });
    expect(reused.status).toBe(422);

    // A refusal is replayed too: the answer to a key does not change.
    const other = await tokenFor();
    const refused = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: other.token,
      json: body,
      headers: { 'idempotency-key': 'k2' },
    });
    expect(refused.status).toBe(409);
    await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${first.body.id}`, { token });
    const replayedRefusal = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: other.token,
      json: body,
      headers: { 'idempotency-key': 'k2' },
    });
    expect(replayedRefusal.status).toBe(409);
    expect(replayedRefusal.headers.get('idempotent-replayed')).toBe('true');
  });

  it(`gives exactly one 201 to concurrent POSTs for one desk, the rest 409 (${engine})`, async () => {
    const { desks } = await createCenter(t.db);
    const tokens = await Promise.all(Array.from({ length: 25 }, () => tokenFor()));
    const results = await Promise.all(
      tokens.map(({ token }) =>
        api(t.baseUrl, 'POST', '/api/v1/bookings', {
          token,
          json: { deskId: desks[0]!.id, ...slot('2026-12-07', '09:00', '18:00') },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);
    const rows = await t.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.deskId, desks[0]!.id), inArray(bookings.status, ['booked'])));
    expect(rows).toHaveLength(1);
  });
});
