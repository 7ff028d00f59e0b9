// npm run bench: every benchmark in turn, each printing FIGURE lines with its baseline and ratio.
// Short and bounded (a 2-core machine shared with others): a few minutes in all. History needs
// its two databases seeded once first: npx tsx bench/seed-history.ts --demo && npx tsx bench/seed-history.ts
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { historyUrls } from './seed-history.js';

const root = path.resolve(import.meta.dirname, '..');
const run = (file: string, ...args: string[]) => {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
};
const hasHistory = async () => {
  const sql = postgres(historyUrls.large, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const [row] = await sql`select count(*)::int as n from bookings`;
    return (row?.n as number) >= 1_000_000;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
};

run('booking-vs-bare.ts', '16', '1200');
run('booking-profile.ts', '40');
if (await hasHistory()) run('history.ts', '10', '--explain');
else console.log('\n=== history.ts skipped: seed sws_perf_1k and sws_perf_1m first (see bench/seed-history.ts)');
run('startup.ts');
run('page-weight.ts');
run('day-view.ts', '16', '400');
run('booking-throughput.ts', '16', '8');
run('realtime-fanout.ts', '1000', '20');
