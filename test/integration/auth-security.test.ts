import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTotpSecret, totpCode, totpKey } from '../../src/auth/mfa.js';
import { bookingBans, bookings, passwordResets, sessions, signInFailures, users } from '../../src/db/schema.js';
import { serveApp, signedIn, startTestApp, type TestApp, TestClock, testConfig } from '../helpers/app.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());
// Every test starts with no failures counted, so the address 127.0.0.1 is clean.
beforeEach(async () => {
  await t.db.delete(signInFailures);
});

async function attempt(client: HttpClient, username: string, password: string, headers: Record<string, string> = {}) {
  if (!client.csrfToken) await client.get('/login');
  const body = new URLSearchParams({ _csrf: client.csrfToken ?? '', username, password }).toString();
  return client.request('POST', '/login', {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

describe('sign-in throttle', () => {
  it('lets 30 correct sign-ins at once from one address all succeed (issue 12: 10 x 429)', async () => {
    const people = await Promise.all(Array.from({ length: 30 }, () => createUser(t.db)));
    const results = await Promise.all(people.map((p) => attempt(t.client(), p.username, PASSWORD)));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(303));
    expect(await t.db.select().from(signInFailures)).toEqual([]);
  });

  it('slows an account down after 5 failures, even for the right password, then lets it in after the delay', async () => {
    const user = await createUser(t.db);
    const client = t.client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(client, user.username, 'wrong password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt(client, user.username, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.text).toContain('로그인 시도가 너무 많습니다');

    // Another person at the same address is not affected by this account's failures.
    const colleague = await createUser(t.db);
    expect((await attempt(t.client(), colleague.username, PASSWORD)).status).toBe(303);

    // The delay doubles with each further failure: 1 s after the 5th.
    t.clock.set(new Date(t.clock.now().getTime() + 1_500));
    expect((await attempt(client, user.username, 'wrong again')).status).toBe(401);
    const [row] = await t.db
      .select()
      .from(signInFailures)
      .where(eq(signInFailures.key, `account:${user.username}`));
    expect(row?.failures).toBe(6);
    expect((await attempt(client, user.username, PASSWORD)).status).toBe(429);
    t.clock.set(new Date(t.clock.now().getTime() + 2_500));
    expect((await attempt(client, user.username, PASSWORD)).status).toBe(303);
    // Success clears the account's count.
    const after = await t.db
      .select()
      .from(signInFailures)
      .where(eq(signInFailures.key, `account:${user.username}`));
    expect(after).toEqual([]);
  });

  it('limits failures per address generously, and forgets them after the window', async () => {
    const limited = await serveApp(t.database, t.clock, testConfig({ loginRateLimit: 10 }));
    try {
      const client = limited.client();
      // Ten people mistype once each: a correct password from the same address still works.
      for (let i = 0; i < 9; i++) expect((await attempt(client, `nobody-${i}`, 'x')).status).toBe(401);
      const user = await createUser(t.db);
      expect((await attempt(limited.client(), user.username, PASSWORD)).status).toBe(303);
      expect((await attempt(client, 'nobody-9', 'x')).status).toBe(401);
      // The eleventh attempt from the address is refused, whatever the account.
      expect((await attempt(limited.client(), user.username, PASSWORD)).status).toBe(429);
      t.clock.set(new Date(t.clock.now().getTime() + 15 * 60_000 + 1000));
      expect((await attempt(limited.client(), user.username, PASSWORD)).status).toBe(303);
    } finally {
      await limited.close();
    }
  });

  it('counts failures with a rotating X-Forwarded-For from an untrusted peer against the real address', async () => {
    for (const trustProxy of [[], ['10.0.0.0/8']]) {
      await t.db.delete(signInFailures);
      const app = await serveApp(t.database, t.clock, testConfig({ loginRateLimit: 5, trustProxy }));
      try {
        const client = app.client();
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          const res = await attempt(client, `guess-${i}`, 'x', { 'x-forwarded-for': `203.0.113.${i}` });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
        const keys = (await t.db.select().from(signInFailures)).map((r) => r.key);
        expect(keys).toContain('address:127.0.0.1');
        expect(keys.some((k) => k.includes('203.0.113'))).toBe(false);
      } finally {
        await app.close();
      }
    }
  });

  it('believes X-Forwarded-For only from a configured proxy address', async () => {
    const app = await serveApp(t.database, t.clock, testConfig({ loginRateLimit: 5, trustProxy: ['127.0.0.1'] }));
    try {
      const client = app.client();
      for (let i = 0; i < 6; i++) {
        const res = await attempt(client, `guess-${i}`, 'x', { 'x-forwarded-for': `203.0.113.${i}` });
        expect(res.status).toBe(401);
      }
      const keys = (await t.db.select().from(signInFailures)).map((r) => r.key);
      expect(keys).toContain('address:203.0.113.5');
    } finally {
      await app.close();
    }
  });

  it('shares the counts across two app processes on one database', async () => {
    const second = await serveApp(t.database, t.clock);
    try {
      const user = await createUser(t.db);
      const clients = [t.client(), second.client()];
      for (let i = 0; i < 5; i++) {
        expect((await attempt(clients[i % 2]!, user.username, 'wrong')).status).toBe(401);
      }
      expect((await attempt(clients[1]!, user.username, PASSWORD)).status).toBe(429);
      expect((await attempt(clients[0]!, user.username, PASSWORD)).status).toBe(429);
    } finally {
      await second.close();
    }
  });

  it('throttles the API token endpoint the same way, and gives operators no password-only token', async () => {
    const user = await createUser(t.db);
    const post = (password: string, username = user.username) =>
      fetch(`${t.baseUrl}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password, name: 'script' }),
      });
    for (let i = 0; i < 5; i++) expect((await post('wrong')).status).toBe(401);
    expect((await post(PASSWORD)).status).toBe(429);
    const operator = await createUser(t.db, { role: 'operator' });
    expect((await post(PASSWORD, operator.username)).status).toBe(401);
  });
});

describe('passwords', () => {
  it('changes a password with the current one, refuses weak ones, and ends the other sessions', async () => {
    const user = await createUser(t.db);
    const here = t.client();
    const elsewhere = t.client();
    await here.login(user.username, PASSWORD);
    await elsewhere.login(user.username, PASSWORD);
    await here.get('/profile/security');
    const change = (current: string, password: string, confirm = password) =>
      here.post('/profile/password', { current, password, confirm });
    expect((await change('not my password', 'a brand new passphrase')).status).toBe(422);
    for (const weak of ['            ', 'aaaaaaaaaaaa', '123456789012', 'short', 'qwertyuiop12', 'iloveyou2026!']) {
      const res = await change(PASSWORD, weak);
      expect(res.status, weak).toBe(422);
      expect(res.text).toContain('id="password-error"');
    }
    expect((await change(PASSWORD, 'a brand new passphrase', 'another')).status).toBe(422);
    const ok = await change(PASSWORD, 'a brand new passphrase');
    expect(ok.status).toBe(303);
    expect((await here.get('/bookings')).status).toBe(200);
    expect((await elsewhere.get('/bookings')).status).toBe(303);
    expect((await attempt(t.client(), user.username, PASSWORD)).status).toBe(401);
    expect((await attempt(t.client(), user.username, 'a brand new passphrase')).status).toBe(303);
  });

  it("lets an administrator make a one-time reset link that expires in an hour and ends the person's sessions", async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const user = await createUser(t.db);
    const victim = t.client();
    await victim.login(user.username, PASSWORD);
    await admin.client.get('/admin/security');
    const made = await admin.client.post('/admin/security/reset', { username: user.username });
    expect(made.status).toBe(303);
    const page = await admin.client.get('/admin/security');
    const url = /value="(http:\/\/[^"]+\/password-reset\/[\w-]+)"/.exec(page.text)?.[1];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;
    const [stored] = await t.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(stored?.tokenHash).not.toContain(path.split('/').pop());

    const anon = t.client();
    expect((await anon.get(path)).status).toBe(200);
    expect((await anon.post(path, { password: '123456789012', confirm: '123456789012' })).status).toBe(422);
    const done = await anon.post(path, { password: 'river otter morning tea', confirm: 'river otter morning tea' });
    expect(done.status).toBe(303);
    expect((await victim.get('/bookings')).status).toBe(303);
    expect((await anon.get(path)).status).toBe(404);
    expect((await attempt(t.client(), user.username, 'river otter morning tea')).status).toBe(303);

    // A link older than an hour no longer works.
    await admin.client.post('/admin/security/reset', { username: user.username });
    const second = /value="http:\/\/[^"]+(\/password-reset\/[\w-]+)"/.exec(
      (await admin.client.get('/admin/security')).text,
    )?.[1];
    t.clock.set(new Date(t.clock.now().getTime() + 61 * 60_000));
    expect((await t.client().get(second!)).status).toBe(404);
  });

  it('is refused to people who are not administrators', async () => {
    const { client } = await signedIn(t, { role: 'manager' });
    expect((await client.get('/admin/security')).status).toBe(403);
  });
});

describe('sessions', () => {
  it('lists where one is signed in, ends one session, and ends all the others', async () => {
    const user = await createUser(t.db);
    const [a, b, c] = [t.client(), t.client(), t.client()];
    for (const x of [a, b, c]) await x.login(user.username, PASSWORD);
    const list = await a.get('/profile/sessions');
    expect(list.status).toBe(200);
    const handles = [...list.text.matchAll(/action="\/profile\/sessions\/([\w-]{22})\/end"/g)].map((m) => m[1]!);
    expect(handles).toHaveLength(2);
    expect(list.text).toContain('지금 이 기기');
    expect(list.text).toContain('127.0.0.1');
    // The page never shows a session id (the cookie value).
    const sids = (await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).map((s) => s.sid);
    for (const sid of sids) expect(list.text).not.toContain(sid);

    expect((await a.post(`/profile/sessions/${handles[0]}/end`)).status).toBe(303);
    const stillIn = [(await b.get('/bookings')).status, (await c.get('/bookings')).status].sort();
    expect(stillIn).toEqual([200, 303]);
    expect((await a.post('/profile/sessions/end-others')).status).toBe(303);
    expect((await b.get('/bookings')).status).toBe(303);
    expect((await c.get('/bookings')).status).toBe(303);
    expect((await a.get('/bookings')).status).toBe(200);
    // Someone else's handle is not found.
    const other = await signedIn(t);
    expect((await other.client.post(`/profile/sessions/${handles[1]}/end`)).status).toBe(404);
  });

  it("lets an administrator end anyone's sessions", async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const { user, client } = await signedIn(t);
    await admin.client.get('/admin/security');
    expect((await admin.client.post('/admin/security/end-sessions', { username: user.username })).status).toBe(303);
    expect((await client.get('/bookings')).status).toBe(303);
  });

  it('ends a session after 30 idle minutes and after 12 hours in all, and asks for the password again after 10 minutes', async () => {
    const sessionClock = new TestClock(new Date());
    const app = await serveApp(t.database, t.clock, testConfig(), { sessionClock });
    try {
      const user = await createUser(t.db);
      const client = app.client();
      await client.login(user.username, PASSWORD);
      const later = (ms: number) => sessionClock.set(new Date(sessionClock.now().getTime() + ms));
      later(29 * 60_000);
      expect((await client.get('/bookings')).status).toBe(200);
      // Re-authentication before a security change, ten minutes after the password.
      const reauth = await client.get('/profile/security/totp');
      expect(reauth.status).toBe(303);
      expect(reauth.location).toBe('/reauth');
      await client.get('/reauth');
      expect((await client.post('/reauth', { password: 'wrong' })).status).toBe(401);
      const back = await client.post('/reauth', { password: PASSWORD });
      expect(back.location).toBe('/profile/security/totp');
      expect((await client.get('/profile/security/totp')).status).toBe(200);

      later(31 * 60_000);
      const idle = await client.get('/bookings');
      expect(idle.status).toBe(303);
      expect(idle.location).toBe('/login');

      await client.login(user.username, PASSWORD);
      // Busy all day: 28 x 25 minutes is 11 h 40 min; the next request, at 12 h 5 min, is too late.
      for (let i = 0; i < 28; i++) {
        later(25 * 60_000);
        expect((await client.get('/bookings')).status).toBe(200);
      }
      later(25 * 60_000);
      expect((await client.get('/bookings')).status).toBe(303);
    } finally {
      await app.close();
    }
  });
});

describe('two-step verification', () => {
  async function enrol(client: HttpClient) {
    const page = await client.get('/profile/security/totp');
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)![1]!;
    expect(page.text).toContain('<svg');
    expect((await client.post('/profile/security/totp', { code: '000000' })).status).toBe(422);
    const done = await client.post('/profile/security/totp', { code: totpCode(secret, t.clock.now()) });
    expect(done.location).toBe('/profile/security/recovery-codes');
    const codes = [...(await client.get(done.location!)).text.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map(
      (m) => m[1]!,
    );
    expect(codes).toHaveLength(10);
    // Shown once.
    expect((await client.get('/profile/security/recovery-codes')).status).toBe(303);
    return { secret, codes };
  }

  it('is optional for employees: enrol, then sign in with a code (never the same one twice) or a recovery code', async () => {
    const { user, client } = await signedIn(t);
    const { secret, codes } = await enrol(client);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    // Sealed with a key outside the database, never stored as it is.
    expect(row?.totpSecret).toMatch(/^v1\./);
    expect(row?.totpSecret).not.toContain(secret);
    expect(openTotpSecret(totpKey(testConfig().needsKey), row!.totpSecret!)).toBe(secret);

    const next = t.client();
    const afterPassword = await attempt(next, user.username, PASSWORD);
    expect(afterPassword.location).toBe('/login/mfa');
    // Not signed in yet.
    expect((await next.get('/bookings')).status).toBe(303);
    await next.get('/login/mfa');
    expect((await next.post('/login/mfa', { code: '123456' })).status).toBe(401);
    // The code used at enrolment cannot be replayed; the next step's code works once.
    expect((await next.post('/login/mfa', { code: totpCode(secret, t.clock.now()) })).status).toBe(401);
    const nextStep = new Date(t.clock.now().getTime() + 30_000);
    expect((await next.post('/login/mfa', { code: totpCode(secret, nextStep) })).status).toBe(303);
    expect((await next.get('/bookings')).status).toBe(200);

    const third = t.client();
    await attempt(third, user.username, PASSWORD);
    await third.get('/login/mfa');
    expect((await third.post('/login/mfa', { code: totpCode(secret, nextStep) })).status).toBe(401);
    expect((await third.post('/login/mfa', { code: codes[0]!.toUpperCase() })).status).toBe(303);
    const fourth = t.client();
    await attempt(fourth, user.username, PASSWORD);
    await fourth.get('/login/mfa');
    expect((await fourth.post('/login/mfa', { code: codes[0]! })).status).toBe(401);
    expect((await fourth.post('/login/mfa', { code: codes[1]! })).status).toBe(303);
  });

  it('counts wrong codes against the account like wrong passwords', async () => {
    const { user, client } = await signedIn(t);
    await enrol(client);
    const next = t.client();
    await attempt(next, user.username, PASSWORD);
    await next.get('/login/mfa');
    for (let i = 0; i < 5; i++) expect((await next.post('/login/mfa', { code: '000000' })).status).toBe(401);
    expect((await next.post('/login/mfa', { code: '000000' })).status).toBe(429);
  });

  it("does not let a known password reset the count of wrong codes (through the API's token endpoint)", async () => {
    const operator = await createUser(t.db, { role: 'operator' });
    await t.client().login(operator.username, PASSWORD); // enrols
    const next = t.client();
    await attempt(next, operator.username, PASSWORD);
    await next.get('/login/mfa');
    for (let i = 0; i < 5; i++) expect((await next.post('/login/mfa', { code: '000000' })).status).toBe(401);
    const token = () =>
      fetch(`${t.baseUrl}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: operator.username, password: PASSWORD, name: 'x' }),
      });
    expect((await token()).status).toBe(429);
    // After the delay the right password is checked (and refused: operators get no password-only token)…
    t.clock.set(new Date(t.clock.now().getTime() + 1_500));
    expect((await token()).status).toBe(401);
    // …but the account's five failures stay, so the next wrong code is slowed down further.
    const [row] = await t.db
      .select()
      .from(signInFailures)
      .where(eq(signInFailures.key, `account:${operator.username}`));
    expect(row?.failures).toBe(5);
    expect((await next.post('/login/mfa', { code: '000000' })).status).toBe(401);
    expect((await next.post('/login/mfa', { code: '000000' })).status).toBe(429);
  });

  it('is required for operators: enrolment comes right after the password, and nothing works before it', async () => {
    const operator = await createUser(t.db, { role: 'operator' });
    const client = t.client();
    const res = await attempt(client, operator.username, PASSWORD);
    expect(res.location).toBe('/login/mfa/setup');
    expect((await client.get('/operator')).status).toBe(303);
    expect((await client.get('/bookings')).status).toBe(303);
    await client.login(operator.username, PASSWORD); // the helper enrols and answers the code
    expect((await client.get('/operator')).status).toBe(200);
    const [row] = await t.db.select().from(users).where(eq(users.id, operator.id));
    expect(row?.totpSecret).toMatch(/^v1\./);
  });

  it('signs out someone made operator while signed in without a second factor', async () => {
    const { user, client } = await signedIn(t);
    await t.db.update(users).set({ role: 'operator' }).where(eq(users.id, user.id));
    const res = await client.get('/bookings');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login');
  });
});

