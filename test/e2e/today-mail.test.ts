/// <reference lib="dom" />
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { createBooking } from '../../src/bookings/service.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { deliverMail } from '../../src/mail/delivery.js';
import { MailRenderer, unsubscribeToken } from '../../src/mail/render.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { projectRoot } from '../../src/web/views.js';
import { startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { axeViolations, browserAvailability, DISPLAY_MODES, launchBrowser, openContext } from '../helpers/browser.js';

const availability = browserAvailability();
const config = testConfig();
let t: TestApp;
let browser: Browser;
let mailId: number;
const MODES = DISPLAY_MODES;
const ROLES = ['employee', 'manager', 'operator', 'admin'] as const;
const states = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

beforeAll(async () => {
  if (availability.skip) return;
  t = await startTestApp();
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  // The demo employee has a booking today (so the Today page shows check-in and the live count) and a mail.
  const { users } = await import('../../src/db/schema.js');
  const { eq } = await import('drizzle-orm');
  const [employee] = await t.db.select().from(users).where(eq(users.username, 'employee'));
  const centers = (await (await fetch(`${t.baseUrl}/api/v1/centers`)).json()) as {
    data: { id: number; code: string }[];
  };
  const center = centers.data.find((c) => c.code === 'seoul-station')!.id;
  const desks = (await (await fetch(`${t.baseUrl}/api/v1/centers/${center}/desks`)).json()) as {
    data: { id: number; label: string }[];
  };
  const me = (await findSessionUser(t.db, employee!.id))!;
  await createBooking({ db: t.db, clock: t.clock, events: new LocalBus(), needsKey: Buffer.alloc(32, 7) }, me, {
    deskId: desks.data.find((d) => d.label === 'B-12')!.id,
    date: '2026-12-01',
    start: 540,
    end: 720,
  }).catch(() => undefined);
  await deliverMail({
    db: t.db,
    clock: t.clock,
    renderer: new MailRenderer(projectRoot, { publicUrl: config.publicUrl, secret: config.sessionSecret }),
    transport: null,
    from: { name: 'Smart Work Seoul', address: config.mailFrom },
    publicUrl: config.publicUrl,
  });
  const { mailOutbox } = await import('../../src/db/schema.js');
  const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.userId, employee!.id));
  mailId = mail!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

const contextFor = (
  role: (typeof ROLES)[number] | 'anonymous',
  lang: 'ko' | 'en',
  mode: keyof typeof MODES,
  width = 1280,
) => openContext(browser, t, states, role, lang, mode, width);

describe.skipIf(availability.skip)(
  `Today, email settings, unsubscribe and the dev mailbox${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('has no axe violations in both languages and every display mode', async () => {
      const failures: string[] = [];
      for (const lang of ['ko', 'en'] as const) {
        for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
          for (const role of ['employee', 'anonymous'] as const) {
            const context = await contextFor(role, lang, mode);
            const page = await context.newPage();
            const paths =
              role === 'anonymous'
                ? [`/mail/unsubscribe/${unsubscribeToken(config.sessionSecret, mailId)}`]
                : ['/', '/profile/email', '/dev/mail', `/dev/mail/${mailId}`];
            for (const path of paths) {
              const res = await page.goto(t.baseUrl + path);
              expect(res?.status(), `${lang}/${mode} ${path}`).toBeLessThan(400);
              for (const v of await axeViolations(page))
                failures.push(
                  `${role}/${lang}/${mode} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
                );
            }
            await context.close();
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('shows check-in on the Today page and checks in without JavaScript', async () => {
      await (await contextFor('employee', 'ko', 'default')).close();
      const context = await browser.newContext({ javaScriptEnabled: false, storageState: states.get('employee') });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/`);
      await page
        .getByRole('button', { name: /체크인|Check in/ })
        .first()
        .click();
      await page.waitForURL(`${t.baseUrl}/`);
      expect(await page.getByRole('button', { name: /체크아웃|이용 종료|Check out/ }).count()).toBeGreaterThan(0);
      await context.close();
    });

    it('keeps the header from wrapping at 1280 px for every role in both languages', async () => {
      const failures: string[] = [];
      for (const role of ['anonymous', ...ROLES] as const) {
        for (const lang of ['ko', 'en'] as const) {
          const context = await contextFor(role, lang, 'default');
          const page = await context.newPage();
          await page.goto(`${t.baseUrl}/centers`);
          // Two rows by design: the brand and the tools on one line, every navigation link on the next.
          const rows = await page.evaluate(() => {
            const tops = (selector: string) =>
              new Set(
                [...document.querySelectorAll(selector)]
                  .filter((e) => (e as HTMLElement).offsetParent !== null)
                  .map((e) => Math.round(e.getBoundingClientRect().top / 24)),
              ).size;
            return { top: tops('.brand, .header-tools > *'), nav: tops('.site-nav li') };
          });
          if (rows.top !== 1 || rows.nav !== 1) failures.push(`${role}/${lang}: ${JSON.stringify(rows)}`);
          await context.close();
        }
      }
      expect(failures).toEqual([]);
    });

    it('fits a phone: no sideways scrolling on the Today and email pages', async () => {
      for (const width of [360, 320]) {
        const context = await contextFor('employee', 'ko', 'default', width);
        const page = await context.newPage();
        for (const path of ['/', '/profile/email']) {
          await page.goto(t.baseUrl + path);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(0);
        }
        await context.close();
      }
    });
  },
);
