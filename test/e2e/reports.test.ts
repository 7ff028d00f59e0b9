/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.js';
import { catchUpRollups } from '../../src/reports/rollup.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, DISPLAY_MODES, launchBrowser, openContext } from '../helpers/browser.js';

/** The utilisation report pages: axe finds nothing in both languages and every display mode. */
const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
let center: number;
beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  await catchUpRollups(t.db);
  const centers = (await (await fetch(`${t.baseUrl}/api/v1/centers`)).json()) as {
    data: { id: number; code: string }[];
  };
  center = centers.data.find((c) => c.code === 'seoul-station')!.id;
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

const MODES = DISPLAY_MODES;
const states = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

const contextFor = (role: 'operator' | 'admin', lang: 'ko' | 'en', mode: keyof typeof MODES, width = 1280) =>
  openContext(browser, t, states, role, lang, mode, width);

const range = 'from=2026-11-01&to=2026-12-31';
const PAGES = {
  operator: ['/operator/reports', `/operator/reports?${range}`],
  admin: [
    `/admin/reports?${range}`,
    `/admin/reports?center=${'{center}'}&${range}`,
    '/admin/reports?from=2026-02-30&to=2026-03-01',
  ],
};

describe.skipIf(availability.skip)(`the report pages${availability.reason ? ` (${availability.reason})` : ''}`, () => {
  for (const role of ['operator', 'admin'] as const)
    for (const lang of ['ko', 'en'] as const)
      it(`has no axe violations for ${role} in ${lang}, in every display mode`, { timeout: 900_000 }, async () => {
        const failures: string[] = [];
        for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
          const context = await contextFor(role, lang, mode);
          const page = await context.newPage();
          for (const raw of PAGES[role]) {
            const path = raw.replace('{center}', String(center));
            const res = await page.goto(t.baseUrl + path);
            expect([200, 422], path).toContain(res?.status());
            for (const v of await axeViolations(page))
              failures.push(
                `${role}/${lang}/${mode} ${path}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
              );
            if (process.env.REPORT_SCREENSHOTS && mode === 'default')
              writeFileSync(
                `${process.env.REPORT_SCREENSHOTS}/${role}-${lang}-${PAGES[role].indexOf(raw)}.png`,
                await page.screenshot({ fullPage: true }),
              );
          }
          await context.close();
        }
        expect(failures).toEqual([]);
      });

  it('shows each chart with its title and description, beside a table of the same figures', async () => {
    const context = await contextFor('admin', 'en', 'default');
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/admin/reports?center=${center}&${range}`);
    const charts = page.locator('svg.chart[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    for (const svg of await charts.all()) {
      expect(await svg.locator('title').count()).toBe(1);
      expect(await svg.locator('desc').count()).toBe(1);
      // The figure and its table sit together in one pair.
      expect(await svg.locator('xpath=ancestor::div[contains(@class,"report-pair")]//table').count()).toBe(1);
    }
    await context.close();
  });
});
