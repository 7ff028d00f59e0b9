/// <reference lib="dom" />
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  axeViolations,
  browserAvailability,
  DISPLAY_MODES,
  type DisplayMode,
  launchBrowser,
  openContext,
  type SignedInState,
  signedInState,
} from '../helpers/browser.js';

const availability = browserAvailability();
const PHONE = { width: 390, height: 844 };
let t: TestApp;
let browser: Browser;
let ids: { center: number; room: number };
const states = new Map<string, SignedInState>();

beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  const [center] = await t.db.select().from(s.centers).where(eq(s.centers.code, 'seoul-station'));
  const rooms = await t.db.select({ id: s.desks.id, kind: s.desks.kind, zoneId: s.desks.zoneId }).from(s.desks);
  const zones = await t.db.select().from(s.zones).where(eq(s.zones.centerId, center!.id));
  const room = rooms.find((r) => r.kind === 'meeting_room' && zones.some((z) => z.id === r.zoneId));
  ids = { center: center!.id, room: room!.id };
  browser = await launchBrowser();
  await signedInState(browser, t, states, 'employee');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

/** The employee, signed in once in beforeAll, on a phone-sized screen. */
const phone = (lang: 'ko' | 'en', mode: DisplayMode = 'default') =>
  openContext(browser, t, states, 'employee', lang, mode, { viewport: PHONE });

describe.skipIf(availability.skip)(
  `search across centers at phone width${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('searches every center for a quiet desk on a morning and books one from the results', {
      timeout: 180_000,
    }, async () => {
      const context = await phone('ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/`);
      await page.getByRole('link', { name: '좌석 찾기' }).click();
      await page.waitForURL(/\/search$/);
      await page.getByLabel('날짜').fill('2026-12-02');
      await page.getByLabel(/^오전/).check();
      await page.getByLabel('조용한 구역').check();
      await page.getByRole('button', { name: '찾기' }).click();
      await page.waitForURL(/\/search\?/);
      expect(await page.getByRole('status').first().textContent()).toMatch(/예약할 수 있는 센터는 \d+곳입니다/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The first result's first place: its link names the desk, the center and the time.
      const book = page.locator('.result .desk a.button').first();
      const label = await book.getAttribute('aria-label');
      expect(label).toMatch(/09:00–13:00/);
      await book.click();
      await page.waitForURL(/\/bookings\/new\?desk=\d+&date=2026-12-02&start=09:00&end=13:00/);
      const deskId = Number(new URL(page.url()).searchParams.get('desk'));
      // Desks here are booked in blocks: the morning chosen in the search is the one that stands out.
      const morning = page.getByRole('button', { name: /^오전/ });
      expect(await morning.getAttribute('class')).not.toContain('button-secondary');
      await morning.click();
      await page.waitForURL(/\/bookings#booking-\d+$/);
      const bookingId = Number(page.url().split('#booking-')[1]);
      const [row] = await t.db.select().from(s.bookings).where(eq(s.bookings.id, bookingId));
      expect(row).toMatchObject({ deskId, startsAt: new Date('2026-12-02T00:00:00.000Z') });
      await context.close();
    });

    it('stars a center, and the profile lists it; the colleague picker adds a colleague by name', {
      timeout: 180_000,
    }, async () => {
      const context = await phone('ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/centers/${ids.center}`);
      await page
        .getByRole('button', { name: /즐겨찾기에 넣기$/ })
        .first()
        .click();
      await page.waitForURL(new RegExp(`/centers/${ids.center}`));
      expect(await page.getByRole('button', { name: /즐겨찾기에서 빼기$/ }).count()).toBeGreaterThan(0);
      await page.goto(`${t.baseUrl}/profile`);
      expect(await page.locator('#favourites').textContent()).toContain('서울역');

      await page.goto(`${t.baseUrl}/bookings/new?desk=${ids.room}&date=2026-12-02`);
      const search = page.getByLabel('함께할 동료 찾기');
      await search.fill('이서');
      await page.waitForFunction(() => document.querySelectorAll('#colleague-options option').length > 0);
      const option = await page.locator('#colleague-options option').first().getAttribute('value');
      expect(option).toMatch(/이서연.*\(manager\)$/);
      await search.fill(option!);
      await page.getByRole('button', { name: '참석자에 더하기' }).click();
      expect(await page.locator('#attendees').inputValue()).toBe('manager');
      await context.close();
    });

    const pages = () => [
      '/search',
      '/search?date=2026-12-02&when=morning&kind=desk&feature=quiet&near=1',
      '/search?date=2026-12-02&when=range&start=14:00&end=16:00&kind=room',
      '/search?date=2020-01-01&when=range&start=16:00&end=10:00&feature=x',
      `/centers/${ids.center}`,
      '/profile',
      '/',
      `/bookings/new?desk=${ids.room}&date=2026-12-02`,
    ];
    for (const lang of ['ko', 'en'] as const) {
      for (const mode of Object.keys(DISPLAY_MODES) as DisplayMode[]) {
        it(`has no axe violations on the new pages (${lang}, ${mode})`, { timeout: 240_000 }, async () => {
          const failures: string[] = [];
          const context = await phone(lang, mode);
          const page = await context.newPage();
          for (const path of pages()) {
            const res = await page.goto(t.baseUrl + path);
            expect(res?.status(), path).toBeLessThan(path.includes('2020-01-01') ? 500 : 400);
            for (const v of await axeViolations(page))
              failures.push(
                `${lang}/${mode} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
              );
          }
          await context.close();
          expect(failures).toEqual([]);
        });
      }
    }
  },
);
