// Utilisation reports at scale: the monthly network report and one center's year report, read from the
// rollups on the 1M-booking database (bench/seed-history.ts). Prints the time the rollup job takes to
// catch up on the seeded history (first run only), the median of each report (service, then the page's
// tables and the XLSX), and the plan of every query each report runs — EXPLAIN (ANALYZE, BUFFERS) through
// auto_explain, so the plans are of the very statements the service sends.
//
//   npx tsx bench/seed-history.ts     (once; or BENCH_1M_URL=… to an existing sws_perf_* database)
//   npx tsx bench/reports.ts [samples=15] > bench/results/reports.txt

import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Database, openDatabase, queryRows } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import { catchUpRollups } from '../src/reports/rollup.js';
import { defaultRange } from '../src/reports/rules.js';
import { buildReport } from '../src/reports/service.js';
import { seoulDate } from '../src/time/seoul.js';
import { reportXlsx } from '../src/web/reports/export.js';
import { reportTables } from '../src/web/reports/view-models.js';
import { historyUrls } from './seed-history.js';
import { figure, percentile } from './server.js';

const SAMPLES = Number(process.argv[2] ?? 15);
const url = historyUrls.large;
const today = seoulDate(new Date());
const month = defaultRange(today);
// The twelve full months up to the end of last month.
const [y, m] = month.from.split('-').map(Number) as [number, number];
const year = { from: m === 12 ? `${y}-01-01` : `${y - 1}-${String(m + 1).padStart(2, '0')}-01`, to: month.to };

const handle = await openDatabase({ url });
const db = handle.db;
try {
  const [counts] = await queryRows<{ bookings: number; centers: number; dirty: number; people: number }>(
    db,
    sql`select (select count(*)::int from bookings) as bookings, (select count(*)::int from centers) as centers,
               (select count(*)::int from users) as people, (select count(distinct (center_id, day))::int from report_dirty_days) as dirty`,
  );
  console.log(`${url}: ${counts!.bookings} bookings, ${counts!.centers} centers, ${counts!.people} people`);
  // A shared machine: the load is printed with the figures so they can be read for what they are.
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (counts!.dirty) {
    const t0 = performance.now();
    const days = await catchUpRollups(db);
    const s = (performance.now() - t0) / 1000;
    console.log(
      `rollup catch-up: ${days} (center, day) pairs in ${s.toFixed(1)} s (${(days / s).toFixed(0)} a second)`,
    );
    await handle.postgres!`vacuum analyze report_hour_rollups, report_desk_days, report_user_days, report_dirty_days`;
  }
  const [rollups] = await queryRows<{ hours: number; desks: number; users: number }>(
    db,
    sql`select (select count(*)::int from report_hour_rollups) as hours, (select count(*)::int from report_desk_days) as desks,
               (select count(*)::int from report_user_days) as users`,
  );
  console.log(`rollups: ${rollups!.hours} hour rows, ${rollups!.desks} desk-day rows, ${rollups!.users} user-day rows`);

  // The busiest center (the demo's 광화문, id 2, with the heavy user).
  const centerId = 2;
  const cases = [
    { name: `network month ${month.from}…${month.to}`, input: { range: month } },
    { name: `center ${centerId} year ${year.from}…${year.to}`, input: { range: year, centers: [centerId] } },
  ];
  for (const c of cases) {
    for (let i = 0; i < 3; i++) await buildReport(db, c.input);
    const service: number[] = [];
    const page: number[] = [];
    const xlsx: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      let t0 = performance.now();
      const report = await buildReport(db, c.input);
      service.push(performance.now() - t0);
      t0 = performance.now();
      const tables = reportTables(report, 'ko');
      page.push(performance.now() - t0);
      t0 = performance.now();
      await reportXlsx(['bench'], tables);
      xlsx.push(performance.now() - t0);
      if (i === 0)
        console.log(
          `${c.name}: ${report.totals.booked} bookings, ${report.totals.present} checked in, ${report.totals.people} people, ${report.periods.length} periods, ${report.byZone.length} zones, ${report.byDesk.length} desks`,
        );
    }
    figure(`${c.name}: report (median)`, percentile(service, 50), 'ms');
    figure(`${c.name}: report (p95)`, percentile(service, 95), 'ms');
    figure(`${c.name}: tables for the page`, percentile(page, 50), 'ms');
    figure(`${c.name}: XLSX`, percentile(xlsx, 50), 'ms');
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  }

  // The plans: one connection with auto_explain sending EXPLAIN (ANALYZE, BUFFERS) of each statement back as a notice.
  for (const c of cases) {
    const plans: string[] = [];
    const client = postgres(url, { max: 1, onnotice: (n) => plans.push(String(n.message)) });
    await client`load 'auto_explain'`;
    await client`set auto_explain.log_min_duration = 0`;
    await client`set auto_explain.log_analyze = on`;
    await client`set auto_explain.log_buffers = on`;
    await client`set auto_explain.log_timing = on`;
    await client`set auto_explain.log_level = 'notice'`;
    const explained = drizzle({ client, schema }) as unknown as Database;
    await buildReport(explained, c.input);
    await client.end();
    console.log(`\n=== EXPLAIN (ANALYZE, BUFFERS) of every query of the ${c.name} report ===`);
    for (const p of plans) console.log(`\n${p}`);
  }
} finally {
  await handle.close();
}
