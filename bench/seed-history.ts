// A database with three years of history: the seeded demo, 42 more centers (50 in all, copied
// from the demo's 8 with their zones, desks and hours), 2,000 more people, and ≥ 1,000,000 past
// bookings (completed, cancelled, no-show) on weekdays, written by generate_series in one
// INSERT … SELECT. PostgreSQL only. Takes a minute or two on a small machine.
//
//   npx tsx bench/seed-history.ts            → sws_perf_1m (dropped and recreated)
//   npx tsx bench/seed-history.ts --demo     → sws_perf_1k: the seeded demo alone, the baseline
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoData } from '../src/demo/seed.js';
import { systemClock } from '../src/time/seoul.js';
import { recreateDatabase } from './server.js';

export const historyUrls = {
  small: process.env.BENCH_1K_URL ?? 'postgres://postgres@127.0.0.1:5432/sws_perf_1k',
  large: process.env.BENCH_1M_URL ?? 'postgres://postgres@127.0.0.1:5432/sws_perf_1m',
};

export async function seedHistory(url: string, withHistory: boolean): Promise<number> {
  await recreateDatabase(url);
  const database = await openDatabase({ url });
  try {
    await migrate(database);
    const config = loadConfig({ ...process.env, DATABASE_URL: url });
    await seedDemoData(database.db, systemClock, { withUsers: true, needsKey: config.needsKey });
    const sql = database.postgres!;
    if (withHistory) {
      await sql.begin(async (tx) => {
        await tx`set local synchronous_commit = off`;
        // 42 more centers, each a copy of one of the demo's 8, with its hours, zones and desks.
        await tx`
          insert into centers (code, name, name_en, district, district_en, address, address_en, lat, lng, phone, step_free, accessible_parking)
          select c.code || '-' || g, c.name || ' ' || g, c.name_en || ' ' || g, c.district, c.district_en, c.address, c.address_en,
                 c.lat + g * 0.001, c.lng, c.phone, c.step_free, c.accessible_parking
          from generate_series(1, 42) g join centers c on c.id = 1 + (g % 8)`;
        await tx`
          insert into center_hours (center_id, weekday, opens_minute, closes_minute)
          select n.id, h.weekday, h.opens_minute, h.closes_minute
          from centers n join centers c on n.code like c.code || '-%' and n.code ~ ('^' || c.code || '-[0-9]+$')
          join center_hours h on h.center_id = c.id`;
        await tx`
          insert into zones (center_id, code, name, name_en, network, sort_order)
          select n.id, z.code, z.name, z.name_en, z.network, z.sort_order
          from centers n join centers c on n.code ~ ('^' || c.code || '-[0-9]+$')
          join zones z on z.center_id = c.id and z.partner_organisation_id is null`;
        await tx`
          insert into desks (zone_id, label, kind, capacity, features)
          select nz.id, d.label, d.kind, d.capacity, d.features
          from centers n join centers c on n.code ~ ('^' || c.code || '-[0-9]+$')
          join zones z on z.center_id = c.id and z.partner_organisation_id is null
          join zones nz on nz.center_id = n.id and nz.code = z.code
          join desks d on d.zone_id = z.id`;
        // 2,000 more people (they sign in with the demo password, as the demo's colleagues do).
        await tx`
          insert into users (username, display_name, display_name_en, password_hash, organisation_id)
          select 'hist' || g, '사용자' || g, 'User ' || g, e.password_hash, e.organisation_id
          from generate_series(1, 2000) g cross join (select password_hash, organisation_id from users where username = 'employee') e`;
        // Weekdays of the last three years × every desk, kept with probability p; one booking a
        // desk-day (morning, afternoon or the whole day), by a random person; past, so never active.
        await tx`
          with people as (select array_agg(id) as ids from users where role = 'employee'),
          days as (
            select d::date as day from generate_series(current_date - 1095, current_date - 1, interval '1 day') d
            where extract(isodow from d) < 6
          ),
          picks as (
            select k.id as desk_id, k.kind, day, random() as r, random() as s, random() as u
            from days cross join desks k where k.kind = 'desk' or random() < 0.3
          )
          insert into bookings (desk_id, user_id, created_by_id, starts_at, ends_at, status, created_at, checked_in_at, holds_desk)
          select desk_id, uid, uid,
                 (day + make_interval(hours => case when s < 0.6 then 9 else 13 end)) at time zone 'Asia/Seoul',
                 (day + make_interval(hours => case when s < 0.3 then 13 when s < 0.6 then 18 else 18 end)) at time zone 'Asia/Seoul',
                 st, (day - 3) at time zone 'Asia/Seoul',
                 case when st = 'completed' then (day + make_interval(hours => 9)) at time zone 'Asia/Seoul' end,
                 kind = 'desk'
          from (
            select p.*, (select ids[1 + floor(p.u * array_length(ids, 1))::int] from people) as uid,
                   (case when r < 0.80 * 0.70 then 'completed' when r < 0.80 * 0.90 then 'cancelled' else 'no_show' end)::booking_status as st
            from picks p where r < 0.80
          ) x`;
        // And evening bookings cancelled the day before on about one desk-day in six (≈ 200,000 more).
        await tx`
          with people as (select array_agg(id) as ids from users where role = 'employee'),
          days as (
            select d::date as day from generate_series(current_date - 1095, current_date - 1, interval '1 day') d
            where extract(isodow from d) < 6
          )
          insert into bookings (desk_id, user_id, created_by_id, starts_at, ends_at, status, created_at, holds_desk)
          select k.id, u.uid, u.uid, (day + interval '19 hours') at time zone 'Asia/Seoul',
                 (day + interval '21 hours') at time zone 'Asia/Seoul', 'cancelled', (day - 1) at time zone 'Asia/Seoul', true
          from days cross join desks k
          cross join lateral (select (select ids[1 + floor(random() * array_length(ids, 1))::int] from people) + 0 * k.id as uid) u
          where k.kind = 'desk' and random() < 0.16`;
        // The demo's employee: a desk most weekdays for three years (the "My bookings" of a heavy user).
        await tx`
          insert into bookings (desk_id, user_id, created_by_id, starts_at, ends_at, status, created_at, checked_in_at)
          select (select min(d.id) from desks d join zones z on z.id = d.zone_id where z.center_id = 2 and d.kind = 'desk'),
                 e.id, e.id, (d::date + interval '9 hours') at time zone 'Asia/Seoul', (d::date + interval '18 hours') at time zone 'Asia/Seoul',
                 'completed', (d::date - 3) at time zone 'Asia/Seoul', (d::date + interval '9 hours') at time zone 'Asia/Seoul'
          from generate_series(current_date - 1095, current_date - 1, interval '1 day') d, (select id from users where username = 'employee') e
          where extract(isodow from d) < 6 and random() < 0.7`;
      });
    }
    await sql`vacuum analyze`;
    const [{ n }] = (await sql`select count(*)::int as n from bookings`) as unknown as [{ n: number }];
    return n;
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const demo = process.argv.includes('--demo');
  const t0 = performance.now();
  const n = await seedHistory(demo ? historyUrls.small : historyUrls.large, !demo);
  console.log(
    `${demo ? historyUrls.small : historyUrls.large}: ${n} bookings in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
