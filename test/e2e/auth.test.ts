/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/mfa.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signOut } from '../helpers/browser.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

async function noViolations(page: Page, label: string) {
  const violations = await axeViolations(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function password(page: Page, username: string) {
  await page.goto(`${t.baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
}

const step = (n: number) => new Date(t.clock.now().getTime() + n * 30_000);

describe.skipIf(availability.skip)(
  `sign-in security in a real browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('enrols an authenticator app, then signs in with a code and with a recovery code', async () => {
      const user = await createUser(t.db);
      const page = await newPage();
      await password(page, user.username);
      await page.waitForURL(/\/centers$/);
      await page.goto(`${t.baseUrl}/profile/security`);
      await noViolations(page, 'security');
      await page.getByRole('link', { name: '인증 앱 등록' }).click();
      await page.waitForURL(/\/profile\/security\/totp$/);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      await noViolations(page, 'totp-setup');
      const secret = (await page.locator('#totp-secret').getAttribute('data-secret'))!;
      await page.locator('#code').fill('000000');
      await page.getByRole('button', { name: '등록' }).click();
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
      await noViolations(page, 'totp-setup-error');
      await page.locator('#code').fill(totpCode(secret, t.clock.now()));
      await page.getByRole('button', { name: '등록' }).click();
      await page.waitForURL(/\/recovery-codes$/);
      await noViolations(page, 'recovery-codes');
      const codes = await page.locator('.recovery-codes code').allTextContents();
      expect(codes).toHaveLength(10);
      await signOut(page);

      await password(page, user.username);
      await page.waitForURL(/\/login\/mfa$/);
      await noViolations(page, 'mfa');
      await page.locator('#code').fill('111111');
      await page.locator('#code').press('Enter');
      await expect.poll(() => page.locator('#code-error').count()).toBe(1);
      await noViolations(page, 'mfa-error');
      await page.locator('#code').fill(totpCode(secret, step(1)));
      await page.locator('#code').press('Enter');
      await page.waitForURL(/\/centers$/);
      await signOut(page);

      await password(page, user.username);
      await page.waitForURL(/\/login\/mfa$/);
      await page.locator('#code').fill(codes[0]!);
      await page.locator('#code').press('Enter');
      await page.waitForURL(/\/centers$/);
      await page.context().close();
    });

    it('sends an operator to enrolment right after the password, with no axe violations', async () => {
      const operator = await createUser(t.db, { role: 'operator' });
      const page = await newPage();
      await password(page, operator.username);
      await page.waitForURL(/\/login\/mfa\/setup$/);
      await noViolations(page, 'operator-enrolment');
      const secret = (await page.locator('#totp-secret').getAttribute('data-secret'))!;
      await page.locator('#code').fill(totpCode(secret, t.clock.now()));
      await page.locator('#code').press('Enter');
      await page.waitForURL(/\/recovery-codes$/);
      await page.getByRole('link', { name: '적어 두었습니다' }).click();
      await page.goto(`${t.baseUrl}/operator`);
      expect(page.url()).toMatch(/\/operator$/);
      await page.context().close();
    });

    it('ends another session from the sessions page', async () => {
      const user = await createUser(t.db);
      const [here, there] = [await newPage(), await newPage()];
      for (const p of [here, there]) {
        await password(p, user.username);
        await p.waitForURL(/\/centers$/);
      }
      await here.goto(`${t.baseUrl}/profile/sessions`);
      await noViolations(here, 'sessions');
      expect(await here.getByRole('row').count()).toBe(3);
      await here
        .getByRole('button', { name: /로그아웃시키기$/ })
        .first()
        .click();
      await here.waitForURL(/\/profile\/sessions$/);
      expect(await here.getByRole('status').first().textContent()).toContain('로그아웃시켰습니다');
      await there.goto(`${t.baseUrl}/bookings`);
      expect(there.url()).toMatch(/\/login$/);
      await here.goto(`${t.baseUrl}/bookings`);
      expect(here.url()).toMatch(/\/bookings$/);
      await here.context().close();
      await there.context().close();
    });

    it('has no axe violations on the re-authentication, admin and reset pages', async () => {
      const page = await newPage();
      const admin = await createUser(t.db, { role: 'admin' });
      await password(page, admin.username);
      await page.waitForURL(/\/login\/mfa\/setup$/);
      const secret = (await page.locator('#totp-secret').getAttribute('data-secret'))!;
      await page.locator('#code').fill(totpCode(secret, t.clock.now()));
      await page.locator('#code').press('Enter');
      await page.waitForURL(/\/recovery-codes$/);
      await page.goto(`${t.baseUrl}/reauth`);
      await noViolations(page, 'reauth');
      await page.goto(`${t.baseUrl}/admin/security`);
      await noViolations(page, 'admin-security');
      const someone = await createUser(t.db);
      await page.locator('#username').fill(someone.username);
      await page.getByRole('button', { name: '링크 만들기' }).click();
      await page.waitForURL(/\/admin\/security/);
      await noViolations(page, 'admin-security-link');
      const link = await page.locator('#reset-url').inputValue();
      const anon = await newPage();
      await anon.goto(link);
      await noViolations(anon, 'reset');
      await anon.locator('#password').fill('aaaaaaaaaaaa');
      await anon.locator('#confirm').fill('aaaaaaaaaaaa');
      await anon.getByRole('button', { name: '비밀번호 정하기' }).click();
      await expect.poll(() => anon.locator('#password-error').count()).toBe(1);
      await noViolations(anon, 'reset-error');
      await anon.locator('#password').fill('quiet harbour lanterns');
      await anon.locator('#confirm').fill('quiet harbour lanterns');
      await anon.getByRole('button', { name: '비밀번호 정하기' }).click();
      await anon.waitForURL(/\/login$/);
      await page.context().close();
      await anon.context().close();
    });

    it('adds a passkey with a virtual authenticator and signs in with it as the second factor', async () => {
      const user = await createUser(t.db);
      // WebAuthn needs a host name (not an IP address) as the relying party: localhost is one, and secure.
      const base = t.baseUrl.replace('127.0.0.1', 'localhost');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      await page.goto(`${base}/login`);
      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('#password').press('Enter');
      await page.waitForURL(/\/centers$/);
      await page.goto(`${base}/profile/security/passkeys/new`);
      await noViolations(page, 'passkey-new');
      await page.locator('#name').fill('테스트 노트북');
      await page.getByRole('button', { name: '패스키 만들기' }).click();
      await page.waitForURL(/\/profile\/security$/);
      expect(await page.locator('main').textContent()).toContain('테스트 노트북');
      await noViolations(page, 'security-with-passkey');
      await signOut(page);

      await page.goto(`${base}/login`);
      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('#password').press('Enter');
      await page.waitForURL(/\/login\/mfa$/);
      await noViolations(page, 'mfa-passkey');
      await page.getByRole('button', { name: '패스키로 확인' }).click();
      await page.waitForURL(/\/centers$/);
      await context.close();
    });
  },
);
