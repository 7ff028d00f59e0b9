// Page weight of the main pages, as sent: uncompressed, gzip and brotli (Accept-Encoding), plus
// the static assets they link and whether those are cached as immutable.
//
//   npx tsx bench/page-weight.ts
import http from 'node:http';
import { HttpClient } from '../test/helpers/http.js';
import { figure, startServer } from './server.js';

const server = await startServer();
const base = `http://127.0.0.1:${server.port}`;
const raw = (p: string, encoding: string, cookie = '') =>
  new Promise<{ bytes: number; encoding: string; cacheControl: string }>((resolve, reject) => {
    http
      .get(`${base}${p}`, { headers: { 'accept-encoding': encoding, accept: 'text/html', cookie } }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${p}: ${res.statusCode}`));
          resolve({
            bytes,
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
            cacheControl: String(res.headers['cache-control'] ?? ''),
          });
        });
      })
      .on('error', reject);
  });
try {
  const web = new HttpClient(base);
  await web.login('employee', 'smartwork-demo');
  const sid = web.cookie('sws.sid');
  if (!sid) throw new Error('no session cookie after sign-in');
  const cookie = `sws.sid=${sid}`;
  const home = await web.get('/centers');
  const assets = [...home.text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
  const pages = [
    '/',
    '/centers',
    '/centers/1',
    '/bookings',
    '/centers/1/history',
    '/api/v1/centers',
    '/api/v1/openapi.json',
  ];
  console.log('# page weight (bytes on the wire)');
  let total = { identity: 0, gzip: 0, br: 0 };
  for (const p of [...pages, ...assets]) {
    const c = p.startsWith('/api') || p.startsWith('/static') ? '' : cookie;
    const [i, g, b] = [await raw(p, 'identity', c), await raw(p, 'gzip', c), await raw(p, 'br', c)];
    total = { identity: total.identity + i.bytes, gzip: total.gzip + g.bytes, br: total.br + b.bytes };
    console.log(
      `${p.padEnd(48)} ${String(i.bytes).padStart(7)} B  gzip ${String(g.bytes).padStart(6)} B (${g.encoding})  br ${String(b.bytes).padStart(6)} B (${b.encoding})  ${p.startsWith('/static') ? b.cacheControl : ''}`,
    );
  }
  figure('main pages + assets, gzip', total.gzip / 1024, 'KiB', { name: 'uncompressed', value: total.identity / 1024 });
  figure('main pages + assets, brotli', total.br / 1024, 'KiB', { name: 'uncompressed', value: total.identity / 1024 });
} finally {
  await server.stop();
}
