// Placing desks on a floor plan. Progressive enhancement: the page's form already holds a column
// and row field for every desk and saves without this script. Here the desks on the plan become
// movable: arrow keys move the focused desk one cell (Shift: five), a pointer drags it; both write
// the same fields, and a polite live region says where the desk now stands.
(() => {
  const editor = document.querySelector('[data-plan-editor]');
  if (!editor) return;
  const svg = editor.querySelector('svg');
  const form = editor.closest('form');
  const announcer = document.querySelector('[data-plan-announcer]');
  const cell = Number(editor.dataset.cell) || 60;
  const cols = form.querySelector('#cols');
  const rows = form.querySelector('#rows');
  const fill = (template, params) => template.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
  const size = () => ({
    cols: Math.max(1, Math.min(60, Number(cols.value) || 1)),
    rows: Math.max(1, Math.min(60, Number(rows.value) || 1)),
  });
  const fieldX = (id) => form.querySelector(`[data-desk-x="${id}"]`);
  const fieldY = (id) => form.querySelector(`[data-desk-y="${id}"]`);
  const desks = [...svg.querySelectorAll('[data-map-desk]')];
  const posOf = (el) => ({
    x: Number(fieldX(el.dataset.mapDesk).value) - 1,
    y: Number(fieldY(el.dataset.mapDesk).value) - 1,
  });
  const occupant = (x, y, except) => desks.find((d) => d !== except && posOf(d).x === x && posOf(d).y === y);

  function say(text) {
    if (!announcer) return;
    // Cleared first so that the same words twice are still read.
    announcer.textContent = '';
    setTimeout(() => {
      announcer.textContent = text;
    }, 30);
  }

  function draw(el) {
    const { x, y } = posOf(el);
    el.setAttribute('transform', `translate(${x * cell} ${y * cell})`);
    const label = el.dataset.label;
    el.setAttribute('aria-label', `${label}, ${fill(editor.dataset.positionTemplate, { col: x + 1, row: y + 1 })}`);
  }

  function resize() {
    const { cols: c, rows: r } = size();
    svg.setAttribute('viewBox', `0 0 ${c * cell} ${r * cell}`);
    const floor = svg.querySelector('.map-floor');
    const image = svg.querySelector('image');
    for (const el of [floor, image]) {
      if (!el) continue;
      el.setAttribute('width', String(c * cell));
      el.setAttribute('height', String(r * cell));
    }
    const grid = svg.querySelector('.map-grid');
    grid.replaceChildren();
    const line = (x1, y1, x2, y2) => {
      const l = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, String(v));
      grid.append(l);
    };
    for (let i = 1; i < c; i++) line(i * cell, 0, i * cell, r * cell);
    for (let j = 1; j < r; j++) line(0, j * cell, c * cell, j * cell);
  }

  /** Moves a desk to a cell if it is inside the plan and free; says what happened either way. */
  function moveTo(el, x, y) {
    const { cols: c, rows: r } = size();
    const label = el.dataset.label;
    if (x < 0 || y < 0 || x >= c || y >= r) {
      say(fill(editor.dataset.edgeTemplate, { desk: label }));
      return false;
    }
    const other = occupant(x, y, el);
    if (other) {
      say(fill(editor.dataset.takenTemplate, { desk: label, other: other.dataset.label }));
      return false;
    }
    fieldX(el.dataset.mapDesk).value = String(x + 1);
    fieldY(el.dataset.mapDesk).value = String(y + 1);
    draw(el);
    say(fill(editor.dataset.movedTemplate, { desk: label, col: x + 1, row: y + 1 }));
    return true;
  }

  svg.setAttribute('aria-describedby', 'plan-help');
  for (const el of desks) {
    el.setAttribute('role', 'button');
    el.setAttribute('aria-describedby', 'plan-help');
    draw(el);
    el.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 5 : 1;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      const { x, y } = posOf(el);
      moveTo(el, x + move[0], y + move[1]);
    });
    // Dragging with a mouse, pen or finger: the desk follows the pointer cell by cell.
    el.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      el.focus();
      el.setPointerCapture(e.pointerId);
      el.classList.add('is-dragging');
      const start = posOf(el);
      let moved = false;
      const at = (ev) => {
        const pt = svg.createSVGPoint();
        pt.x = ev.clientX;
        pt.y = ev.clientY;
        const p = pt.matrixTransform(svg.getScreenCTM().inverse());
        return { x: Math.floor(p.x / cell), y: Math.floor(p.y / cell) };
      };
      const onMove = (ev) => {
        const { x, y } = at(ev);
        const now = posOf(el);
        if (x === now.x && y === now.y) return;
        const { cols: c, rows: r } = size();
        if (x < 0 || y < 0 || x >= c || y >= r || occupant(x, y, el)) return;
        fieldX(el.dataset.mapDesk).value = String(x + 1);
        fieldY(el.dataset.mapDesk).value = String(y + 1);
        draw(el);
        moved = true;
      };
      const onUp = () => {
        el.classList.remove('is-dragging');
        el.removeEventListener('pointermove', onMove);
        el.removeEventListener('pointerup', onUp);
        el.removeEventListener('pointercancel', onUp);
        const now = posOf(el);
        if (moved && (now.x !== start.x || now.y !== start.y))
          say(fill(editor.dataset.movedTemplate, { desk: el.dataset.label, col: now.x + 1, row: now.y + 1 }));
      };
      el.addEventListener('pointermove', onMove);
      el.addEventListener('pointerup', onUp);
      el.addEventListener('pointercancel', onUp);
    });
    // A click that was a drag does not follow the link to the desk's fields.
    el.addEventListener('click', (e) => e.preventDefault());
  }
  // Typing in the fields moves the desks on the plan too.
  form.addEventListener('input', (e) => {
    const id = e.target.dataset?.deskX ?? e.target.dataset?.deskY;
    if (id) {
      const el = svg.querySelector(`[data-map-desk="${id}"]`);
      if (el) draw(el);
    }
    if (e.target === cols || e.target === rows) resize();
  });
})();
