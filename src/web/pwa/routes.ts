import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type RequestHandler, Router } from 'express';
import type { Config } from '../../config.js';
import { assetUrl } from '../assets.js';
import { projectRoot } from '../views.js';

/** What the service worker keeps from install on: the fingerprinted files every page links, and the icons. */
export const PRECACHED_ASSETS = [
  '/static/css/app.css',
  '/static/js/app.js',
  '/static/js/pwa.js',
  '/static/manifest.webmanifest',
  '/static/icons/icon-192.png',
  '/static/icons/icon-512.png',
  '/static/icons/maskable-512.png',
];

const SW_FILE = path.join(projectRoot, 'public', 'sw.js');
let built: { mtimeMs: number; list: string; body: string } | undefined;

/**
 * public/sw.js with its precache list (the current fingerprinted URLs) and a version in front:
 * when any file changes, the worker's bytes change, so browsers install the new one and drop
 * the old static cache. Rebuilt when sw.js or a listed asset changes (assetUrl hashes by mtime).
 */
function serviceWorkerSource(): string {
  const { mtimeMs } = statSync(SW_FILE);
  const urls = PRECACHED_ASSETS.map(assetUrl);
  const list = JSON.stringify(urls);
  if (built && built.mtimeMs === mtimeMs && built.list === list) return built.body;
  const source = readFileSync(SW_FILE, 'utf8');
  const version = createHash('sha256').update(list).update(source).digest('hex').slice(0, 12);
  const body = `self.SWS_VERSION = ${JSON.stringify(version)};\nself.SWS_PRECACHE = ${list};\n${source}`;
  built = { mtimeMs, list, body };
  return body;
}

/**
 * The opaque key under which the service worker keeps one person's pages: an HMAC of their id,
 * so the header tells nothing about who they are, and differs for every person.
 */
export function personCacheKey(secret: string, userId: number): string {
  return createHmac('sha256', secret).update(`sw-cache:${userId}`).digest('base64url').slice(0, 32);
}

/** On pages of a signed-in person, the X-SWS-Cache-Key header (see public/sw.js). */
export function personCacheKeyHeader(config: Pick<Config, 'sessionSecret'>): RequestHandler {
  return (req, res, next) => {
    if (req.user && req.method === 'GET')
      res.setHeader('X-SWS-Cache-Key', personCacheKey(config.sessionSecret, req.user.id));
    next();
  };
}

/** The service worker at /sw.js (scope /), before any session: it is the same for everyone. */
export function serviceWorkerRouter(): Router {
  const router = Router();
  router.get('/sw.js', (_req, res) => {
    res
      .set({
        'Content-Type': 'text/javascript; charset=utf-8',
        // Browsers check for a new worker at every navigation; no-cache makes the check real.
        'Cache-Control': 'no-cache',
        'Service-Worker-Allowed': '/',
      })
      .send(serviceWorkerSource());
  });
  return router;
}

/** The offline page the worker keeps: nobody's data, whoever's session fetched it. */
export function offlineRouter(): Router {
  const router = Router();
  router.get('/offline', (req, res) => {
    res.locals.user = undefined;
    res.locals.userName = undefined;
    res.locals.unreadCount = undefined;
    res.locals.csrfToken = undefined;
    res.set('Cache-Control', 'no-cache').render('pwa/offline', { title: req.t('pwa.offlineTitle') });
  });
  return router;
}
