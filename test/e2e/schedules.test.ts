/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signInInBrowser } from '../helpers/browser.js';

const availability = browserAvailability();
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

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The demo administrator answers a second factor, as a person would.
  await signInInBrowser(page, t.baseUrl, username, t.clock);
  return page;
}

async function noViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe.skipIf(availability.skip)(
  `flexible work in the browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('an employee submits a plan, the manager approves it, and the decision appears on the open page', async () => {
      const employee = await signIn('employee');
      await employee.goto(`${t.baseUrl}/schedules/new`);
      // The demo employee already has a plan waiting for 9–15 December: this one follows it (plans may not overlap).
      await employee.locator('#fromDate').fill('2026-12-16');
      await employee.locator('#toDate').fill('2026-12-22');
      await employee.locator('#place-3').selectOption('center');
      await employee.locator('#center-3').selectOption({ label: '서울역 스마트워크센터' });
      await employee.getByRole('button', { name: '규칙 확인' }).click();
      await employee.getByText('모든 규칙을 지킵니다.').waitFor();
      await noViolations(employee);
      await employee.getByRole('button', { name: '임시 저장' }).click();
      await employee.waitForURL(/\/schedules\/\d+$/);
      await employee.getByRole('button', { name: '제출' }).click();
      await employee.waitForURL(/\/schedules\/\d+$/);
      expect(await employee.locator('[data-live-refresh="plan"] .status').textContent()).toBe('승인 대기');
      await noViolations(employee);
      await employee.waitForFunction(
        () =>
          (window as unknown as { smartWorkLive?: { socket: { connected: boolean } } }).smartWorkLive?.socket
            .connected === true,
      );

      const manager = await signIn('manager');
      await manager.goto(`${t.baseUrl}/approvals`);
      await noViolations(manager);
      await manager.getByRole('button', { name: '승인', exact: true }).first().click();
      await manager.waitForURL(/\/approvals$/);

      // No reload on the employee's side: the status region updates by itself.
      await employee.waitForFunction(
        () => document.querySelector('[data-live-refresh="plan"] .status')?.textContent === '승인',
        undefined,
        { timeout: 5000 },
      );
      expect(await employee.locator('[data-live-refresh="plan"] .status').textContent()).toBe('승인');

      await manager.goto(`${t.baseUrl}/team-calendar?week=2026-12-16`);
      expect(await manager.locator('.team-calendar').textContent()).toContain('서울역 스마트워크센터');
      await noViolations(manager);
    });

    it('an administrator closes every center for a day; the form explains its errors and the pages stay accessible', async () => {
      const admin = await signIn('admin');
      await admin.goto(`${t.baseUrl}/admin/closures`);
      await noViolations(admin);
      await admin.locator('#startsOn').fill('2026-12-24');
      await admin.locator('#endsOn').fill('2026-12-23');
      await admin.getByRole('button', { name: '휴무일 추가' }).click();
      await admin.locator('.error-summary').waitFor();
      expect(await admin.locator('#endsOn').getAttribute('aria-invalid')).toBe('true');
      await noViolations(admin);
      await admin.locator('#endsOn').fill('2026-12-24');
      await admin.locator('#reason').fill('임시공휴일');
      await admin.locator('#reasonEn').fill('Temporary public holiday');
      await admin.getByRole('button', { name: '휴무일 추가' }).click();
      await admin.waitForURL(/\/admin\/closures$/);
      expect(await admin.locator('main table').textContent()).toContain('임시공휴일');

      const manager = await signIn('manager');
      await manager.goto(`${t.baseUrl}/team-calendar?week=2026-12-21`);
      const calendar = await manager.locator('.team-calendar').textContent();
      expect(calendar).toContain('임시공휴일');
      expect(calendar).toContain('성탄절');
      await noViolations(manager);
    });
  },
);
