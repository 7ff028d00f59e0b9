/*
 * Smart Work Seoul's service worker (served at /sw.js by src/web/pwa/routes.ts, which puts the
 * precache list and version in front of this file). What it keeps, and for whom:
 * - the fingerprinted CSS, JS and icons and the offline page, in sws-static-<version>;
 * - "Today" (/) and "My bookings" (/bookings) of the signed-in person only, in
 *   sws-pages-<key>, where <key> is the opaque per-person key the server sends in the
 *   X-SWS-Cache-Key header. A page of another person (another key), a signed-out page (no key)
 *   or a sign-out message deletes every saved page first, so the next person on the same phone
 *   never sees the previous one's bookings. Sign-out also answers Clear-Site-Data.
 * Pages are network first: a saved page is shown only offline, marked "last updated at …".
 */
/* global self, caches */
const VERSION = self.SWS_VERSION || 'dev';
const PRECACHE = self.SWS_PRECACHE || [];
const STATIC_CACHE = `sws-static-${VERSION}`;
const PAGES_PREFIX = 'sws-pages-';
const META_CACHE = 'sws-meta';
const CURRENT = '/__sws/current-person';
const SAVED = ['/', '/bookings'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll([...PRECACHE, '/offline']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('sws-static-') && n !== STATIC_CACHE).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function forgetPages() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_PREFIX)).map((n) => caches.delete(n)));
  const meta = await caches.open(META_CACHE);
  await meta.delete(CURRENT);
}

async function currentKey() {
  const meta = await caches.open(META_CACHE);
  const res = await meta.match(CURRENT);
  return res ? res.text() : undefined;
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'signout') event.waitUntil(forgetPages());
});

/** After a page came from the network: keep it if it is Today or My bookings of the person now signed in. */
async function remember(url, res) {
  if (res.type !== 'basic' || res.status !== 200) return;
  const key = res.headers.get('X-SWS-Cache-Key');
  if (!key || !/^[\w-]{16,64}$/.test(key)) {
    await forgetPages(); // signed out: nothing of anyone stays
    return;
  }
  if ((await currentKey()) !== key) {
    await forgetPages(); // someone else now: the previous person's pages go first
    const meta = await caches.open(META_CACHE);
    await meta.put(CURRENT, new Response(key));
  }
  if (!SAVED.includes(url.pathname) || url.search !== '') return;
  const headers = new Headers(res.headers);
  headers.set('X-SWS-Saved-At', new Date().toISOString());
  const body = await res.arrayBuffer();
  const cache = await caches.open(PAGES_PREFIX + key);
  await cache.put(url.pathname, new Response(body, { status: 200, headers }));
}

const seoulTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A saved page, with its "offline, last updated at …" note shown (the layout renders it hidden). */
async function marked(res) {
  const savedAt = new Date(res.headers.get('X-SWS-Saved-At') || Date.now());
  const html = (await res.text())
    .replace('<div id="offline-note" class="notice notice-warning" role="status" hidden>', '<div id="offline-note" class="notice notice-warning" role="status">')
    .replace('<time data-sws-saved-at></time>', `<time datetime="${savedAt.toISOString()}">${seoulTime.format(savedAt)}</time>`);
  return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

async function offline(url) {
  if (SAVED.includes(url.pathname)) {
    const key = await currentKey();
    const saved = key && (await (await caches.open(PAGES_PREFIX + key)).match(url.pathname));
    if (saved) return marked(saved);
  }
  const fallback = await caches.match('/offline', { cacheName: STATIC_CACHE });
  return fallback || Response.error();
}

async function navigate(request) {
  const url = new URL(request.url);
  let res;
  try {
    res = await fetch(request);
  } catch {
    return offline(url);
  }
  try {
    await remember(url, res.clone());
  } catch {
    // A full or unavailable cache never breaks the page itself.
  }
  return res;
}

async function staticAsset(request) {
  const hit = await caches.match(request, { cacheName: STATIC_CACHE });
  if (hit) return hit;
  const res = await fetch(request);
  // Only fingerprinted URLs (?v=<hash>) never change; anything else is not kept.
  if (res.ok && new URL(request.url).searchParams.has('v')) {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, res.clone());
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticAsset(request));
  }
});
