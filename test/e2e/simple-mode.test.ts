/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signOut } from '../helpers/browser.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

/**
 * The simple mode as an older employee uses it: on a phone, in large text, chosen once in the
 * display settings. After that, signing in lands on it, and booking takes three steps. A refusal
 * is shown as an error with its reason, and the choice stays.
 */
const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
let username: string;
beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  username = (await createUser(t.db)).username;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

async function checkPage(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${label}: no sideways scrolling at phone width in large text`).toBeLessThanOrEqual(0);
  expect(await axeViolations(page), label).toEqual([]);
}

async function signIn(page: Page) {
  await page.goto(`${t.baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
}

describe.skipIf(availability.skip)(
  `simple mode on a phone in large text${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('lands people who chose it on it, books in three steps, and shows a refusal as an error', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await signIn(page);
      await page.waitForURL(/\/centers$/);

      // Chosen once, in the display settings: large text and the simple mode.
      await page.goto(`${t.baseUrl}/preferences`);
      await page.locator('#largeText').check();
      await page.locator('#simpleMode').check();
      await Promise.all([
        page.waitForURL(/\/(simple|preferences)$/),
        page.getByRole('button', { name: '저장' }).click(),
      ]);
      // Saved, the simple pages open; anything else is a failure worth reading, not a timeout.
      if (!page.url().endsWith('/simple'))
        throw new Error(
          `preferences not saved as expected: at ${page.url()}, ${JSON.stringify(await page.locator('h1, [role=alert], [role=status]').allTextContents())}, simpleMode checked: ${await page
            .locator('#simpleMode')
            .isChecked()
            .catch(() => 'n/a')}`,
        );

      // Signing in again goes straight to the simple pages.
      // Signing out ends on the welcome page; only then sign in again (no race with the sign-out).
      await signOut(page);
      await signIn(page);
      await page.waitForURL(/\/simple$/);
      const classes = await page.evaluate(() => document.documentElement.className);
      expect(classes).toContain('pref-simple');
      expect(classes).toContain('pref-large-text');
      await checkPage(page, 'step 1');

      // Step 1: where.
      await page.locator('.simple-choice').first().click();
      await page.waitForURL(/\/simple\/when\?center=\d+/);
      await checkPage(page, 'step 2');
      // Only choices that can still be booked: nothing before the part of today under way.
      const values = await page
        .locator('input[name="when"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v) => v >= '2026-12-01')).toBe(true);

      // Step 2: when.
      const chosen = values.at(-1)!;
      await page.locator(`input[name="when"][value="${chosen}"]`).check();
      await page.getByRole('button', { name: '다음' }).click();
      await page.waitForURL(/\/simple\/confirm/);
      await checkPage(page, 'step 3');

      // Step 3: confirm, and it is booked.
      await Promise.all([page.waitForURL(/\/bookings/), page.locator('#book-button').click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('예약했습니다');

      // The same day and part again: the person already holds a desk then. An error, with its reason, and the choice kept.
      await page.goto(`${t.baseUrl}/simple`);
      await page.locator('.simple-choice').first().click();
      await page.locator(`input[name="when"][value="${chosen}"]`).check();
      await page.getByRole('button', { name: '다음' }).click();
      await page.waitForURL(/\/simple\/confirm/);
      await Promise.all([page.waitForURL(/\/simple\/book$/), page.locator('#book-button').click()]);
      const alert = page.locator('.error-summary[role="alert"]');
      await expect.poll(() => alert.count()).toBeGreaterThan(0);
      expect((await alert.textContent())?.trim().length).toBeGreaterThan(10);
      expect(await page.locator('.notice-success').count()).toBe(0);
      expect(await page.locator('input[name="part"]').count()).toBeLessThanOrEqual(1);
      expect(await page.locator('.simple-summary').textContent()).toContain(chosen.slice(0, 4));
      await checkPage(page, 'refusal');
      await context.close();
    }, 240_000);
  },
);
