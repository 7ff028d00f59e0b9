import { sql } from 'drizzle-orm';
import { type Database, inTransaction, queryRows } from '../db/client.js';

/**
 * Keeps the report aggregates current. Triggers on `bookings` (reports migration) append the
 * (center, Seoul day) of every change to `report_dirty_days`; this job re-aggregates those days
 * from the bookings and removes exactly the dirty rows it read, so a change committed while it
 * ran stays dirty for the next run and nothing is lost. The rows are only ever appended by the
 * triggers, so a booking never waits for another booking or for this job.
 *
 * One refresher at a time across processes (an advisory lock: two concurrent refreshes of a day
 * would collide on the rollups' keys); the others skip their turn.
 */
const REFRESH_LOCK = 727_014;

/** How many (center, day) pairs one transaction re-aggregates: short transactions, steady progress. */
export const REFRESH_BATCH = 400;

export interface RefreshResult {
  /** (center, day) pairs re-aggregated. */
  days: number;
  /** False when another process held the refresh lock. */
  ran: boolean;
}

/** Re-aggregates up to `limit` dirty (center, day) pairs, oldest change first. */
export async function refreshDirtyDays(db: Database, limit = REFRESH_BATCH): Promise<RefreshResult> {
  return inTransaction(db, async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as ok`);
    if (!lock?.ok) return { days: 0, ran: false };
    // Only committed rows are visible here, and the bookings they stand for are visible to the
    // statements below (read committed: each statement sees what committed before it started).
    const dirty = await queryRows<{ id: string; center_id: number; day: string }>(
      tx,
      sql`select id::text as id, center_id, day::text as day from report_dirty_days
          where (center_id, day) in (
            select center_id, day from report_dirty_days group by center_id, day order by min(id) limit ${limit})`,
    );
    if (dirty.length === 0) return { days: 0, ran: true };
    const pairs = [...new Map(dirty.map((d) => [`${d.center_id}|${d.day}`, d])).values()];
    const centers = `{${pairs.map((p) => p.center_id).join(',')}}`;
    const days = `{${pairs.map((p) => p.day).join(',')}}`;
    const target = sql`(select t.center_id, t.day,
        (t.day::timestamp at time zone 'Asia/Seoul') as day_start,
        ((t.day + 1)::timestamp at time zone 'Asia/Seoul') as day_end
      from unnest(${centers}::int[], ${days}::date[]) as t(center_id, day))`;
    for (const table of ['report_hour_rollups', 'report_desk_days', 'report_user_days'])
      await tx.execute(
        sql`delete from ${sql.identifier(table)} r using unnest(${centers}::int[], ${days}::date[]) as t(center_id, day)
            where r.center_id = t.center_id and r.day = t.day`,
      );
    // Desks held in each hour: every held booking of a desk touches the hours from its start to its end
    // (clipped to the day); a desk counts once an hour however many bookings it had in it.
    await tx.execute(sql`
      insert into report_hour_rollups (center_id, day, hour, desks_booked, desks_present)
      select t.center_id, t.day, h.hour, count(distinct b.desk_id),
             count(distinct b.desk_id) filter (where b.status in ('checked_in', 'completed'))
      from ${target} t
      join zones z on z.center_id = t.center_id
      join desks k on k.zone_id = z.id and k.kind = 'desk'
      join bookings b on b.desk_id = k.id
        and b.status in ('booked', 'checked_in', 'completed')
        and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(t.day_start, t.day_end, '[)')
        and b.starts_at < t.day_end and b.ends_at > t.day_start
      cross join lateral generate_series(
        greatest(0, floor(extract(epoch from b.starts_at - t.day_start) / 3600))::int,
        least(23, ceil(extract(epoch from b.ends_at - t.day_start) / 3600)::int - 1)) h(hour)
      group by t.center_id, t.day, h.hour`);
    // Outcomes, minutes and stays of the bookings starting that day, per desk or room.
    await tx.execute(sql`
      insert into report_desk_days (center_id, desk_id, day, booked, present, no_show, cancelled, booked_minutes, stay_minutes)
      select t.center_id, b.desk_id, t.day,
             count(*) filter (where b.status <> 'cancelled'),
             count(*) filter (where b.status in ('checked_in', 'completed')),
             count(*) filter (where b.status = 'no_show'),
             count(*) filter (where b.status = 'cancelled'),
             coalesce(round(sum(extract(epoch from b.ends_at - b.starts_at) / 60)
               filter (where b.status in ('booked', 'checked_in', 'completed'))), 0)::int,
             coalesce(round(sum(extract(epoch from b.ends_at - greatest(b.starts_at, coalesce(b.checked_in_at, b.starts_at))) / 60)
               filter (where b.status in ('checked_in', 'completed'))), 0)::int
      from ${target} t
      join zones z on z.center_id = t.center_id
      join desks k on k.zone_id = z.id
      join bookings b on b.desk_id = k.id
        and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(t.day_start, t.day_end, '[)')
        and b.starts_at >= t.day_start and b.starts_at < t.day_end
      group by t.center_id, t.day, b.desk_id`);
    // Who came (or was to come) that day: for distinct and repeat users, districts and teams.
    await tx.execute(sql`
      insert into report_user_days (center_id, day, user_id, present)
      select t.center_id, t.day, b.user_id, bool_or(b.status in ('checked_in', 'completed'))
      from ${target} t
      join zones z on z.center_id = t.center_id
      join desks k on k.zone_id = z.id
      join bookings b on b.desk_id = k.id and b.status <> 'cancelled'
        and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(t.day_start, t.day_end, '[)')
        and b.starts_at >= t.day_start and b.starts_at < t.day_end
      group by t.center_id, t.day, b.user_id`);
    const ids = `{${dirty.map((d) => d.id).join(',')}}`;
    await tx.execute(sql`delete from report_dirty_days where id = any(${ids}::bigint[])`);
    return { days: pairs.length, ran: true };
  });
}

/** Re-aggregates until nothing is dirty (at start, catching up; in tests), at most `maxBatches` batches. */
export async function catchUpRollups(db: Database, maxBatches = 10_000): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await refreshDirtyDays(db);
    total += r.days;
    if (!r.ran || r.days === 0) break;
  }
  return total;
}
