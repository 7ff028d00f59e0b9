// Live counts and the operator board over Socket.IO. Progressive enhancement: every number
// on the page is already right when it loads; this only keeps it right without reloading.
(() => {
  if (typeof window.io !== 'function') return;
  const centers = [
    ...new Set([...document.querySelectorAll('[data-live-center]')].map((el) => Number(el.dataset.liveCenter))),
  ];
  const boardEl = document.querySelector('[data-board]');
  const boardId = boardEl ? Number(boardEl.dataset.board) : undefined;
  const refreshRegions = [...document.querySelectorAll('[data-live-refresh]')];
  if (centers.length === 0 && boardId === undefined && refreshRegions.length === 0) return;

  // Versions are decimal strings of the database clock in microseconds: a longer string is later.
  const newer = (a, b) => b === undefined || a.length > b.length || (a.length === b.length && a > b);
  const seen = new Map();
  const fresh = (key, version) => {
    if (!newer(version, seen.get(key))) return false;
    seen.set(key, version);
    return true;
  };
  for (const el of document.querySelectorAll('[data-live-center][data-version]')) {
    seen.set(`c${el.dataset.liveCenter}`, el.dataset.version);
  }
  if (boardEl?.dataset.version) seen.set(`b${boardId}`, boardEl.dataset.version);

  const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? o : o[k]), obj);
  const setText = (el, text) => {
    const value = String(text);
    if (el.textContent === value) return;
    el.textContent = value;
    el.classList.remove('is-updated');
    void el.offsetWidth;
    el.classList.add('is-updated');
  };

  const announcer = document.querySelector('[data-live-announcer]');
  let lastAnnounced = 0;
  function announce(scope, state) {
    // Politely, at most every 10 seconds, and only on a page about one center.
    if (!announcer || centers.length !== 1 || Date.now() - lastAnnounced < 10_000) return;
    lastAnnounced = Date.now();
    announcer.textContent = `${scope.dataset.centerName ?? ''}: ${state.now.free} / ${state.capacity}`;
  }

  function applyCounts(state) {
    if (!state || !fresh(`c${state.centerId}`, state.version)) return;
    for (const scope of document.querySelectorAll(`[data-live-center="${state.centerId}"]`)) {
      const before = scope.querySelector('[data-field="now.free"]')?.textContent;
      for (const el of scope.querySelectorAll('[data-field]')) {
        const value = get(state, el.dataset.field);
        if (value !== undefined && typeof value !== 'object') setText(el, value);
      }
      for (const el of scope.querySelectorAll('[data-show-when-closed]')) el.hidden = state.openNow;
      for (const z of state.zones) {
        const el = scope.querySelector(`[data-zone-free="${z.zoneId}"]`);
        if (el) setText(el, z.free);
      }
      const svg = scope.querySelector('svg[data-plot-height]');
      if (svg) {
        const bottom = Number(svg.dataset.plotBottom);
        const height = Number(svg.dataset.plotHeight);
        const max = Math.max(1, Number(svg.dataset.max));
        for (const h of state.hourly) {
          const bar = svg.querySelector(`[data-bar="${h.hour}"]`);
          if (!bar) continue;
          const barHeight = (Math.min(h.booked, max) / max) * height;
          bar.setAttribute('height', barHeight.toFixed(1));
          bar.setAttribute('y', (bottom - barHeight).toFixed(1));
        }
      }
      if (before !== undefined && before !== String(state.now.free)) announce(scope, state);
    }
  }

  function applyBoard(board) {
    if (!board || !boardEl || board.centerId !== boardId) return;
    applyCounts(board.counts);
    if (!fresh(`b${board.centerId}`, board.version)) return;
    const labels = JSON.parse(boardEl.dataset.stateLabels || '{}');
    const alerts = JSON.parse(boardEl.dataset.alertTemplates || '{}');
    const en = boardEl.dataset.locale === 'en';
    const name = (p) => (en ? p.userNameEn : p.userName);
    for (const d of board.desks) {
      const row = boardEl.querySelector(`[data-desk-row="${d.id}"]`);
      if (!row) continue;
      const state = row.querySelector('[data-field="state"]');
      if (state) {
        state.className = `state state-${d.state}`;
        setText(state, labels[d.state] ?? d.state);
      }
      const who = row.querySelector('[data-field="who"]');
      if (who) setText(who, d.current ? `${name(d.current)} ${d.current.start}–${d.current.end}` : '');
      const next = row.querySelector('[data-field="next"]');
      if (next) setText(next, d.next.map((n) => `${n.start}–${n.end} ${name(n)}`).join(', '));
    }
    // The floor plan beside the table: the same states, each with its mark, pattern and name.
    const looksEl = boardEl.querySelector('[data-map-looks]');
    const looks = looksEl ? JSON.parse(looksEl.dataset.mapLooks || '{}') : {};
    for (const d of board.desks) {
      const tile = boardEl.querySelector(`[data-map-desk="${d.id}"]`);
      const state = d.state === 'no_show_pending' ? 'held' : d.state;
      const look = looks[state];
      if (!tile || !look) continue;
      tile.setAttribute('class', `map-desk state-${state}`);
      tile.setAttribute('aria-label', `${tile.dataset.label}, ${look.label}`);
      const glyph = tile.querySelector('[data-map-glyph]');
      if (glyph) glyph.textContent = look.glyph;
      const rect = tile.querySelector('.map-tile');
      const zone = tile.closest('[data-floor-map]')?.dataset.floorMap;
      if (look.pattern) rect.setAttribute('fill', `url(#hatch-${zone})`);
      else rect.removeAttribute('fill');
      if (look.dashed) rect.setAttribute('stroke-dasharray', '6 4');
      else rect.removeAttribute('stroke-dasharray');
    }
    const alertBox = boardEl.querySelector('[data-field="alerts"]');
    if (alertBox) {
      const items = board.alerts.map((a) =>
        plurals(alerts[a.kind] ?? a.kind, a).replace(/\{(\w+)\}/g, (_, k) => String(a[k] ?? '')),
      );
      const text = items.join('\n');
      if (alertBox.dataset.current !== text) {
        alertBox.dataset.current = text;
        alertBox.replaceChildren();
        if (items.length === 0) {
          const p = document.createElement('p');
          p.textContent = alerts.none ?? '';
          alertBox.append(p);
        } else {
          const ul = document.createElement('ul');
          ul.className = 'alerts';
          for (const item of items) {
            const li = document.createElement('li');
            li.textContent = item;
            ul.append(li);
          }
          alertBox.append(ul);
        }
      }
    }
  }

  const socket = window.io({ transports: ['websocket', 'polling'] });
  // On every (re)connection: subscribe again; the reply carries the current state first.
  socket.on('connect', () => {
    for (const id of centers) socket.emit('center:subscribe', id, (reply) => reply?.ok && applyCounts(reply.state));
    if (boardId !== undefined) socket.emit('board:subscribe', boardId, (reply) => reply?.ok && applyBoard(reply.state));
  });
  socket.on('center:counts', applyCounts);
  // A center page's floor maps and desk lists: on the same event, the regions are fetched again
  // from the server's page (at most every 2 seconds), keeping focus on the desk that had it.
  const mapRegions = document.querySelectorAll('[data-live-map]');
  let mapTimer;
  if (mapRegions.length && centers.length === 1)
    socket.on('center:counts', (state) => {
      if (state?.centerId !== centers[0] || mapTimer) return;
      mapTimer = setTimeout(async () => {
        mapTimer = undefined;
        const html = await (await fetch(location.href, { headers: { accept: 'text/html' } })).text();
        const page = new DOMParser().parseFromString(html, 'text/html');
        for (const region of document.querySelectorAll('[data-live-map]')) {
          const next = page.querySelector(`[data-live-map="${region.dataset.liveMap}"]`);
          if (!next || next.innerHTML === region.innerHTML) continue;
          const focused = region.contains(document.activeElement) && document.activeElement.dataset.mapDesk;
          region.innerHTML = next.innerHTML;
          if (focused) region.querySelector(`[data-map-desk="${focused}"]`)?.focus();
        }
      }, 2000);
    });
  // Something changed for me (a decision on my plan, a plan waiting for me): refresh just the
  // marked regions from the server's page, politely, without moving focus.
  socket.on('notification', async () => {
    if (refreshRegions.length === 0) return;
    const html = await (await fetch(location.href, { headers: { accept: 'text/html' } })).text();
    const fresh = new DOMParser().parseFromString(html, 'text/html');
    for (const region of refreshRegions) {
      const next = fresh.querySelector(`[data-live-refresh="${region.dataset.liveRefresh}"]`);
      if (next && next.innerHTML !== region.innerHTML) region.innerHTML = next.innerHTML;
    }
  });
  socket.on('board:update', applyBoard);
  window.smartWorkLive = { socket, applied: () => Object.fromEntries(seen) };

  const clock = document.querySelector('[data-clock]');
  if (clock) {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Seoul',
    });
    setInterval(() => {
      clock.textContent = fmt.format(new Date());
    }, 15_000);
  }
})();

/** Plural branches in a message ("{count, plural, one {# desk} other {# desks}}"), as the server picks them (src/i18n/index.ts). */
function plurals(template, params) {
  const rules = new Intl.PluralRules(document.documentElement.lang || 'ko');
  return template.replace(
    /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g,
    (whole, name, body) => {
      const n = Number(params[name]);
      if (!Number.isFinite(n)) return whole;
      const branches = new Map(
        [...body.matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g)].map((m) => [m[1], m[2]]),
      );
      return (branches.get(`=${n}`) ?? branches.get(rules.select(n)) ?? branches.get('other') ?? whole).replaceAll(
        '#',
        String(n),
      );
    },
  );
}
