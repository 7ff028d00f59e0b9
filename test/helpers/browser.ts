/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { nextSecondFactor } from './http.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Browser tests need Debian's Chromium. Missing, they are skipped with the reason, except in CI where that is a failure. */
export function browserAvailability(): { skip: boolean; reason: string } {
  if (hasChromium) return { skip: false, reason: '' };
  if (process.env.CI === 'true')
    throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  return {
    skip: true,
    reason: `Chromium not found at ${CHROMIUM} (apt-get install -y chromium); browser tests skipped`,
  };
}

/**
 * How long one browser step (a click's navigation, a wait for a locator) may take. Playwright's
 * 30 s default was hit in CI, where two browsers, two app servers and PGlite test files share two
 * cores; the same steps take well under a second on a quiet machine.
 */
export const STEP_TIMEOUT_MS = 90_000;

export async function launchBrowser(): Promise<Browser> {
  const browser = await launch();
  // Every context any test opens gets the longer step budget.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args);
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    return context;
  };
  return browser;
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global put there by the line above
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    // A run that checked nothing would pass silently: make that a failure instead.
    if (result.passes.length === 0) throw new Error('axe-core checked no rule on this page');
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/**
 * Signs in on the login page like a person: the password, then, for someone with a second
 * factor (the demo operator and admin), the code their authenticator shows at the app's time.
 */
export async function signInInBrowser(
  page: Page,
  baseUrl: string,
  username: string,
  clock: { now(): Date },
  password = 'smartwork-demo',
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await arriveAt(page, /\/(centers|login\/mfa)$/, `${username} after the password`);
  if (page.url().endsWith('/login/mfa')) {
    await page.locator('#code').fill(nextSecondFactor(username, clock.now()));
    await page.locator('#code').press('Enter');
    await arriveAt(page, /\/centers$/, `${username} after the second factor`);
  }
}

/**
 * Waits for a navigation; when it does not come, says where the browser is and what the page
 * says (a refusal, a rate limit, an error page), so a failed run in CI can be read, not guessed.
 */
async function arriveAt(page: Page, url: RegExp, step: string): Promise<void> {
  try {
    await page.waitForURL(url, { timeout: 60_000 });
  } catch (err) {
    const said = await page
      .locator('[role=alert], .error-summary, h1')
      .allTextContents()
      .catch(() => []);
    throw new Error(
      `sign-in stuck (${step}): at ${page.url()}, page says ${JSON.stringify(said.map((s) => s.trim()))}; ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/**
 * Signs out with the header's button and waits for the home page it leads to: a next step that
 * starts at once (another sign-in, a goto) raced the sign-out under load and found the old session.
 */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: /^(로그아웃|Sign out)$/ }).click(),
  ]);
}

/** The display modes a person can choose, by the value of the `ui` cookie that turns each on. */
export const DISPLAY_MODES = { default: '', large: 'lt', contrast: 'hc', simple: 'sm' } as const;
export type DisplayMode = keyof typeof DISPLAY_MODES;
export type SignedInState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * The signed-in state of a demo username, from `states` or by signing in once — operators and
 * admins with their second factor — in a context of its own, kept in `states` for next time.
 */
export async function signedInState(
  browser: Browser,
  app: { baseUrl: string; clock: { now(): Date } },
  states: Map<string, SignedInState>,
  who: string,
): Promise<SignedInState> {
  let storageState = states.get(who);
  if (!storageState) {
    const first = await browser.newContext();
    await signInInBrowser(await first.newPage(), app.baseUrl, who, app.clock);
    storageState = await first.storageState();
    states.set(who, storageState);
    await first.close();
  }
  return storageState;
}

/**
 * A browser context for someone (a demo username, or 'anonymous') in a language and display mode.
 * Each person signs in once and every later context reuses that session from `states`, so an axe
 * sweep over modes does not sign in 8 times. `view` is a width (at a height of 900), or the
 * context's own options for a phone (viewport, isMobile, hasTouch…).
 */
export async function openContext(
  browser: Browser,
  app: { baseUrl: string; clock: { now(): Date } },
  states: Map<string, SignedInState>,
  who: string,
  lang: 'ko' | 'en',
  mode: DisplayMode,
  view: number | BrowserContextOptions = 1280,
): Promise<BrowserContext> {
  const storageState = who === 'anonymous' ? undefined : await signedInState(browser, app, states, who);
  const options = typeof view === 'number' ? { viewport: { width: view, height: 900 } } : view;
  const context = await browser.newContext({ ...options, storageState });
  const url = new URL(app.baseUrl);
  await context.addCookies([
    { name: 'lang', value: lang, domain: url.hostname, path: '/' },
    ...(DISPLAY_MODES[mode] ? [{ name: 'ui', value: DISPLAY_MODES[mode], domain: url.hostname, path: '/' }] : []),
  ]);
  return context;
}