describe('holds seen by operators (issue 12: every held person in the network)', () => {
  it('shows an operator only holds caused at their centers, says which centers, and lifts only those', async () => {
    const [a, b] = [await createCenter(t.db), await createCenter(t.db)];
    const opA = await signedIn(t, { role: 'operator', operates: a.center.id });
    const admin = await signedIn(t, { role: 'admin' });
    const now = t.clock.now();
    const noShowAt = async (userId: number, deskId: number, daysAgo: number) =>
      t.db.insert(bookings).values({
        deskId,
        userId,
        createdById: userId,
        startsAt: new Date(now.getTime() - daysAgo * 86_400_000),
        endsAt: new Date(now.getTime() - daysAgo * 86_400_000 + 3_600_000),
        status: 'no_show',
      });
    const hold = (userId: number) =>
      t.db.insert(bookingBans).values({
        userId,
        startsAt: new Date(now.getTime() - 3_600_000),
        endsAt: new Date(now.getTime() + 7 * 86_400_000),
        reason: 'test',
      });
    const [atA, atB, atBoth] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    await noShowAt(atA.id, a.desks[0]!.id, 2);
    await noShowAt(atB.id, b.desks[0]!.id, 2);
    await noShowAt(atBoth.id, a.desks[1]!.id, 3);
    await noShowAt(atBoth.id, b.desks[1]!.id, 2);
    for (const u of [atA, atB, atBoth]) await hold(u.id);

    const page = (await opA.client.get('/operator')).text;
    expect(page).toContain(atA.username);
    expect(page).toContain(atBoth.username);
    expect(page).not.toContain(atB.username);
    expect(page).toContain(b.center.name); // atBoth's hold names the other center
    expect(page).toContain('다른 센터의 미이용도 있어');

    expect((await opA.client.post(`/operator/holds/${atB.id}/lift`)).status).toBe(404);
    expect((await opA.client.post(`/operator/holds/${atBoth.id}/lift`)).status).toBe(404);
    expect((await opA.client.post(`/operator/holds/${atA.id}/lift`)).status).toBe(303);

    const adminPage = (await admin.client.get('/operator')).text;
    expect(adminPage).toContain(atB.username);
    expect((await admin.client.post(`/operator/holds/${atBoth.id}/lift`)).status).toBe(303);
  });
});
