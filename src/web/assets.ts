import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { projectRoot } from './views.js';

/** A year: what "never changes" means to a browser for a URL that carries its content's hash. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

// The package exports only its modules, so the browser bundle is found beside its entry point.
export const simpleWebAuthnBrowser = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
  '..',
  'dist/bundle/index.umd.min.js',
);

/** The file behind a /static URL: public/, or the one vendored bundle served from its npm package. */
function fileOf(url: string): string | undefined {
  if (url === '/static/vendor/simplewebauthn-browser.js') return simpleWebAuthnBrowser;
  if (!url.startsWith('/static/')) return undefined;
  const file = path.join(projectRoot, 'public', url.slice('/static/'.length));
  return file.startsWith(path.join(projectRoot, 'public') + path.sep) ? file : undefined;
}

const hashes = new Map<string, { mtimeMs: number; hash: string; checkedAt: number }>();
/**
 * How long a file's hash is trusted before its time stamp is looked at again. Every page links
 * a dozen assets: a stat of each on every render was measurable on the day view, and an edited
 * file still shows within a second.
 */
const RECHECK_MS = 1000;

/** The first 10 hex digits of the SHA-256 of a static file, recomputed when the file changes. */
export function assetHash(url: string): string | undefined {
  const known = hashes.get(url);
  const now = Date.now();
  if (known && now - known.checkedAt < RECHECK_MS) return known.hash;
  const file = fileOf(url);
  if (!file) return undefined;
  try {
    const { mtimeMs } = statSync(file);
    if (known && known.mtimeMs === mtimeMs) {
      known.checkedAt = now;
      return known.hash;
    }
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
    hashes.set(url, { mtimeMs, hash, checkedAt: now });
    return hash;
  } catch {
    return undefined;
  }
}

/** `/static/css/app.css` → `/static/css/app.css?v=<content hash>`: views link assets through this. */
export function assetUrl(url: string): string {
  const hash = assetHash(url);
  return hash ? `${url}?v=${hash}` : url;
}

/**
 * Cache headers for /static: a URL whose `v` is the file's current hash never changes, so it is
 * cached for a year as immutable; anything else (an old hash, no hash) is revalidated every time.
 * express.static is then told not to set Cache-Control itself.
 */
export function staticCacheHeaders(): RequestHandler {
  return (req, res, next) => {
    const v = req.query.v;
    const url = `/static${req.path}`;
    res.setHeader('Cache-Control', typeof v === 'string' && v === assetHash(url) ? IMMUTABLE : 'no-cache');
    next();
  };
}
