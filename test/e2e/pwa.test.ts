/// <reference lib="dom" />
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { createBooking } from '../../src/bookings/service.js';
import { parseRoleMap } from '../../src/config.js';
import { users } from '../../src/db/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  axeViolations,
  browserAvailability,
  CHROMIUM,
  DISPLAY_MODES,
  type DisplayMode,
  launchBrowser,
  openContext,
  type SignedInState,
  signInInBrowser,
  signOut,
} from '../helpers/browser.js';

// The installable app at phone width: "My bookings" readable offline and marked as a saved
// copy, nothing of a person kept after sign-out or for the next person, and QR check-in's
// desk-code fallback (Chromium on Linux has no BarcodeDetector, so the fallback is what shows).
const availability = browserAvailability();
const PHONE = { width: 390, height: 844 };
const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true };
const states = new Map<string, SignedInState>();
let t: TestApp;
let browser: Browser;
let deskId: number;

beforeAll(async () => {
  if (availability.skip) return;
  // SSO configured (towards a provider that is not there) so the login page and SSO error pages can be checked too.
  t = await startTestApp({
    oidc: {
      issuer: 'http://127.0.0.1:9',
      clientId: 'sws',
      clientSecret: 'secret',
      roleMap: parseRoleMap(undefined),
      allowHttp: true,
    },
  });
  await seedDemoData(t.db, t.clock, { withUsers: true, needsKey: Buffer.alloc(32, 7) });
  const [employee] = await t.db.select().from(users).where(eq(users.username, 'employee'));
  const centers = (await (await fetch(`${t.baseUrl}/api/v1/centers`)).json()) as {
    data: { id: number; code: string }[];
  };
  const center = centers.data.find((c) => c.code === 'seoul-station')!.id;
  const desks = (await (await fetch(`${t.baseUrl}/api/v1/centers/${center}/desks`)).json()) as {
    data: { id: number; label: string }[];
  };
  deskId = desks.data.find((d) => d.label === 'B-12')!.id;
  const me = (await findSessionUser(t.db, employee!.id))!;
  await createBooking({ db: t.db, clock: t.clock, events: new LocalBus(), needsKey: Buffer.alloc(32, 7) }, me, {
    deskId,
    date: '2026-12-02',
    start: 540,
    end: 720,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.destroy();
});

/** A phone with nobody signed in (the tests sign in on it when that is part of what they check). */
const phone = (lang: 'ko' | 'en' = 'ko', mode: DisplayMode = 'default'): Promise<BrowserContext> =>
  openContext(browser, t, states, 'anonymous', lang, mode, PHONE_CONTEXT);

/** Waits until the service worker controls the page, then loads it again through the worker. */
async function underServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await page.reload();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

const pageCaches = (page: Page) =>
  page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('sws-pages-')));

