// Patches postgres.js 3.4.9's write scheduler, run by `npm install`/`npm ci` (postinstall).
//
// Upstream bug (porsager/postgres#1154, #1208; fixes proposed in #1168/#1176/#1209, unreleased):
// a small write is deferred with setImmediate; if the connection closes first, the timer still
// fires and calls socket.write on null — an uncaught TypeError that kills the process — and the
// teardown paths clear the timer without resetting it, so a reconnected connection never
// flushes again and its queries hang. Both were reproduced here by stopping PostgreSQL under
// load (test/faults). The patch guards nextWrite and resets the timer on teardown.
// It is idempotent and checks the exact lines it replaces, so a driver that changed is left
// alone (and the unit test test/unit/driver-patch.test.ts says so).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../node_modules/postgres/', import.meta.url));
const MARK = '/* smart-work-seoul: nextWrite guard */';
const edits = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    '    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n    if (socket) {',
  ],
  [
    "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    "    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n    socket.removeListener('data', data)",
  ],
];

let patched = 0;
for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const path = root + file;
  if (!existsSync(path)) continue;
  let text = readFileSync(path, 'utf8');
  if (text.includes(MARK)) continue;
  if (!edits.every(([from]) => text.includes(from))) {
    console.warn(`postgres driver patch: ${file} is not the expected version; left as it is`);
    continue;
  }
  for (const [from, to] of edits) text = text.replace(from, to);
  writeFileSync(path, text);
  patched++;
}
if (patched) console.log(`postgres driver patch: applied to ${patched} file(s)`);
