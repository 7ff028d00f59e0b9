/// <reference lib="dom" />
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, centers, desks, teams, users, zones } from '../../src/db/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signInInBrowser } from '../helpers/browser.js';

const availability = browserAvailability();
let t: TestApp;
let browser: Browser;
const states = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

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

async function contextFor(role: 'admin' | 'operator', lang: 'ko' | 'en') {
  let state = states.get(role);
  if (!state) {
    const first = await browser.newContext();
    await signInInBrowser(await first.newPage(), t.baseUrl, role, t.clock);
    state = await first.storageState();
    states.set(role, state);
    await first.close();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: state });
  await context.addCookies([{ name: 'lang', value: lang, domain: new URL(t.baseUrl).hostname, path: '/' }]);
  return context;
}

describe.skipIf(availability.skip)(
  `running the network in a browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('an administrator creates a center, adds a zone and bulk-adds desks', async () => {
      const context = await contextFor('admin', 'ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/admin/centers/new`);
      // A first try with a missing name: the error summary, focused, links to the field.
      await page.locator('#code').fill('mapo-browser');
      await page.locator('button[type=submit]').last().click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary a[href="#name"]').count()).toBe(1);
      await page.locator('#name').fill('마포 브라우저 센터');
      await page.locator('#nameEn').fill('Mapo Browser Center');
      await page.locator('#address').fill('서울특별시 마포구 월드컵북로 400');
      await page.locator('#addressEn').fill('400 World Cup buk-ro, Mapo-gu, Seoul');
      await page.locator('#district').fill('마포구');
      await page.locator('#districtEn').fill('Mapo-gu');
      await page.locator('#lat').fill('37.5663');
      await page.locator('#lng').fill('126.9019');
      await page.locator('#open-6').check();
      await page.locator('#opens-6').fill('10:00');
      await page.locator('#closes-6').fill('14:00');
      await page.locator('#stepFree').check();
      await page.locator('button[type=submit]').last().click();
      await page.waitForURL(/\/operator\/centers\/\d+\/space$/);
      await page.locator('#zoneCode').fill('A');
      await page.locator('#zoneName').fill('행정망 좌석');
      await page.locator('#zoneNameEn').fill('Government desks');
      await page.locator('form[action$="/space/zones"] button[type=submit]').click();
      await page.waitForSelector('text=A 구역을 추가했습니다.');
      await page.locator('#prefix').fill('A-');
      await page.locator('#start').fill('1');
      await page.locator('#count').fill('20');
      await page.locator('#feature-monitor').check();
      await page.locator('form[action$="/space/desks"] button[type=submit]').click();
      await page.waitForSelector('text=좌석 20개(A-01 … A-20)를 추가했습니다.');
      const [center] = await t.db.select().from(centers).where(eq(centers.code, 'mapo-browser'));
      const [zone] = await t.db.select().from(zones).where(eq(zones.centerId, center!.id));
      expect(await t.db.select().from(desks).where(eq(desks.zoneId, zone!.id))).toHaveLength(20);
      await context.close();
    });

    it('an operator retiring a desk that still has bookings is refused with the reason', async () => {
      const [station] = await t.db.select().from(centers).where(eq(centers.code, 'seoul-station'));
      const [zone] = await t.db.select().from(zones).where(eq(zones.centerId, station!.id));
      const [desk] = await t.db.select().from(desks).where(eq(desks.zoneId, zone!.id));
      const [person] = await t.db.select().from(users).where(eq(users.username, 'employee'));
      await t.db.insert(bookings).values({
        deskId: desk!.id,
        userId: person!.id,
        createdById: person!.id,
        startsAt: new Date('2026-12-09T09:00:00+09:00'),
        endsAt: new Date('2026-12-09T12:00:00+09:00'),
      });
      const context = await contextFor('operator', 'en');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/operator/centers/${station!.id}/space`);
      await page.locator(`a[href$="/space/desks/${desk!.id}/retire"]`).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary').textContent()).toContain('future bookings still hold it');
      expect(await page.locator('.error-summary').textContent()).toContain('2026-12-09 12:00');
      expect(await page.locator('button#confirm').count()).toBe(0);
      const [still] = await t.db.select().from(desks).where(eq(desks.id, desk!.id));
      expect(still!.active).toBe(true);
      await context.close();
    });

    it('axe finds nothing on every new page, in Korean and English', async () => {
      const [center] = await t.db.select().from(centers).where(eq(centers.code, 'seoul-station'));
      const [zone] = await t.db.select().from(zones).where(eq(zones.centerId, center!.id));
      const [desk] = await t.db.select().from(desks).where(eq(desks.zoneId, zone!.id));
      const [person] = await t.db.select().from(users).where(eq(users.username, 'employee'));
      const paths = [
        '/admin/centers',
        '/admin/centers/new',
        `/admin/centers/${center!.id}/edit`,
        `/operator/centers/${center!.id}/space`,
        `/operator/centers/${center!.id}/space/desks/${desk!.id}/retire`,
        `/operator/centers/${center!.id}/space/zones/${zone!.id}/retire`,
        '/admin/audit',
        '/admin/audit?from=2026-02-30',
        '/admin/people',
        '/admin/people/new',
        `/admin/people/${person!.id}/edit`,
        `/admin/people/${person!.id}/deactivate`,
        '/admin/people/import',
        `/operator/centers/${center!.id}/space/desks/${desk!.id}/edit`,
        `/operator/centers/${center!.id}/space/zones/${zone!.id}/edit`,
        '/admin/organisations',
        '/admin/organisations/new',
        `/admin/organisations/${person!.organisationId}/edit`,
        '/admin/teams/new',
        `/admin/teams/${(await t.db.select().from(teams))[0]!.id}/edit`,
      ];
      const failures: string[] = [];
      for (const lang of ['ko', 'en'] as const) {
        const context = await contextFor('admin', lang);
        const page = await context.newPage();
        for (const path of paths) {
          const res = await page.goto(t.baseUrl + path);
          expect(res?.status(), path).toBeLessThan(path.includes('2026-02-30') ? 500 : 400);
          for (const v of await axeViolations(page))
            failures.push(
              `${lang} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            );
        }
        // Forms with errors: the center form and the import with bad rows.
        await page.goto(`${t.baseUrl}/admin/centers/new`);
        await page.locator('#lat').fill('north');
        await page.locator('button[type=submit]').last().click();
        await page.waitForSelector('.error-summary');
        for (const v of await axeViolations(page))
          failures.push(`${lang} center form with errors: ${v.id} (${v.help})`);
        await page.goto(`${t.baseUrl}/admin/people/import`);
        await page.locator('#csv').fill('username,display_name,role,organisation_code\nx,,pilot,none');
        await page.locator('button[value=check]').click();
        await page.waitForSelector('.error-summary');
        for (const v of await axeViolations(page)) failures.push(`${lang} import with problems: ${v.id} (${v.help})`);
        await context.close();
      }
      expect(failures).toEqual([]);
    });
  },
);
