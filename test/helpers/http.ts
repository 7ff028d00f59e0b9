/** A tiny browser stand-in over real HTTP: keeps cookies, follows nothing, and finds CSRF tokens in pages. */
export class HttpClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

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
    await this.get('/centers');
    return res;
  }
}
