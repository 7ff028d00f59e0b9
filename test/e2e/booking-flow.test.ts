/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signInInBrowser, signOut } from '../helpers/browser.js';
import { createCenter } from '../helpers/factories.js';

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
      // Enter in the date field submits the times shown, never the first part-of-day preset.
      await page.locator('#date').press('Enter');
      await page.waitForURL(/\/bookings$/);
      expect(await page.locator('#end-error').textContent()).toContain('종료 시각은 시작 시각보다 늦어야 합니다');
      await checkPage(page, 'booking-form-error');

      await page.getByRole('button', { name: /오후/ }).click();
      await page.waitForURL(/\/bookings#booking-\d+/);
      expect(await page.getByRole('status').textContent()).toContain('예약했습니다');
      expect(await page.locator('.booking').first().textContent()).toContain('13:00–18:00');
      await checkPage(page, 'my-bookings');

      // Cancelling asks first ("Are you sure?"), then acts.
      await page.getByRole('link', { name: /B-16 예약 취소/ }).click();
      await page.waitForURL(/\/bookings\/\d+\/cancel$/);
      expect(await page.locator('h1').textContent()).toBe('이 예약을 취소할까요?');
      await checkPage(page, 'cancel-confirm');
      await page.getByRole('button', { name: '예약 취소', exact: true }).click();
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
      await signInInBrowser(page, t.baseUrl, 'manager', t.clock);
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
      // The operator signs in with the demo authenticator's code after the password.
      await signInInBrowser(page, t.baseUrl, 'operator', t.clock);
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
      await page.goto(`${t.baseUrl}/operator/centers/${centerId}/settings`);
      await checkPage(page, 'operator-settings');
      await page.goto(`${t.baseUrl}/operator/centers/${centerId}/qr`);
      await checkPage(page, 'operator-qr');
      await page.goto(`${t.baseUrl}/absences`);
      await checkPage(page, 'absences');
      await context.close();
    });

    it('checks in by desk code, books a repeating booking around a conflict, and is promoted from a waitlist', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const token = async (username: string) => {
        const r = await fetch(`${t.baseUrl}/api/v1/auth/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'smartwork-demo', name: 'e2e' }),
        });
        return ((await r.json()) as { token: string }).token;
      };
      const api = (tk: string, method: string, path: string, body?: unknown) =>
        fetch(`${t.baseUrl}/api/v1${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tk}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });

      // 1. 정하은 has 서울역 A-03 today from 09:00; it is 09:10: she scans the desk's code.
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('아이디').fill('jung.haeun');
      await page.getByLabel('비밀번호').fill('smartwork-demo');
      await page.getByRole('button', { name: '로그인' }).click();
      await page.waitForURL(/\/centers$/);
      const desks = (await (await fetch(`${t.baseUrl}/api/v1/centers`)).json()) as {
        data: { id: number; code: string }[];
      };
      const station = desks.data.find((c) => c.code === 'seoul-station')!;
      const list = (await (await fetch(`${t.baseUrl}/api/v1/centers/${station.id}/desks`)).json()) as {
        data: { id: number; label: string }[];
      };
      const a03 = list.data.find((d) => d.label === 'A-03')!;
      await page.goto(`${t.baseUrl}/checkin/${a03.id}`);
      await checkPage(page, 'checkin');
      await page.getByRole('button', { name: '체크인' }).click();
      await page.waitForURL(/\/bookings/);
      expect(await page.getByRole('status').first().textContent()).toContain('체크인했습니다');
      await signOut(page);

      // 2. 김민준 repeats B-13 on Tuesdays and Thursdays; 3 December is already taken by a colleague.
      const b13 = list.data.find((d) => d.label === 'B-13')!;
      expect(
        (
          await api(await token('manager'), 'POST', '/bookings', {
            deskId: b13.id,
            start: '2026-12-03T09:00:00+09:00',
            end: '2026-12-03T12:00:00+09:00',
          })
        ).status,
      ).toBe(201);
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('아이디').fill('employee');
      await page.getByLabel('비밀번호').fill('smartwork-demo');
      await page.getByRole('button', { name: '로그인' }).click();
      await page.waitForURL(/\/centers$/);
      await page.goto(`${t.baseUrl}/bookings/new?desk=${b13.id}&date=2026-12-02`);
      await page.getByLabel('시작 시각').selectOption('09:30');
      await page.getByLabel('종료 시각').selectOption('12:00');
      await page.getByText('반복 예약').click();
      await page.getByLabel('화', { exact: true }).check();
      await page.getByLabel('목', { exact: true }).check();
      await page.getByLabel('반복 종료일').fill('2026-12-10');
      await page.getByRole('button', { name: '이 시간으로 예약' }).click();
      await page.getByRole('heading', { name: '일부 날짜는 예약할 수 없습니다' }).waitFor();
      await checkPage(page, 'series-confirm');
      // From Wednesday 2 December: Thursday the 3rd is taken, the 8th and the 10th are free.
      await page.getByRole('button', { name: /빈 2일만 예약/ }).click();
      await page.waitForURL(/\/bookings$/);
      expect(await page.getByRole('status').first().textContent()).toContain('반복 예약 2건');
      expect(await page.getByRole('link', { name: /이후 반복 예약 모두 취소/ }).count()).toBeGreaterThan(0);

      // 3. A one-desk center is full; 김민준 joins its waitlist and gets the desk when it frees up.
      const small = await createCenter(t.db, { desks: 1 });
      const other = await token('staff02');
      const held = await api(other, 'POST', '/bookings', {
        deskId: small.desks[0]!.id,
        start: '2026-12-04T13:00:00+09:00',
        end: '2026-12-04T15:00:00+09:00',
      });
      const heldId = ((await held.json()) as { id: number }).id;
      await page.goto(`${t.baseUrl}/bookings/new?desk=${small.desks[0]!.id}&date=2026-12-04`);
      await page.getByLabel('시작 시각').selectOption('13:00');
      await page.getByLabel('종료 시각').selectOption('15:00');
      await page.getByRole('button', { name: '이 시간으로 예약' }).click();
      await page.getByRole('heading', { name: '대기 신청' }).waitFor();
      await checkPage(page, 'waitlist-offer');
      await page.getByRole('button', { name: /대기 신청$/ }).click();
      await page.waitForURL(/\/bookings#waitlist/);
      expect(await page.locator('#waitlist').textContent()).toContain('2026-12-04 13:00–15:00');
      expect((await api(other, 'DELETE', `/bookings/${heldId}`)).status).toBe(204);
      await page.goto(`${t.baseUrl}/notifications`);
      expect(await page.locator('main').textContent()).toContain('2026-12-04 13:00–15:00 좌석을 예약해 드렸습니다');
      await checkPage(page, 'notifications');
      await context.close();
    });
  },
);
