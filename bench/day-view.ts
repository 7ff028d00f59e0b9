// The day view of a busy center, signed in, against a bare Express 5 route that sends a static page
// of the same size (bench/bare-static.ts), at the same concurrency, in the same run.
//
//   npx tsx bench/day-view.ts [concurrency=16] [requests=400]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sws_perf_bench (the default; dropped and recreated)
//
// Fixture, written with SQL (a benchmark's set-up, not an app rule): 서울역 gets desks up to 50 and
// 50 bench people, and every desk is booked hour by hour from 07:00 to 22:00 on the measured day.
import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { HttpClient } from '../test/helpers/http.js';
import { benchDatabaseUrl, figure, load, percentile, recreateDatabase, startServer } from './server.js';

const CONCURRENCY = Number(process.argv[2] ?? 16);
const COUNT = Number(process.argv[3] ?? 400);
const root = path.resolve(import.meta.dirname, '..');

await recreateDatabase(benchDatabaseUrl);
const server = await startServer({ DATABASE_URL: benchDatabaseUrl });
const base = `http://127.0.0.1:${server.port}`;
const sql = postgres(benchDatabaseUrl, { max: 2, onnotice: () => {} });
try {
  // A weekday a few days ahead, in Seoul.
  let date = '';
  for (let d = 2; !date; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 9 * 3_600_000);
    if (day.getUTCDay() >= 1 && day.getUTCDay() <= 5) date = day.toISOString().slice(0, 10);
  }
  const [center] = await sql`select id from centers where code = 'seoul-station'`;
  const centerId = center!.id as number;
  const [zone] = await sql`select id from zones where center_id = ${centerId} order by id limit 1`;
  const [{ n }] = (await sql`
    select count(*)::int as n from desks d join zones z on z.id = d.zone_id
    where z.center_id = ${centerId} and d.kind = 'desk'`) as unknown as [{ n: number }];
  await sql`
    insert into desks (zone_id, label, kind, features)
    select ${zone!.id}, 'X-' || g, 'desk', '{}' from generate_series(1, ${Math.max(0, 50 - n)}) g`;
  await sql`
    insert into users (username, display_name, display_name_en, password_hash, role, organisation_id)
    select 'bench' || g, '벤치 ' || g, 'Bench ' || g, '!', 'employee',
           (select organisation_id from users where username = 'employee')
    from generate_series(1, 50) g`;
  // Desk i is held by bench person i hour by hour, 07:00–22:00, on the day: a full day of bookings.
  await sql`
    with d as (select row_number() over (order by k.id) as i, k.id from desks k join zones z on z.id = k.zone_id
               where z.center_id = ${centerId} and k.kind = 'desk' and k.active and not k.out_of_service),
         u as (select row_number() over (order by id) as i, id from users where username like 'bench%')
    insert into bookings (desk_id, user_id, created_by_id, starts_at, ends_at)
    select d.id, u.id, u.id,
           (${date}::date + make_interval(hours => h)) at time zone 'Asia/Seoul',
           (${date}::date + make_interval(hours => h + 1)) at time zone 'Asia/Seoul'
    from d join u using (i) cross join generate_series(7, 21) h
    where not exists (select 1 from bookings b where b.desk_id = d.id and b.status in ('booked', 'checked_in')
                      and tstzrange(b.starts_at, b.ends_at) && tstzrange(
                        (${date}::date + make_interval(hours => h)) at time zone 'Asia/Seoul',
                        (${date}::date + make_interval(hours => h + 1)) at time zone 'Asia/Seoul'))`;
  const [{ booked }] = (await sql`
    select count(*)::int as booked from bookings b join desks k on k.id = b.desk_id join zones z on z.id = k.zone_id
    where z.center_id = ${centerId} and b.status in ('booked', 'checked_in')
      and b.starts_at >= ${date}::date::timestamp at time zone 'Asia/Seoul'
      and b.starts_at < (${date}::date + 1)::timestamp at time zone 'Asia/Seoul'`) as unknown as [{ booked: number }];

  const web = new HttpClient(base);
  await web.login('employee', 'smartwork-demo');
  const cookie = `sws.sid=${web.cookie('sws.sid')}`;
  const page = `${base}/centers/${centerId}?date=${date}`;
  const get = async (url: string, c = cookie) => {
    const res = await fetch(url, { headers: { cookie: c, accept: 'text/html' } });
    await res.arrayBuffer();
    return res.status;
  };
  const first = await fetch(page, { headers: { cookie, accept: 'text/html' } });
  const size = (await first.text()).length;
  if (first.status !== 200) throw new Error(`day view answered ${first.status}`);
  await load(40, CONCURRENCY, () => get(page));
  const app = await load(COUNT, CONCURRENCY, () => get(page));

  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-static.ts', String(size)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    bare.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
  });
  await load(200, CONCURRENCY, () => get(`http://127.0.0.1:${port}/page`, ''));
  const plain = await load(COUNT * 4, CONCURRENCY, () => get(`http://127.0.0.1:${port}/page`, ''));
  bare.kill('SIGTERM');

  console.log(
    `# day view: ${size.toLocaleString()} characters of HTML, ${booked} bookings that day at a center of 50 desks, signed in, PostgreSQL, ${CONCURRENCY} in flight`,
  );
  figure('bare static page of the same size', plain.perSecond, 'req/s');
  figure('GET /centers/:id?date= (day view)', app.perSecond, 'req/s', { name: 'bare', value: plain.perSecond });
  figure('day view median', percentile(app.latencies, 50), 'ms', {
    name: 'bare median',
    value: percentile(plain.latencies, 50),
  });
  figure('day view p99', percentile(app.latencies, 99), 'ms', {
    name: 'bare p99',
    value: percentile(plain.latencies, 99),
  });
  figure('day view non-200 answers', COUNT - (app.statuses.get(200) ?? 0), 'requests');
} finally {
  await sql.end();
  await server.stop();
}
