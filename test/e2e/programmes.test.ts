/// <reference lib="dom" />
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, browserAvailability, launchBrowser, signInInBrowser } from '../helpers/browser.js';

const availability = browserAvailability();
const MODES = { default: '', large: 'lt', contrast: 'hc', simple: 'sm' } as const;
type Who = 'admin' | 'employee' | 'manager';
let t: TestApp;
let browser: Browser;
const states = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>>();
// Filled by the journey below; the accessibility sweep uses the programme it made.
const made = { programme: 0, desk: 0, published: 0 };

beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  // The demo programme is published: its public results page is one of the pages swept.
  const [demo] = await t.db.select().from(s.programmes);
  made.published = demo!.id;
  browser = await launchBrowser();
  // Everyone signs in once like a person (the administrator with a second factor); later contexts reuse the session.
  for (const who of ['admin', 'employee', 'manager'] as const) {
    const first = await browser.newContext();
    await signInInBrowser(await first.newPage(), t.baseUrl, who, t.clock);
    states.set(who, await first.storageState());
    await first.close();
  }
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

async function contextFor(who: Who, lang: 'ko' | 'en', mode: keyof typeof MODES = 'default') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: states.get(who) });
  const host = new URL(t.baseUrl).hostname;
  await context.addCookies([
    { name: 'lang', value: lang, domain: host, path: '/' },
    ...(MODES[mode] ? [{ name: 'ui', value: MODES[mode], domain: host, path: '/' }] : []),
  ]);
  return context;
}

/** Books a desk through the normal booking form (a free-time center: start and end, then the button). */
async function bookThroughForm(page: Page, deskId: number, date: string) {
  await page.goto(`${t.baseUrl}/bookings/new?desk=${deskId}&date=${date}`);
  await page.locator('#start').selectOption('09:00');
  await page.locator('#end').selectOption('12:00');
  await page.getByRole('button', { name: '이 시간으로 예약' }).click();
}

