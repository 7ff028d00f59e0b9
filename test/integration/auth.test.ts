import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, signInFailures, users } from '../../src/db/schema.js';
import { serveApp, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

describe('login', () => {
  it('stores argon2id hashes, never the password', async () => {
    const user = await createUser(t.db);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
  });

  it('signs in with the right password, regenerating the session id, and signs out', async () => {
    const user = await createUser(t.db, { username: 'Kim.Test' });
    const client = t.client();
    await client.get('/login');
    const before = client.cookie('sws.sid');
    expect(before).toBeDefined();
    const res = await client.post('/login', { username: '  kim.test ', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/centers');
    const after = client.cookie('sws.sid');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The new session holds its CSRF token from the sign-in on, so the first pages after it (and
    // a service worker's fetches) share one token instead of each making one and racing to save it.
    const sid = decodeURIComponent(after!).slice(2).split('.')[0]!;
    const [stored] = await t.db.select().from(sessions).where(eq(sessions.sid, sid));
    const token = (stored!.data as { csrfToken?: string }).csrfToken;
    expect(token).toMatch(/^[0-9a-f]{20,}$/);
    const page = await client.get('/centers');
    expect(page.text).toContain(`사용자 ${user.username}님으로 로그인됨`);
    expect(page.text).toContain(`name="_csrf" value="${token}"`);
    // A rolling session is not written on every page view: its expiry moves at most once a minute.
    await client.get('/bookings');
    const [again] = await t.db.select().from(sessions).where(eq(sessions.sid, sid));
    expect(again!.expiresAt.getTime()).toBe(stored!.expiresAt.getTime());

    const out = await client.post('/logout');
    expect(out.status).toBe(303);
    expect((await client.get('/bookings')).status).toBe(303);
  });

  it('refuses a wrong password or unknown user with one message, keeping the username', async () => {
    const user = await createUser(t.db);
    for (const [username, password] of [
      [user.username, 'wrong password'],
      ['nobody-here', PASSWORD],
    ]) {
      const client = t.client();
      await client.get('/login');
      const res = await client.post('/login', { username: username!, password: password! });
      expect(res.status).toBe(401);
      expect(res.text).toContain('아이디 또는 비밀번호가 맞지 않습니다.');
      expect(res.text).toContain(`value="${username}"`);
      expect((await client.get('/bookings')).status).toBe(303);
    }
  });

  it('asks for missing fields with 400 and messages at each field', async () => {
    const client = t.client();
    await client.get('/login');
    const res = await client.post('/login', { username: '', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="username-error"');
    expect(res.text).toContain('id="password-error"');
  });

  it('refuses a disabled account', async () => {
    const user = await createUser(t.db);
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    const client = t.client();
    await client.get('/login');
    expect((await client.post('/login', { username: user.username, password: PASSWORD })).status).toBe(401);
  });

  it('refuses a login without the CSRF token', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    const res = await client.post('/login', { username: user.username, password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('does not send anyone to another site after login', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    await client.get('//evil.example/path'); // not a page: no returnTo is kept
    await client.get('/login');
    const res = await client.post('/login', { username: user.username, password: PASSWORD });
    expect(res.location).toBe('/centers');
  });
});

describe('sessions', () => {
  it('live in the database and survive a restart of the app (or another app process)', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const rows = await t.db.select().from(sessions);
    expect(rows.some((r) => JSON.stringify(r.data).includes(`"user":${user.id}`))).toBe(true);

    const second = await serveApp(t.database, t.clock);
    try {
      const res = await fetch(`${second.baseUrl}/bookings`, {
        headers: { cookie: `sws.sid=${client.cookie('sws.sid')}` },
        redirect: 'manual',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('내 예약');
    } finally {
      await second.close();
    }
  });

  it('sets a cookie that scripts cannot read', async () => {
    const res = await fetch(`${t.baseUrl}/login`);
    expect(res.headers.getSetCookie().join()).toMatch(/sws\.sid=.*HttpOnly.*SameSite=Lax/i);
  });
});

describe('rate limit', () => {
  it('answers 429 after too many failed logins from one address', async () => {
    await t.db.delete(signInFailures); // the failures of the tests above came from the same address
    const limited = await serveApp(t.database, t.clock, testConfig({ loginRateLimit: 3 }));
    try {
      const client = limited.client();
      await client.get('/login');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await client.post('/login', { username: 'x', password: 'y' })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const last = await client.post('/login', { username: 'x', password: 'y' });
      expect(last.text).toContain('로그인 시도가 너무 많습니다');
    } finally {
      await limited.close();
    }
  });
});

describe('security headers', () => {
  it('sends a strict CSP without inline scripts, and no X-Powered-By', async () => {
    const res = await fetch(`${t.baseUrl}/centers`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    const body = await res.text();
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
