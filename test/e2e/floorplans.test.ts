/// <reference lib="dom" />
import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, centers, desks, users, zonePlans, zones } from '../../src/db/schema.js';
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
} from '../helpers/browser.js';

const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
const states = new Map<string, SignedInState>();

beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

const contextFor = (role: 'admin' | 'operator' | 'employee', lang: 'ko' | 'en', mode: DisplayMode = 'default') =>
  openContext(browser, t, states, role, lang, mode);

let centerId: number;
let zoneId: number;

describe.skipIf(availability.skip)(
  `floor plans in a browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('an administrator creates a center with a zone, bulk-adds desks and places one with the keyboard', async () => {
      const context = await contextFor('admin', 'ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/admin/centers/new`);
      await page.locator('#code').fill('mapo-plan');
      await page.locator('#name').fill('마포 배치도 센터');
      await page.locator('#nameEn').fill('Mapo Plan Center');
      await page.locator('#address').fill('서울특별시 마포구 월드컵북로 400');
      await page.locator('#addressEn').fill('400 World Cup buk-ro, Mapo-gu, Seoul');
      await page.locator('#district').fill('마포구');
      await page.locator('#districtEn').fill('Mapo-gu');
      await page.locator('#lat').fill('37.5663');
      await page.locator('#lng').fill('126.9019');
      await page.locator('#open-6').check();
      await page.locator('#opens-6').fill('10:00');
      await page.locator('#closes-6').fill('14:00');
      await page.locator('button[type=submit]').last().click();
      await page.waitForURL(/\/operator\/centers\/\d+\/space$/);
      await page.locator('#zoneCode').fill('A');
      await page.locator('#zoneName').fill('행정망 좌석');
      await page.locator('#zoneNameEn').fill('Government desks');
      await page.locator('form[action$="/space/zones"] button[type=submit]').click();
      await page.waitForSelector('text=A 구역을 추가했습니다.');
      await page.locator('#prefix').fill('A-');
      await page.locator('#count').fill('20');
      await page.locator('form[action$="/space/desks"] button[type=submit]').click();
      await page.waitForSelector('text=좌석 20개(A-01 … A-20)를 추가했습니다.');
      centerId = (await t.db.select({ id: centers.id }).from(centers).where(eq(centers.code, 'mapo-plan')))[0]!.id;
      zoneId = (await t.db.select({ id: zones.id }).from(zones).where(eq(zones.centerId, centerId)))[0]!.id;
      const [a01] = await t.db
        .select()
        .from(desks)
        .where(and(eq(desks.zoneId, zoneId), eq(desks.label, 'A-01')));

      await page.getByRole('link', { name: 'A 구역 배치도' }).click();
      await page.waitForURL(/\/plan$/);
      const tile = page.locator(`[data-map-desk="${a01!.id}"]`);
      await tile.focus();
      expect(await tile.getAttribute('role')).toBe('button');
      // A-02 stands to the right: the move is refused and said.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-plan-announcer]')?.textContent?.includes('A-02'));
      expect(await page.locator(`#x-${a01!.id}`).inputValue()).toBe('1');
      // Shift moves five cells: down to row 6 (below the other desks), then one to the right.
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() =>
        document.querySelector('[data-plan-announcer]')?.textContent?.includes('A-01: 2열 6행'),
      );
      expect(await page.locator(`#x-${a01!.id}`).inputValue()).toBe('2');
      expect(await page.locator(`#y-${a01!.id}`).inputValue()).toBe('6');
      expect(await tile.getAttribute('aria-label')).toBe('A-01, 2열 6행');
      expect(await tile.getAttribute('transform')).toBe('translate(60 300)');
      await page.getByRole('button', { name: '배치 저장' }).click();
      await page.waitForSelector('text=A 구역 배치도를 저장했습니다.');
      const [placed] = await t.db.select().from(desks).where(eq(desks.id, a01!.id));
      expect([placed!.planX, placed!.planY]).toEqual([1, 5]);
      // The other desks were saved where they stood.
      const all = await t.db.select().from(desks).where(eq(desks.zoneId, zoneId));
      expect(all.every((d) => d.planX !== null)).toBe(true);
      await context.close();
    });

    it('an employee books a desk from the map, and the map then says it is theirs', async () => {
      const context = await contextFor('employee', 'ko');
      const page = await context.newPage();
      // The center opens on Saturdays only: 2026-12-05.
      await page.goto(`${t.baseUrl}/centers/${centerId}?date=2026-12-05`);
      expect(await page.locator('.desk-list li').count()).toBe(20);
      await page.locator('[data-floor-map]').getByRole('link', { name: 'A-01, 예약 가능' }).click();
      await page.waitForURL(/\/bookings\/new/);
      expect(page.url()).toContain('date=2026-12-05');
      // A center made by the form books in parts of the day (its policy): the first part.
      await page.locator('button[name="preset"]').first().click();
      // Booked (My bookings at the booking) or refused (the form again, at /bookings): say which.
      await page.waitForURL(/\/bookings(#booking-\d+)?$/);
      if (!/#booking-\d+$/.test(page.url()))
        throw new Error(`not booked: ${await page.locator('.error-summary, [role=alert], h1').allTextContents()}`);
      const [me] = await t.db.select().from(users).where(eq(users.username, 'employee'));
      const [a01] = await t.db
        .select()
        .from(desks)
        .where(and(eq(desks.zoneId, zoneId), eq(desks.label, 'A-01')));
      const mine = await t.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.userId, me!.id), eq(bookings.deskId, a01!.id)));
      expect(mine).toHaveLength(1);
      await page.goto(`${t.baseUrl}/centers/${centerId}?date=2026-12-05`);
      expect(await page.locator('[data-floor-map]').getByRole('link', { name: 'A-01, 내 예약' }).count()).toBe(1);
      expect(await page.locator('[data-floor-map]').getByRole('link', { name: 'A-02, 예약 가능' }).count()).toBe(1);
      await context.close();
    });

    it('the operator board’s map changes with the table when a desk goes out of service elsewhere', async () => {
      const [station] = await t.db.select().from(centers).where(eq(centers.code, 'seoul-station'));
      const [zone] = await t.db.select().from(zones).where(eq(zones.centerId, station!.id));
      await t.db.insert(zonePlans).values({ zoneId: zone!.id, cols: 12, rows: 8 }).onConflictDoNothing();
      const [desk] = await t.db
        .select()
        .from(desks)
        .where(and(eq(desks.zoneId, zone!.id), eq(desks.outOfService, false)));
      const context = await contextFor('operator', 'en');
      const watcher = await context.newPage();
      await watcher.goto(`${t.baseUrl}/operator/centers/${station!.id}`);
      const tile = watcher.locator(`[data-map-desk="${desk!.id}"]`);
      expect(await tile.getAttribute('class')).not.toContain('state-out_of_service');
      await watcher.waitForFunction(
        () =>
          (window as unknown as { smartWorkLive?: { socket: { connected: boolean } } }).smartWorkLive?.socket.connected,
      );
      const actor = await context.newPage();
      await actor.goto(`${t.baseUrl}/operator/centers/${station!.id}`);
      await actor.locator(`#reason-${desk!.id}`).fill('Monitor broken');
      await actor.getByRole('button', { name: new RegExp(`${desk!.label}.*out of service`, 'i') }).click();
      await actor.waitForLoadState();
      await watcher.waitForFunction(
        (id) =>
          document.querySelector(`[data-map-desk="${id}"]`)?.getAttribute('class')?.includes('state-out_of_service'),
        desk!.id,
      );
      expect(await tile.getAttribute('aria-label')).toBe(`${desk!.label}, out of service`);
      expect(
        await watcher.locator(`[data-desk-row="${desk!.id}"] [data-field="state"]`).getAttribute('class'),
      ).toContain('state-out_of_service');
      await context.close();
    });

    it('axe finds nothing on the placement page, the employee map and the board map, in both languages and every mode', async () => {
      const [station] = await t.db.select().from(centers).where(eq(centers.code, 'seoul-station'));
      const pages: [role: 'admin' | 'employee', path: string][] = [
        ['admin', `/operator/centers/${centerId}/space/zones/${zoneId}/plan`],
        ['admin', `/operator/centers/${centerId}/space`],
        ['admin', `/operator/centers/${station!.id}`],
        ['employee', `/centers/${centerId}?date=2026-12-05`],
        ['employee', `/centers/${station!.id}`],
      ];
      const failures: string[] = [];
      for (const lang of ['ko', 'en'] as const)
        for (const mode of Object.keys(DISPLAY_MODES) as DisplayMode[])
          for (const role of ['admin', 'employee'] as const) {
            const context = await contextFor(role, lang, mode);
            const page = await context.newPage();
            for (const [who, path] of pages) {
              if (who !== role) continue;
              const res = await page.goto(t.baseUrl + path);
              expect(res?.status(), path).toBe(200);
              for (const v of await axeViolations(page))
                failures.push(
                  `${lang}/${mode} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
                );
            }
            if (role === 'admin' && mode === 'default') {
              // The placement form with errors.
              await page.goto(`${t.baseUrl}/operator/centers/${centerId}/space/zones/${zoneId}/plan`);
              await page.locator('#cols').fill('2');
              await page.locator('form[data-plan-form] button[type=submit]').click();
              await page.waitForSelector('.error-summary');
              for (const v of await axeViolations(page))
                failures.push(`${lang} placement with errors: ${v.id} (${v.help})`);
            }
            await context.close();
          }
      expect(failures).toEqual([]);
    }, 900_000);
  },
);
