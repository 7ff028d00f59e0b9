// The attendee picker: find colleagues of your own organisation by name or team and add their
// usernames to the attendees field. Enhancement only: without it, usernames are typed as before.
document.addEventListener('DOMContentLoaded', () => {
  const picker = document.querySelector('[data-colleague-picker]');
  const field = document.getElementById('attendees');
  if (!(picker instanceof HTMLElement) || !(field instanceof HTMLInputElement) || !window.fetch) return;
  const search = picker.querySelector('#colleague-search');
  const list = picker.querySelector('#colleague-options');
  const add = picker.querySelector('[data-add-colleague]');
  const status = picker.querySelector('[data-colleague-status]');
  if (!(search instanceof HTMLInputElement) || !list || !(add instanceof HTMLButtonElement)) return;
  picker.hidden = false;
  /** Options are shown as "Name · Team (username)"; the username is the part in the last brackets. */
  const usernameOf = (value) => /\(([^()]+)\)\s*$/.exec(value)?.[1]?.trim();
  let timer;
  let asked = '';
  search.addEventListener('input', () => {
    clearTimeout(timer);
    const q = search.value.trim();
    if (q.length < 2 || usernameOf(q)) return;
    timer = setTimeout(async () => {
      asked = q;
      const res = await fetch(`/colleagues?q=${encodeURIComponent(q)}`, { headers: { Accept: 'application/json' } });
      if (!res.ok || asked !== q) return;
      const { colleagues } = await res.json();
      list.replaceChildren(
        ...colleagues.map((c) => {
          const option = document.createElement('option');
          option.value = `${c.name}${c.team ? ` · ${c.team}` : ''} (${c.username})`;
          return option;
        }),
      );
    }, 200);
  });
  const addChosen = () => {
    const username = usernameOf(search.value) ?? search.value.trim();
    if (!username || /[\s,]/.test(username)) return;
    const current = field.value.split(/[\s,]+/).filter(Boolean);
    if (!current.includes(username)) current.push(username);
    field.value = current.join(', ');
    if (status) status.textContent = field.value;
    search.value = '';
    search.focus();
  };
  add.addEventListener('click', addChosen);
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addChosen();
    }
  });
});
