/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/db/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser } from '../helpers/browser.js';

const availability = browserAvailability();
const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

async function checkPage(page: Page, name: string) {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

describe.skipIf(availability.skip)(
  `booking in a real browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('signs in by keyboard, books a desk, sees it, cancels it — with no axe violations on any page', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/`);
      await checkPage(page, 'home');

      await page.goto(`${t.baseUrl}/login`);
      await checkPage(page, 'login');
      await page.keyboard.press('Tab'); // skip link first
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('본문 바로가기');
      await page.getByLabel('아이디').fill('employee');
      await page.getByLabel('비밀번호').fill('wrong');
      await page.getByLabel('비밀번호').press('Enter');
      await page.waitForURL(/\/login$/);
      // The error summary takes focus so a screen reader announces it.
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      await checkPage(page, 'login-error');
      await page.getByLabel('비밀번호').fill('smartwork-demo');
      await page.getByLabel('비밀번호').press('Enter');
      await page.waitForURL(/\/centers$/);
      await checkPage(page, 'centers');

      await page.getByRole('link', { name: /서울역 스마트워크센터/ }).click();
      await page.waitForURL(/\/centers\/\d+/);
      await checkPage(page, 'center');

      await page.locator('a', { hasText: 'B-16 예약' }).click();
      await page.waitForURL(/\/bookings\/new/);
      await checkPage(page, 'booking-form');

      // A bad range first: the form comes back with the message at the field.
      await page.getByLabel('시작 시각').selectOption('15:00');
      await page.getByLabel('종료 시각').selectOption('14:00');
      await page.getByRole('button', { name: '이 시간으로 예약' }).click();
      expect(await page.locator('#end-error').textContent()).toContain('종료 시각은 시작 시각보다 늦어야 합니다');
      await checkPage(page, 'booking-form-error');

      await page.getByRole('button', { name: /오후/ }).click();
      await page.waitForURL(/\/bookings#booking-\d+/);
      expect(await page.getByRole('status').textContent()).toContain('예약했습니다');
      expect(await page.locator('.booking').first().textContent()).toContain('13:00–18:00');
      await checkPage(page, 'my-bookings');

      await page.getByRole('button', { name: /B-16 예약 취소/ }).click();
      await page.waitForURL(/\/bookings$/);
      expect(await page.getByRole('status').textContent()).toContain('예약을 취소했습니다');
      await checkPage(page, 'my-bookings-cancelled');
      await context.close();
    });

    it('has no axe violations in English, and works on a phone-sized screen', async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/centers?lang=en`);
      expect(await page.locator('h1').textContent()).toBe('Smart work centers');
      await checkPage(page, 'centers-en-phone');
      await page.getByRole('link', { name: /Gwanghwamun/ }).click();
      await checkPage(page, 'center-en-phone');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    });

    it('shows the profile with API tokens, the API docs and the open data pages without axe violations', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('아이디').fill('manager');
      await page.getByLabel('비밀번호').fill('smartwork-demo');
      await page.getByRole('button', { name: '로그인' }).click();
      await page.waitForURL(/\/centers$/);
      await page.goto(`${t.baseUrl}/profile`);
      await page.getByLabel('토큰 이름').fill('calendar sync');
      await page.getByRole('button', { name: '토큰 만들기' }).click();
      await page.waitForURL(/\/profile/);
      expect(await page.locator('code.token').textContent()).toMatch(/^sws_/);
      await checkPage(page, 'profile');
      await page.goto(`${t.baseUrl}/api/docs`);
      await checkPage(page, 'api-docs');
      await page.goto(`${t.baseUrl}/open-data?lang=en`);
      await checkPage(page, 'open-data-en');
      await context.close();
    });

    it('updates the operator board and the entrance display live when someone books, with no axe violations', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('아이디').fill('operator');
      await page.getByLabel('비밀번호').fill('smartwork-demo');
      await page.getByRole('button', { name: '로그인' }).click();
      await page.waitForURL(/\/centers$/);
      await page.goto(`${t.baseUrl}/operator`);
      await checkPage(page, 'operator-centers');
      await page.getByRole('link', { name: '서울역 스마트워크센터' }).click();
      await page.waitForURL(/\/operator\/centers\/\d+$/);
      await checkPage(page, 'operator-board');
      const centerId = Number(page.url().split('/').at(-1));
      const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /^B-15/ }) });
      expect(await row.locator('[data-field="state"]').textContent()).toBe('비어 있음');

      const display = await context.newPage();
      await display.goto(`${t.baseUrl}/display/centers/${centerId}`);
      await checkPage(display, 'display');
      const freeBefore = Number(await display.locator('[data-field="now.free"]').textContent());

      // Another person books B-07 from now on, through the API.
      await display.waitForFunction(
        () => (window as unknown as { smartWorkLive?: unknown }).smartWorkLive !== undefined,
      );
      const tokenRes = await fetch(`${t.baseUrl}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'employee', password: 'smartwork-demo', name: 'e2e' }),
      });
      const { token } = (await tokenRes.json()) as { token: string };
      const deskId = Number(await row.getAttribute('data-desk-row'));
      const booked = await fetch(`${t.baseUrl}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ deskId, start: '2026-12-01T09:00:00+09:00', end: '2026-12-01T12:00:00+09:00' }),
      });
      expect(booked.status).toBe(201);

      await row.locator('[data-field="state"]', { hasText: '예약됨' }).waitFor({ timeout: 3000 });
      expect(await row.locator('[data-field="who"]').textContent()).toContain('김민준');
      await display.locator('[data-field="now.free"]', { hasText: String(freeBefore - 1) }).waitFor({ timeout: 3000 });
      await checkPage(page, 'operator-board-updated');

      await page.goto(`${t.baseUrl}/centers/${centerId}/history`);
      await checkPage(page, 'history');
      await context.close();
    });
  },
);
