import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOidcAccount } from '../../src/auth/oidc-accounts.js';
import { parseRoleMap } from '../../src/config.js';
import * as s from '../../src/db/schema.js';
import { type RunningApp, serveApp, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';
import { startTestProvider, type TestAccount, type TestProvider, throughProvider } from '../helpers/oidc-provider.js';

// Single sign-on end to end against a real OpenID provider started here: discovery, the
// redirect, login and consent at the provider, the code redeemed with PKCE at its token
// endpoint, the ID token's signature, nonce and audience checked, userinfo read.
const PUBLIC_URL = 'http://smartwork.test';
const REDIRECT = `${PUBLIC_URL}/login/sso/callback`;

let t: TestApp;
let op: TestProvider;
let orgCode: string;
let defaultOrgId: number;

beforeAll(async () => {
  op = await startTestProvider(REDIRECT);
  t = await startTestApp();
  const org = await createOrganisation(t.db);
  orgCode = org.code;
  defaultOrgId = (await createOrganisation(t.db)).id;
  const defaultCode = (await t.db.select().from(s.organisations).where(eq(s.organisations.id, defaultOrgId)))[0]!.code;
  // The SSO app runs on the same database, with OIDC configured (the plain app above has none).
  sso = await serveApp(
    t.database,
    t.clock,
    testConfig({
      publicUrl: PUBLIC_URL,
      oidc: {
        issuer: op.issuer,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        roleClaim: 'sws_roles',
        roleMap: parseRoleMap(undefined),
        organisationClaim: 'sws_org',
        defaultOrganisation: defaultCode,
        allowHttp: true,
      },
    }),
  );
});
let sso: RunningApp;
afterAll(async () => {
  await sso?.close();
  await t?.destroy();
  await op?.close();
});

/** From "sign in with the city account" to the app's answer at the callback. */
async function ssoSignIn(client: HttpClient, account: TestAccount, tamper?: (authorize: URL) => void) {
  op.signInAs(account);
  await client.get('/login');
  const start = await client.get('/login/sso');
  expect(start.status).toBe(303);
  const authorize = new URL(start.location!);
  expect(authorize.origin).toBe(op.issuer);
  tamper?.(authorize);
  const callback = await throughProvider(authorize.href, op.issuer);
  expect(callback.href.startsWith(REDIRECT)).toBe(true);
  const answer = await client.get(callback.pathname + callback.search);
  return { authorize, callback, answer };
}

const signedInAs = async (client: HttpClient) => {
  const page = await client.get('/profile');
  return page.status === 200 ? page.text : undefined;
};

describe('sign in with the city account', () => {
  it('shows the button only when configured, and the provider is asked for code + PKCE (S256), state and nonce', async () => {
    const plain = await t.client().get('/login');
    expect(plain.text).not.toContain('/login/sso');
    expect((await t.client().get('/login/sso')).status).toBe(404);
    const client = sso.client();
    const page = await client.get('/login');
    expect(page.text).toContain('href="/login/sso"');
    expect(page.text).toContain('name="password"');
    const start = await client.get('/login/sso');
    const url = new URL(start.location!);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
  });

  it('creates the account on first sign-in, by subject, with role and organisation from claims, on a new session id', async () => {
    const client = sso.client();
    await client.get('/login');
    const before = client.cookie('sws.sid');
    const { answer } = await ssoSignIn(client, {
      sub: 'city-0001',
      email: 'kim.minji@seoul.go.kr',
      email_verified: true,
      name: '김민지',
      preferred_username: 'kim.minji',
      sws_roles: ['manager', 'admin'],
      sws_org: orgCode,
    });
    expect(answer.status).toBe(303);
    expect(client.cookie('sws.sid')).not.toBe(before);
    expect(await signedInAs(client)).toContain('김민지');
    const [user] = await t.db.select().from(s.users).where(eq(s.users.username, 'kim.minji'));
    // "admin" in the claim gives nothing: only OIDC_ROLE_MAP can make an administrator.
    expect(user).toMatchObject({ role: 'manager', email: 'kim.minji@seoul.go.kr', passwordHash: '!sso' });
    expect(
      (await t.db.select().from(s.organisations).where(eq(s.organisations.id, user!.organisationId)))[0]!.code,
    ).toBe(orgCode);
    const identities = await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.userId, user!.id));
    expect(identities).toMatchObject([{ issuer: op.issuer, subject: 'city-0001' }]);

    // The next sign-in finds the same account by subject, even after the e-mail and name changed.
    const again = sso.client();
    await ssoSignIn(again, {
      sub: 'city-0001',
      email: 'new@seoul.go.kr',
      email_verified: true,
      name: '김민지',
      preferred_username: 'someone-else',
    });
    expect(await signedInAs(again)).toContain('김민지');
    expect(await t.db.select().from(s.users).where(eq(s.users.username, 'someone-else'))).toHaveLength(0);
    // No password works for an SSO-only account.
    const pw = sso.client();
    await pw.get('/login');
    expect((await pw.post('/login', { username: 'kim.minji', password: '!sso' })).status).toBe(401);
  });

  it('makes one account when the same first sign-in arrives twice at once (two tabs, a double click)', async () => {
    const settings = {
      issuer: op.issuer,
      clientId: 'x',
      clientSecret: 'x',
      roleMap: parseRoleMap(undefined),
      defaultOrganisation: orgCode,
      allowHttp: true,
    };
    const claims = {
      iss: op.issuer,
      sub: 'city-twice',
      name: '동시 로그인',
      preferred_username: 'twice',
      aud: 'x',
      iat: 0,
      exp: 0,
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => resolveOidcAccount(t.db, settings, claims, t.clock.now())),
    );
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const ids = new Set(results.map((r) => (r.kind === 'ok' ? r.user.id : 0)));
    expect(ids.size).toBe(1);
    expect(await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.subject, 'city-twice'))).toHaveLength(
      1,
    );
  });

  it('links an existing account by a verified e-mail, once, and tells its owner by security mail', async () => {
    const existing = await createUser(t.db, { organisationId: defaultOrgId });
    await t.db.update(s.users).set({ email: 'Lee.Junho@seoul.go.kr' }).where(eq(s.users.id, existing.id));
    const client = sso.client();
    await ssoSignIn(client, { sub: 'city-0002', email: 'lee.junho@seoul.go.kr', email_verified: true, name: '이준호' });
    expect(await signedInAs(client)).toContain(existing.username);
    const mail = await t.db.select().from(s.mailOutbox).where(eq(s.mailOutbox.userId, existing.id));
    expect(mail.map((m) => m.template)).toEqual(['security.ssoLinked']);
    // The same person keeps their password too (local passwords are on).
    const pw = sso.client();
    await pw.login(existing.username, PASSWORD);
    expect(await signedInAs(pw)).toContain(existing.username);
  });

  it('does not link by an unverified e-mail: a new account is made instead', async () => {
    const existing = await createUser(t.db, { organisationId: defaultOrgId });
    await t.db.update(s.users).set({ email: 'park@seoul.go.kr' }).where(eq(s.users.id, existing.id));
    const client = sso.client();
    await ssoSignIn(client, { sub: 'city-0003', email: 'park@seoul.go.kr', email_verified: false, name: '박서준' });
    const page = await signedInAs(client);
    expect(page).toContain('박서준');
    expect(page).not.toContain(existing.username);
    const [identity] = await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.subject, 'city-0003'));
    expect(identity!.userId).not.toBe(existing.id);
    const [created] = await t.db.select().from(s.users).where(eq(s.users.id, identity!.userId));
    // No organisation claim: the default organisation; the unverified address is not kept.
    expect(created).toMatchObject({ organisationId: defaultOrgId, email: null, role: 'employee' });
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const client = sso.client();
    const { answer } = await ssoSignIn(client, { sub: 'city-0004', name: '최하늘' }, (authorize) => {
      authorize.searchParams.set('nonce', 'a-nonce-the-attacker-chose-0123456789');
    });
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('로그인을 확인하지 못했습니다');
    expect(await signedInAs(client)).toBeUndefined();
    expect(await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.subject, 'city-0004'))).toHaveLength(0);
  });

  it('refuses a tampered state, a replayed callback and an expired code', async () => {
    // Tampered state: the answer is not for this browser's sign-in.
    const a = sso.client();
    op.signInAs({ sub: 'city-0005', name: '정다은' });
    await a.get('/login');
    const startA = await a.get('/login/sso');
    const callbackA = await throughProvider(startA.location!, op.issuer);
    callbackA.searchParams.set('state', 'not-the-state-of-this-sign-in');
    expect((await a.get(callbackA.pathname + callbackA.search)).status).toBe(401);
    expect(await signedInAs(a)).toBeUndefined();

    // Replayed: a good sign-in, then its callback again in the same browser and in another one.
    const b = sso.client();
    const { callback } = await ssoSignIn(b, { sub: 'city-0006', name: '한별' });
    expect(await signedInAs(b)).toContain('한별');
    const replay = await b.get(callback.pathname + callback.search);
    expect(replay.status).toBe(400);
    const thief = sso.client();
    expect((await thief.get(callback.pathname + callback.search)).status).toBe(400);
    expect(await signedInAs(thief)).toBeUndefined();

    // Expired: the provider gives codes that live one second; the browser comes back after two.
    op.codeTtlSeconds = 1;
    try {
      const c = sso.client();
      op.signInAs({ sub: 'city-0007', name: '윤슬' });
      await c.get('/login');
      const start = await c.get('/login/sso');
      const late = await throughProvider(start.location!, op.issuer);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const answer = await c.get(late.pathname + late.search);
      expect(answer.status).toBe(401);
      expect(await signedInAs(c)).toBeUndefined();
    } finally {
      op.codeTtlSeconds = 60;
    }
  });

  it('refuses a deactivated account with a clear page, linked or matched by e-mail', async () => {
    const client = sso.client();
    await ssoSignIn(client, { sub: 'city-0008', name: '서도윤' });
    const [identity] = await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.subject, 'city-0008'));
    await t.db.update(s.users).set({ disabled: true }).where(eq(s.users.id, identity!.userId));
    const later = sso.client();
    const { answer } = await ssoSignIn(later, { sub: 'city-0008', name: '서도윤' });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('사용이 중지된 계정입니다');
    expect(await signedInAs(later)).toBeUndefined();

    const gone = await createUser(t.db, { organisationId: defaultOrgId });
    await t.db.update(s.users).set({ email: 'gone@seoul.go.kr', disabled: true }).where(eq(s.users.id, gone.id));
    const third = sso.client();
    const refused = await ssoSignIn(third, { sub: 'city-0009', email: 'gone@seoul.go.kr', email_verified: true });
    expect(refused.answer.status).toBe(403);
    expect(await t.db.select().from(s.oidcIdentities).where(eq(s.oidcIdentities.userId, gone.id))).toHaveLength(0);
  });

  it('asks operators for their second factor after SSO, as after a password', async () => {
    const client = sso.client();
    const { answer } = await ssoSignIn(client, { sub: 'city-0010', name: '강운영', sws_roles: ['operator'] });
    expect(answer.location).toBe('/login/mfa/setup');
    expect(await signedInAs(client)).toBeUndefined();
  });
});

describe('LOCAL_PASSWORDS=off', () => {
  let ssoOnly: RunningApp;
  beforeAll(async () => {
    ssoOnly = await serveApp(
      t.database,
      t.clock,
      testConfig({
        publicUrl: PUBLIC_URL,
        localPasswords: false,
        oidc: {
          issuer: op.issuer,
          clientId: op.clientId,
          clientSecret: op.clientSecret,
          roleMap: parseRoleMap(undefined),
          defaultOrganisation: orgCode,
          allowHttp: true,
        },
      }),
    );
  });
  afterAll(() => ssoOnly.close());

  it('offers only the city account and refuses passwords on the form and the API', async () => {
    const user = await createUser(t.db);
    const client = ssoOnly.client();
    const page = await client.get('/login');
    expect(page.text).toContain('href="/login/sso"');
    expect(page.text).not.toContain('name="password"');
    const post = await client.post('/login', { username: user.username, password: PASSWORD });
    expect(post.status).toBe(403);
    expect(await signedInAs(client)).toBeUndefined();
    const api = await fetch(`${ssoOnly.baseUrl}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: PASSWORD, name: 'script' }),
    });
    expect(api.status).toBe(401);
  });
});
