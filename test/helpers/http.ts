import { totpCode } from '../../src/auth/mfa.js';
import { DEMO_TOTP_SECRET } from '../../src/demo/data.js';

interface Authenticator {
  secret: string;
  lastStep: number;
  recoveryCodes: string[];
}
/** What each test person's authenticator app holds, by username (shared by every client in a test file). */
const authenticators = new Map<string, Authenticator>();
for (const demo of ['operator', 'admin'])
  authenticators.set(demo, { secret: DEMO_TOTP_SECRET, lastStep: 0, recoveryCodes: [] });

export function rememberAuthenticator(username: string, secret: string, recoveryCodes: string[] = []) {
  authenticators.set(username.trim().toLowerCase(), { secret, lastStep: 0, recoveryCodes });
}

/**
 * The next code the app will accept for this person at `now`: a fresh TOTP step within the
 * accepted window (one step either side), else one of their recovery codes.
 */
export function nextSecondFactor(username: string, now: Date): string {
  const a = authenticators.get(username.trim().toLowerCase());
  if (!a) throw new Error(`no authenticator known for ${username}`);
  const step = Math.floor(now.getTime() / 30_000);
  for (const candidate of [step - 1, step, step + 1]) {
    if (candidate > a.lastStep) {
      a.lastStep = candidate;
      return totpCode(a.secret, new Date(candidate * 30_000));
    }
  }
  const code = a.recoveryCodes.shift();
  if (!code) throw new Error(`no code left for ${username} at this clock time`);
  return code;
}

/** A tiny browser stand-in over real HTTP: keeps cookies, follows nothing, and finds CSRF tokens in pages. */
export class HttpClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    /** The app's clock, for second-factor codes. */
    readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private remember(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), accept: 'text/html', ...init.headers },
      body: init.body,
    });
    this.remember(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Posts a form with the last CSRF token seen (unless the form gives its own _csrf). */
  post(path: string, form: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrfToken ?? '', ...form }).toString();
    return this.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async login(username: string, password: string) {
    await this.get('/login');
    const res = await this.post('/login', { username, password });
    if (res.status !== 303) throw new Error(`login as ${username} failed with ${res.status}`);
    if (res.location === '/login/mfa/setup') {
      // Operators and administrators enrol an authenticator at their first sign-in.
      const page = await this.get('/login/mfa/setup');
      const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)?.[1];
      if (!secret) throw new Error('no TOTP secret on the enrolment page');
      rememberAuthenticator(username, secret);
      const done = await this.post('/login/mfa/setup', { code: nextSecondFactor(username, this.clock.now()) });
      if (done.status !== 303) throw new Error(`TOTP enrolment of ${username} failed with ${done.status}`);
      const codes = await this.get(done.location!);
      const recovery = [...codes.text.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
      authenticators.get(username.trim().toLowerCase())!.recoveryCodes.push(...recovery);
    } else if (res.location === '/login/mfa') {
      await this.get('/login/mfa');
      const done = await this.post('/login/mfa', { code: nextSecondFactor(username, this.clock.now()) });
      if (done.status !== 303) throw new Error(`second factor of ${username} failed with ${done.status}`);
    }
    await this.get('/centers');
    return res;
  }
}