describe.skipIf(availability.skip)(
  `installable app and QR check-in${availability.reason ? ` (${availability.reason})` : ''}`,
  () => {
    it('serves a manifest with icons and a no-cache service worker for scope /', async () => {
      const home = await (await fetch(`${t.baseUrl}/`)).text();
      const manifestUrl = /<link rel="manifest" href="([^"]+)"/.exec(home)?.[1];
      expect(manifestUrl).toMatch(/^\/static\/manifest\.webmanifest\?v=[0-9a-f]{10}$/);
      const manifest = (await (await fetch(t.baseUrl + manifestUrl)).json()) as {
        start_url: string;
        display: string;
        icons: { src: string; sizes: string; purpose: string }[];
      };
      expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
      expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
        '192x192 any',
        '512x512 any',
        '512x512 maskable',
      ]);
      for (const icon of manifest.icons) {
        const res = await fetch(t.baseUrl + icon.src);
        expect(res.headers.get('content-type')).toBe('image/png');
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(bytes.readUInt32BE(16)).toBe(Number(icon.sizes.split('x')[0]));
      }
      const sw = await fetch(`${t.baseUrl}/sw.js`);
      expect(sw.headers.get('cache-control')).toBe('no-cache');
      expect(sw.headers.get('service-worker-allowed')).toBe('/');
      expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
      const source = await sw.text();
      // The precache list holds the fingerprinted URLs the pages link.
      const css = /href="(\/static\/css\/app\.css\?v=[0-9a-f]{10})"/.exec(home)?.[1];
      expect(source).toContain(JSON.stringify(css).slice(1, -1));
    });

    it('keeps My bookings readable offline at phone width, marked with when it was saved', async () => {
      const context = await phone();
      const page = await context.newPage();
      await signInInBrowser(page, t.baseUrl, 'employee', t.clock);
      await page.goto(`${t.baseUrl}/bookings`);
      await underServiceWorker(page);
      await expect.poll(() => pageCaches(page)).toHaveLength(1);
      await expect.poll(() => page.evaluate(async () => Boolean(await caches.match('/bookings')))).toBe(true);

      await context.setOffline(true);
      await page.reload();
      expect(await page.locator('main').textContent()).toContain('B-12');
      const note = page.locator('#offline-note');
      await expect.poll(() => note.isVisible()).toBe(true);
      expect(await note.textContent()).toContain('마지막 업데이트');
      expect(await note.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await note.locator('time').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(await axeViolations(page)).toEqual([]);

      // A page that is not kept gives the offline page, not a browser error.
      await page.goto(`${t.baseUrl}/centers`);
      expect(await page.locator('h1').textContent()).toBe('인터넷에 연결되어 있지 않습니다');

      // Online again: the live page, without the note.
      await context.setOffline(false);
      await page.goto(`${t.baseUrl}/bookings`);
      expect(await page.locator('#offline-note').isVisible()).toBe(false);

      // Signing out leaves no saved page behind (the worker is told; the server sends Clear-Site-Data).
      await signOut(page);
      expect(await pageCaches(page)).toEqual([]);
      expect(await page.evaluate(async () => Boolean(await caches.match('/bookings')))).toBe(false);
      await context.setOffline(true);
      const offline = await page.goto(`${t.baseUrl}/bookings`).catch(() => undefined);
      if (offline) expect(await page.locator('main').textContent()).not.toContain('B-12');
      await context.close();
    });

    it('never shows the previous person’s bookings to the next one on the same phone', async () => {
      const context = await phone();
      const page = await context.newPage();
      await signInInBrowser(page, t.baseUrl, 'employee', t.clock);
      await page.goto(`${t.baseUrl}/bookings`);
      await underServiceWorker(page);
      await expect.poll(() => pageCaches(page)).toHaveLength(1);
      const [first] = await pageCaches(page);
      // The session ends without a sign-out (it expired, or the cookie was cleared), and someone else signs in.
      await context.clearCookies();
      await context.addCookies([{ name: 'lang', value: 'ko', domain: new URL(t.baseUrl).hostname, path: '/' }]);
      await signInInBrowser(page, t.baseUrl, 'manager', t.clock);
      await page.goto(`${t.baseUrl}/bookings`);
      await expect.poll(() => pageCaches(page)).not.toContain(first);
      await context.setOffline(true);
      await page.reload();
      expect(await page.locator('main').textContent()).not.toContain('B-12');
      await context.close();
    });

    it('checks in with the desk code when the camera cannot scan (phone width)', async () => {
      const context = await phone();
      const page = await context.newPage();
      await signInInBrowser(page, t.baseUrl, 'employee', t.clock);
      await page.goto(`${t.baseUrl}/`);
      await page.getByRole('link', { name: 'QR로 체크인' }).click();
      await page.waitForURL(`${t.baseUrl}/checkin/scan`);
      // No BarcodeDetector here: no camera button, only the form.
      expect(await page.locator('[data-scan]').isHidden()).toBe(true);

      // Each answer is a new page: wait for it (reading at once raced the navigation under load).
      await page.getByLabel('좌석 코드').fill('B-12 please');
      await page.getByRole('button', { name: '좌석으로 가기' }).click();
      await expect.poll(() => page.locator('#code').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('.error-summary').textContent()).toContain('좌석 코드를 입력해 주세요');

      await page.getByLabel('좌석 코드').fill('999999');
      await page.getByRole('button', { name: '좌석으로 가기' }).click();
      await expect
        .poll(() => page.locator('.error-summary').textContent())
        .toContain('좌석 코드 999999인 좌석이 없습니다');

      // The address under the QR code, pasted whole, works as well as the number.
      await page.getByLabel('좌석 코드').fill(`https://smartwork.seoul.go.kr/checkin/${deskId}`);
      await page.getByRole('button', { name: '좌석으로 가기' }).click();
      await page.waitForURL(`${t.baseUrl}/checkin/${deskId}`);
      expect(await page.locator('h1').textContent()).toContain('B-12');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(PHONE.width);
      await context.close();
    });

    it('scans the desk’s QR code with the camera where the browser has BarcodeDetector', async () => {
      // Chromium's fake camera, and a BarcodeDetector that "sees" the codes the test puts in front of it
      // (Linux Chromium has none): what is tested is public/js/scan.js, not the browser's decoder.
      const camera = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      });
      try {
        const context = await camera.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
        await context.grantPermissions(['camera'], { origin: t.baseUrl });
        await context.addInitScript(() => {
          const seen: string[] = [];
          Object.assign(window, {
            seeQr: (value: string) => seen.push(value),
            BarcodeDetector: class {
              static async getSupportedFormats() {
                return ['qr_code'];
              }
              async detect() {
                const value = seen.shift();
                return value ? [{ rawValue: value, format: 'qr_code' }] : [];
              }
            },
          });
        });
        const page = await context.newPage();
        await signInInBrowser(page, t.baseUrl, 'employee', t.clock);
        await page.goto(`${t.baseUrl}/checkin/scan`);
        const start = page.getByRole('button', { name: '카메라로 찍기' });
        await start.waitFor();
        await start.click();
        await page.getByRole('button', { name: '카메라 끄기' }).waitFor();
        expect(await page.locator('[data-scan-status]').textContent()).toBe('카메라를 좌석의 QR 코드에 맞춰 주세요.');
        // A code from elsewhere is not followed.
        await page.evaluate(() =>
          (window as unknown as { seeQr(v: string): void }).seeQr('https://evil.example/login'),
        );
        await expect
          .poll(() => page.locator('[data-scan-status]').textContent())
          .toBe('스마트워크 서울 좌석의 QR 코드가 아닙니다. 좌석 코드를 입력해 주세요.');
        // The desk's own code opens its check-in page on this site, whatever host it was printed with.
        await page.evaluate(
          (id) =>
            (window as unknown as { seeQr(v: string): void }).seeQr(`https://smartwork.seoul.go.kr/checkin/${id}`),
          deskId,
        );
        await page.waitForURL(`${t.baseUrl}/checkin/${deskId}`);
        expect(await page.locator('h1').textContent()).toContain('B-12');
        await context.close();
      } finally {
        await camera.close();
      }
    });

    it('has no axe violations on the new pages, in both languages and every display mode', async () => {
      const failures: string[] = [];
      for (const lang of ['ko', 'en'] as const) {
        for (const mode of Object.keys(DISPLAY_MODES) as DisplayMode[]) {
          for (const who of ['anonymous', 'employee'] as const) {
            const context = await openContext(browser, t, states, who, lang, mode, PHONE_CONTEXT);
            const page = await context.newPage();
            const paths =
              who === 'anonymous'
                ? ['/login', '/login/sso', '/login/sso/callback?code=x&state=y', '/offline']
                : ['/checkin/scan', '/checkin/scan?code=abc', '/offline'];
            for (const path of paths) {
              await page.goto(t.baseUrl + path);
              for (const v of await axeViolations(page))
                failures.push(
                  `${who}/${lang}/${mode} ${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
                );
            }
            await context.close();
          }
        }
      }
      expect(failures).toEqual([]);
    }, 600_000);
  },
);
