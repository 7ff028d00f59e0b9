// Start-up: the first start on an empty PGlite data directory (create, migrate, seed, listen)
// against PGlite's own first open of an empty directory, measured in the same run; then a
// restart on the same data; then the idle resident memory of the running server.
//
//   npx tsx bench/startup.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer, figure, rssKb, startServer } from './server.js';

const root = path.resolve(import.meta.dirname, '..');
// PGlite alone: a fresh process that opens an empty directory (with btree_gist, as the app does) and closes it.
const bare = mkdtempSync(path.join(os.tmpdir(), 'sws-pglite-'));
const script = `
  const t0 = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const db = await PGlite.create({ dataDir: ${JSON.stringify(path.join(bare, 'pglite'))}, extensions: { btree_gist } });
  await db.query('select 1');
  await db.close();
  console.log(performance.now() - t0);`;
const p0 = performance.now();
const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
const pgliteProcessMs = performance.now() - p0;
const pgliteInsideMs = Number(r.stdout.trim());
rmSync(bare, { recursive: true, force: true });

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sws-start-'));
// npm start builds, then starts: both count, every time.
const buildMs = buildServer();
const first = await startServer({}, { dataDir, keepDataDir: true });
await first.stop();
const again = await startServer({}, { dataDir, keepDataDir: true });
await new Promise((res) => setTimeout(res, 3000));
const idle = rssKb(again.child.pid!) / 1024;
await again.stop();
rmSync(dataDir, { recursive: true, force: true });

console.log('# start-up on PGlite (process start → "running at")');
figure('PGlite first open of an empty dir (whole process)', pgliteProcessMs, 'ms');
figure('  of which inside PGlite.create + select 1', pgliteInsideMs, 'ms');
figure("  npm start's build (esbuild bundle)", buildMs, 'ms');
figure('first start, empty data dir (build + migrate + seed)', buildMs + first.startedMs, 'ms', {
  name: 'PGlite alone',
  value: pgliteProcessMs,
});
figure('restart on the same data (build + start)', buildMs + again.startedMs, 'ms', {
  name: 'PGlite alone',
  value: pgliteProcessMs,
});
figure('idle RSS after restart', idle, 'MiB');
