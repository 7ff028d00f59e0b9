/// <reference lib="dom" />
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, DISPLAY_MODES, launchBrowser, openContext } from '../helpers/browser.js';

const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
let ids: { center: number; desk: number };
beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  const centers = (await (await fetch(`${t.baseUrl}/api/v1/centers`)).json()) as {
    data: { id: number; code: string }[];
  };
  const center = centers.data.find((c) => c.code === 'seoul-station')!.id;
  const desks = (await (await fetch(`${t.baseUrl}/api/v1/centers/${center}/desks`)).json()) as {
    data: { id: number; label: string }[];
  };
  ids = { center, desk: desks.data.find((d) => d.label === 'B-12')!.id };
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

const MODES = DISPLAY_MODES;
const ROLES = ['employee', 'manager', 'operator', 'admin'] as const;

function pagesFor(role: (typeof ROLES)[number] | 'anonymous'): string[] {
  const { center, desk } = ids;
  const everyone = [
    `/`,
    `/centers`,
    `/centers/${center}`,
    `/centers/${center}/history`,
    `/display/centers/${center}`,
    `/accessibility`,
    `/open-data`,
    `/api/docs`,
    `/preferences`,
  ];
  if (role === 'anonymous') return [...everyone, '/login'];
  const signedIn = [
    ...everyone,
    `/bookings`,
    `/bookings/new?desk=${desk}&date=2026-12-02`,
    `/profile`,
    `/profile/needs`,
    `/notifications`,
    `/absences`,
    `/simple`,
    `/simple/when?center=${center}`,
    `/simple/confirm?center=${center}&date=2026-12-02&part=afternoon`,
    `/checkin/${desk}`,
    `/schedules`,
    `/schedules/new`,
    `/team-calendar`,
    `/approvals`,
    `/profile/email`,
    `/dev/mail`,
  ];
  const operating = [
    `/operator`,
    `/operator/centers/${center}`,
    `/operator/centers/${center}/settings`,
    `/operator/centers/${center}/qr`,
  ];
  return role === 'operator' || role === 'admin' ? [...signedIn, ...operating] : signedIn;
}

const states = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

const contextFor = (
  role: (typeof ROLES)[number] | 'anonymous',
  lang: 'ko' | 'en',
  mode: keyof typeof MODES,
  width = 1280,
) => openContext(browser, t, states, role, lang, mode, width);

async function audit(context: BrowserContext, paths: readonly string[], label: string) {
  const page = await context.newPage();
  const failures: string[] = [];
  for (const path of paths) {
    const res = await page.goto(t.baseUrl + path);
    expect(res?.status(), `${label} ${path}`).toBeLessThan(400);
    const violations = await axeViolations(page);
    for (const v of violations)
      failures.push(`${label} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  await page.close();
  return failures;
}

describe.skipIf(availability.skip)(
  `every page, every mode, both languages, every role${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    for (const role of ['anonymous', ...ROLES] as const) {
      it(`has no axe violations for ${role}`, { timeout: 900_000 }, async () => {
        const failures: string[] = [];
        for (const lang of ['ko', 'en'] as const) {
          for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
            const context = await contextFor(role, lang, mode);
            failures.push(...(await audit(context, pagesFor(role), `${role}/${lang}/${mode}`)));
            await context.close();
          }
        }
        expect(failures).toEqual([]);
      });
    }

    it('reads at 200% and 400% zoom without sideways scrolling', async () => {
      for (const width of [640, 320]) {
        const context = await contextFor('employee', 'ko', 'default', width);
        const page = await context.newPage();
        for (const path of [
          '/centers',
          `/centers/${ids.center}`,
          `/bookings/new?desk=${ids.desk}&date=2026-12-02`,
          '/bookings',
          '/simple',
          '/',
          '/profile/email',
        ]) {
          await page.goto(t.baseUrl + path);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(0);
        }
        await context.close();
      }
    });

    it('books a desk from sign-in to confirmation with the keyboard alone', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const tabTo = async (match: (el: { tag: string; text: string; name: string | null }) => boolean, limit = 400) => {
        for (let i = 0; i < limit; i++) {
          await page.keyboard.press('Tab');
          const el = await page.evaluate(() => {
            const a = document.activeElement as HTMLElement | null;
            return {
              tag: a?.tagName ?? '',
              text: (a?.textContent ?? '').trim(),
              name: a?.getAttribute('name') ?? null,
            };
          });
          if (match(el)) return;
        }
        throw new Error('never reached the element by Tab');
      };
      await page.goto(`${t.baseUrl}/login`);
      await tabTo((e) => e.name === 'username');
      await page.keyboard.type('employee');
      await page.keyboard.press('Tab');
      await page.keyboard.type('smartwork-demo');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/centers$/);
      await tabTo((e) => e.tag === 'A' && e.text.startsWith('서울역 스마트워크센터'));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/centers\/\d+$/);
      await tabTo((e) => e.tag === 'A' && e.text === 'B-12 예약');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/bookings\/new/);
      await tabTo((e) => e.tag === 'BUTTON' && e.text.startsWith('오후'));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/bookings#booking-\d+/);
      expect(await page.getByRole('status').first().textContent()).toContain('예약했습니다');
      await context.close();
    });
  },
);