describe.skipIf(availability.skip)(
  `pilot programmes in a browser${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('an administrator creates a programme with a reserved desk and a longer horizon', {
      timeout: 180_000,
    }, async () => {
      const [station] = await t.db.select().from(s.centers).where(eq(s.centers.code, 'seoul-station'));
      const context = await contextFor('admin', 'ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/admin/programmes`);
      await page.getByRole('link', { name: '시범사업 만들기' }).first().click();
      await page.waitForURL(/\/admin\/programmes\/new$/);
      // A first try without a name or a group: the summary links to each field, nothing is written.
      await page.getByRole('button', { name: '만들기', exact: true }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary a[href="#name"]').count()).toBe(1);
      expect(await page.locator('#name').getAttribute('aria-invalid')).toBe('true');
      expect(await t.db.select().from(s.programmes)).toHaveLength(1);

      await page.locator('#name').fill('서울역 부모 스마트워크 시범사업');
      await page.locator('#nameEn').fill('Seoul Station pilot for parents');
      await page.locator('#goal').fill('어린 자녀를 둔 직원이 집 가까이에서 일하는 날을 늘립니다.');
      await page.locator('#goalEn').fill('More days near home for parents of young children.');
      await page.locator('#endsOn').fill('2027-02-28');
      await page.locator('#group-parents').check();
      await page.locator(`#center-${station!.id}`).check();
      await page.locator('#extraHorizonDays').fill('21');
      await page.locator('#reservedDesksPerCenter').fill('1');
      await page.locator('#weeklyQuotaDays').fill('');
      await page.getByRole('button', { name: '만들기', exact: true }).click();
      await page.waitForURL(/\/admin\/programmes\/\d+$/);
      made.programme = Number(/\/admin\/programmes\/(\d+)$/.exec(page.url())![1]);
      expect(await page.locator('h1').textContent()).toBe('서울역 부모 스마트워크 시범사업');
      const facts = await page.locator('.facts').textContent();
      expect(facts).toContain('서울역 스마트워크센터 (사업용 좌석: ');
      expect(facts).toContain('21일 더 일찍 예약');

      const [row] = await t.db.select().from(s.programmes).where(eq(s.programmes.id, made.programme));
      expect(row).toMatchObject({ startsOn: '2026-12-01', endsOn: '2027-02-28', extraHorizonDays: 21 });
      const reserved = await t.db
        .select({ deskId: s.programmeDesks.deskId, zoneId: s.desks.zoneId })
        .from(s.programmeDesks)
        .innerJoin(s.desks, eq(s.desks.id, s.programmeDesks.deskId))
        .where(eq(s.programmeDesks.programmeId, made.programme));
      expect(reserved).toHaveLength(1);
      const [zone] = await t.db.select().from(s.zones).where(eq(s.zones.id, reserved[0]!.zoneId));
      expect(zone!.centerId).toBe(station!.id);
      made.desk = reserved[0]!.deskId;
      await context.close();
    });

    it('an employee applies declaring eligibility, and the administrator approves', { timeout: 180_000 }, async () => {
      expect(made.programme).toBeGreaterThan(0);
      const context = await contextFor('employee', 'ko');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/programmes`);
      await page.getByRole('link', { name: '서울역 부모 스마트워크 시범사업' }).click();
      await page.waitForURL(new RegExp(`/programmes/${made.programme}$`));
      // Applying without declaring is refused, tied to the checkboxes.
      await page.getByRole('button', { name: '신청', exact: true }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('#groups-error').textContent()).toContain('이 사업의 대상에 해당하는 항목');
      // The checkboxes' group carries the message, so a screen reader hears it on entering the group.
      expect(
        await page.getByRole('group', { name: /^해당하는 것을 모두 고르세요/ }).getAttribute('aria-describedby'),
      ).toBe('groups-error');
      await page.getByLabel('어린 자녀를 둔 부모').check();
      await page.getByRole('button', { name: '신청', exact: true }).click();
      await page.waitForURL(new RegExp(`/programmes/${made.programme}$`));
      expect(await page.locator('main').textContent()).toContain('신청함 (승인 대기)');

      const admin = await contextFor('admin', 'ko');
      const adminPage = await admin.newPage();
      await adminPage.goto(`${t.baseUrl}/admin/programmes/${made.programme}`);
      await adminPage.getByRole('button', { name: '김민준 님 승인' }).click();
      await adminPage.waitForURL(new RegExp(`/admin/programmes/${made.programme}$`));
      expect(await adminPage.locator('table[aria-labelledby="members-title"]').textContent()).toContain('참여 중');
      const [employee] = await t.db.select().from(s.users).where(eq(s.users.username, 'employee'));
      const [member] = await t.db
        .select()
        .from(s.programmeMembers)
        .where(and(eq(s.programmeMembers.programmeId, made.programme), eq(s.programmeMembers.userId, employee!.id)));
      expect(member).toMatchObject({ status: 'approved', approvedOn: '2026-12-01' });

      await page.reload();
      expect(await page.locator('main').textContent()).toContain('참여 중');
      await admin.close();
      await context.close();
    });

    it('the participant books the reserved desk beyond the normal horizon; a colleague is refused it', {
      timeout: 180_000,
    }, async () => {
      expect(made.desk).toBeGreaterThan(0);
      // 22 December is three weeks out: past the center's 14 days, within the programme's 14 + 21.
      const participant = await contextFor('employee', 'ko');
      const page = await participant.newPage();
      await bookThroughForm(page, made.desk, '2026-12-22');
      await page.waitForURL(/\/bookings#booking-\d+$/);
      const bookingId = Number(page.url().split('#booking-')[1]);
      const [booking] = await t.db.select().from(s.bookings).where(eq(s.bookings.id, bookingId));
      expect(booking).toMatchObject({ deskId: made.desk, startsAt: new Date('2026-12-22T00:00:00.000Z') });
      await participant.close();

      const colleague = await contextFor('manager', 'ko');
      const other = await colleague.newPage();
      await bookThroughForm(other, made.desk, '2026-12-03');
      const summary = other.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.textContent()).toContain('이 좌석은 시범사업 참여자용입니다');
      // The error style: a red family border, never green.
      const border = await summary.evaluate((el) => getComputedStyle(el).borderLeftColor);
      const [r, g] = (border.match(/\d+/g) ?? []).map(Number);
      expect(r!).toBeGreaterThan(g!);
      const [manager] = await t.db.select().from(s.users).where(eq(s.users.username, 'manager'));
      const theirs = await t.db
        .select()
        .from(s.bookings)
        .where(and(eq(s.bookings.deskId, made.desk), eq(s.bookings.userId, manager!.id)));
      expect(theirs).toEqual([]);
      await colleague.close();
    });

    it("the administrator's dashboard counts the participant", { timeout: 180_000 }, async () => {
      const context = await contextFor('admin', 'en');
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/admin/programmes/${made.programme}`);
      await page.getByRole('link', { name: 'Results dashboard' }).first().click();
      await page.waitForURL(new RegExp(`/admin/programmes/${made.programme}/dashboard$`));
      const row = page.locator('table[aria-labelledby="participation-title"] tbody tr', {
        has: page.locator('th', { hasText: 'Parents of young children' }),
      });
      expect(await row.locator('td').first().textContent()).toBe('1');
      const everyone = page.locator('table[aria-labelledby="participation-title"] tbody tr', {
        has: page.locator('th', { hasText: 'Everyone' }),
      });
      expect(await everyone.locator('td').first().textContent()).toBe('1');
      await context.close();
    });

    const adminPages = () => [
      '/programmes',
      `/programmes/${made.programme}`,
      '/programmes/results',
      `/programmes/results/${made.published}`,
      '/admin/programmes',
      '/admin/programmes/new',
      `/admin/programmes/${made.programme}`,
      `/admin/programmes/${made.programme}/dashboard`,
      `/admin/programmes/${made.programme}/report`,
      `/admin/programmes/${made.published}/dashboard`,
    ];
    for (const lang of ['ko', 'en'] as const) {
      it(`axe finds nothing on the programme pages in every display mode (${lang})`, { timeout: 480_000 }, async () => {
        expect(made.programme).toBeGreaterThan(0);
        const failures: string[] = [];
        const record = (where: string, list: Awaited<ReturnType<typeof axeViolations>>) => {
          for (const v of list)
            failures.push(`${where}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        };
        for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
          const admin = await contextFor('admin', lang, mode);
          const page = await admin.newPage();
          for (const path of adminPages()) {
            const res = await page.goto(t.baseUrl + path);
            expect(res?.status(), path).toBe(200);
            record(`${lang}/${mode} admin ${path}`, await axeViolations(page));
          }
          await admin.close();
          // The participant's own page: progress, surveys and withdrawing.
          const participant = await contextFor('employee', lang, mode);
          const own = await participant.newPage();
          await own.goto(`${t.baseUrl}/programmes/${made.programme}`);
          record(`${lang}/${mode} participant /programmes/${made.programme}`, await axeViolations(own));
          await participant.close();
        }
        // Forms showing their errors (default mode): the programme form, and a colleague applying without a declaration.
        const admin = await contextFor('admin', lang);
        const page = await admin.newPage();
        await page.goto(`${t.baseUrl}/admin/programmes/new`);
        await page.locator('#extraHorizonDays').fill('999');
        await page.locator('form[action="/admin/programmes"] button[type=submit]').click();
        await page.waitForSelector('.error-summary');
        record(`${lang} programme form with errors`, await axeViolations(page));
        await admin.close();
        const colleague = await contextFor('manager', lang);
        const apply = await colleague.newPage();
        await apply.goto(`${t.baseUrl}/programmes/${made.programme}`);
        await apply.locator(`form[action="/programmes/${made.programme}/apply"] button[type=submit]`).click();
        await apply.waitForSelector('.error-summary');
        record(`${lang} applying without a declaration`, await axeViolations(apply));
        await colleague.close();
        expect(failures).toEqual([]);
      });
    }
  },
);
