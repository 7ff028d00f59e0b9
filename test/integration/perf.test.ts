import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** The raw answer, undecoded: what went over the wire. */
function raw(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; text: string }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode!, headers: res.headers, bytes: body.length, text: body.toString('utf8') });
          });
        })
        .on('error', reject);
    },
  );
}

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('compression, fingerprinted assets and /metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ metricsToken: TOKEN });
  });
  afterAll(() => app.destroy());

  it('compresses HTML and JSON with brotli or gzip, as the client asks', async () => {
    const plain = await raw(`${app.baseUrl}/centers`, { 'accept-encoding': 'identity' });
    const br = await raw(`${app.baseUrl}/centers`, { 'accept-encoding': 'br, gzip' });
    const gz = await raw(`${app.baseUrl}/api/v1/openapi.json`, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.bytes).toBeLessThan(plain.bytes / 2);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
  });

  it('links static assets by content hash and caches those URLs for a year, the rest not at all', async () => {
    const page = await raw(`${app.baseUrl}/centers`);
    const css = /href="(\/static\/css\/app\.css\?v=[0-9a-f]{10})"/.exec(page.text)?.[1];
    const js = /src="(\/static\/js\/app\.js\?v=[0-9a-f]{10})"/.exec(page.text)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();
    const cached = await raw(app.baseUrl + css!, { 'accept-encoding': 'gzip' });
    expect(cached.status).toBe(200);
    expect(cached.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(cached.headers['content-encoding']).toBe('gzip');
    const stale = await raw(`${app.baseUrl}/static/css/app.css?v=0000000000`);
    expect(stale.headers['cache-control']).toBe('no-cache');
    // Still no inline script: the CSP allows scripts from 'self' only.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves Prometheus metrics to the bearer of the token, and to no one else', async () => {
    await raw(`${app.baseUrl}/api/v1/centers`);
    expect((await raw(`${app.baseUrl}/metrics`)).status).toBe(401);
    expect((await raw(`${app.baseUrl}/metrics`, { authorization: 'Bearer wrong-token-wrong-token-0000' })).status).toBe(
      401,
    );
    const m = await raw(`${app.baseUrl}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(m.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/centers",status="200"\} \d+/);
    expect(m.text).toContain('http_request_duration_seconds_bucket');
    expect(m.text).toMatch(/sws_sockets_connected \d+/);
    expect(m.text).toMatch(/sws_outbox_pending \d+/);
    expect(m.text).toContain('process_resident_memory_bytes');
  });

  it('has no /metrics without a token', async () => {
    const other = await startTestApp();
    try {
      expect((await raw(`${other.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await other.destroy();
    }
  });
});
