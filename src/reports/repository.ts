import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/client.js';
import type { DayFigures, OpeningHours, ReportRange } from './rules.js';

/**
 * All SQL of the reports. Every query reads the aggregates (report_* tables), never the bookings,
 * and returns counts only. `centers` undefined means the whole network.
 */
export interface Scope {
  range: ReportRange;
  centers?: readonly number[];
}

const inCenters = (column: SQL, centers: readonly number[] | undefined) =>
  centers === undefined ? sql`true` : sql`${column} = any(${`{${centers.join(',')}}`}::int[])`;
const inRange = (column: SQL, range: ReportRange) => sql`${column} between ${range.from}::date and ${range.to}::date`;
const where = (s: Scope, alias: string) =>
  sql`${inRange(sql.raw(`${alias}.day`), s.range)} and ${inCenters(sql.raw(`${alias}.center_id`), s.centers)}`;

const figures = (alias: string) =>
  sql.raw(`coalesce(sum(${alias}.booked), 0)::int as booked,
  coalesce(sum(${alias}.present), 0)::int as present, coalesce(sum(${alias}.no_show), 0)::int as "noShow",
  coalesce(sum(${alias}.cancelled), 0)::int as cancelled, coalesce(sum(${alias}.booked_minutes), 0)::bigint::float8 as "bookedMinutes",
  coalesce(sum(${alias}.stay_minutes), 0)::bigint::float8 as "stayMinutes"`);

/** Outcomes per day. */
export function dailyFigures(db: Database, s: Scope): Promise<(DayFigures & { day: string })[]> {
  return queryRows(
    db,
    sql`select r.day::text as day, ${figures('r')} from report_desk_days r where ${where(s, 'r')} group by r.day order by r.day`,
  );
}

/** Outcomes per center. */
export function centerFigures(db: Database, s: Scope): Promise<(DayFigures & { centerId: number })[]> {
  return queryRows(
    db,
    sql`select r.center_id as "centerId", ${figures('r')} from report_desk_days r where ${where(s, 'r')} group by r.center_id`,
  );
}

/** A desk's sums over the scope, for grouping by zone, feature or desk. */
const perDesk = (s: Scope) => sql`(select r.desk_id, sum(r.booked) as booked, sum(r.present) as present,
    sum(r.no_show) as no_show, sum(r.cancelled) as cancelled, sum(r.booked_minutes) as booked_minutes,
    sum(r.stay_minutes) as stay_minutes
  from report_desk_days r where ${where(s, 'r')} group by r.desk_id)`;

/** Outcomes per zone (with its center), per desk feature, and per desk or room. */
export function zoneFigures(
  db: Database,
  s: Scope,
): Promise<(DayFigures & { zoneId: number; centerId: number; name: string; nameEn: string })[]> {
  return queryRows(
    db,
    sql`select z.id as "zoneId", z.center_id as "centerId", z.name, z.name_en as "nameEn", ${figures('x')}
        from ${perDesk(s)} x join desks k on k.id = x.desk_id join zones z on z.id = k.zone_id
        group by z.id order by z.center_id, z.sort_order, z.id`,
  );
}

export function featureFigures(db: Database, s: Scope): Promise<(DayFigures & { feature: string })[]> {
  return queryRows(
    db,
    sql`select f.feature, ${figures('x')}
        from ${perDesk(s)} x
        join desks k on k.id = x.desk_id cross join lateral unnest(k.features) f(feature)
        group by f.feature order by f.feature`,
  );
}

export function deskFigures(
  db: Database,
  s: Scope,
): Promise<(DayFigures & { deskId: number; label: string; kind: string; zoneName: string; zoneNameEn: string })[]> {
  return queryRows(
    db,
    sql`select k.id as "deskId", k.label, k.kind::text as kind, z.name as "zoneName", z.name_en as "zoneNameEn", ${figures('x')}
        from ${perDesk(s)} x
        join desks k on k.id = x.desk_id join zones z on z.id = k.zone_id
        group by k.id, z.id order by z.sort_order, z.id, k.label`,
  );
}

/** Desks booked per day and hour, summed over the centers in scope. */
export function hourlyFigures(db: Database, s: Scope): Promise<{ day: string; hour: number; desksBooked: number }[]> {
  return queryRows(
    db,
    sql`select r.day::text as day, r.hour, sum(r.desks_booked)::int as "desksBooked"
        from report_hour_rollups r where ${where(s, 'r')} group by r.day, r.hour`,
  );
}

/** Distinct people, and those who came on two days or more (counts only). */
export async function peopleFigures(db: Database, s: Scope): Promise<{ people: number; repeat: number }> {
  const [row] = await queryRows<{ people: number; repeat: number }>(
    db,
    sql`select count(*)::int as people, count(*) filter (where days >= 2)::int as repeat
        from (select r.user_id, count(distinct r.day) as days from report_user_days r where ${where(s, 'r')} group by r.user_id) u`,
  );
  return row ?? { people: 0, repeat: 0 };
}

/** Distinct people by home district (area code; null when unknown or given as coordinates). */
export function districtCounts(db: Database, s: Scope): Promise<{ key: string | null; people: number }[]> {
  return queryRows(
    db,
    sql`select h.area_code as key, count(*)::int as people
        from (select distinct r.user_id from report_user_days r where ${where(s, 'r')}) u
        left join user_homes h on h.user_id = u.user_id group by h.area_code`,
  );
}

/** Distinct people by team (null: no team). */
export function teamCounts(db: Database, s: Scope): Promise<{ key: number | null; people: number }[]> {
  return queryRows(
    db,
    sql`select p.team_id as key, count(*)::int as people
        from (select distinct r.user_id from report_user_days r where ${where(s, 'r')}) u
        join users p on p.id = u.user_id group by p.team_id`,
  );
}

/** Approved flexible-work plans overlapping the range: whose, the types of their days, their team. */
export async function approvedPlans(
  db: Database,
  range: ReportRange,
): Promise<{ userId: number; teamId: number | null; types: string[] }[]> {
  const rows = await queryRows<{ userId: number; teamId: number | null; types: string[] | null }>(
    db,
    sql`select p.user_id as "userId", u.team_id as "teamId",
               array(select distinct d->>'type' from jsonb_array_elements(p.pattern) d) as types
        from schedule_plans p join users u on u.id = p.user_id
        where p.status = 'approved' and p.from_date <= ${range.to}::date and p.to_date >= ${range.from}::date`,
  );
  return rows.map((r) => ({ ...r, types: r.types ?? [] }));
}

export function teamNames(db: Database): Promise<{ id: number; name: string; nameEn: string }[]> {
  return queryRows(db, sql`select id, name, name_en as "nameEn" from teams`);
}

/** Centers in scope with their desks (not rooms, in use) and weekly hours. */
export async function centersInScope(
  db: Database,
  centers: readonly number[] | undefined,
): Promise<{ id: number; name: string; nameEn: string; capacity: number }[]> {
  return queryRows(
    db,
    sql`select c.id, c.name, c.name_en as "nameEn",
               (select count(*)::int from desks k join zones z on z.id = k.zone_id
                where z.center_id = c.id and k.kind = 'desk' and k.active and z.active) as capacity
        from centers c where ${inCenters(sql`c.id`, centers)} order by c.name`,
  );
}

export function openingHours(db: Database, centers: readonly number[] | undefined): Promise<OpeningHours[]> {
  return queryRows(
    db,
    sql`select h.center_id as "centerId", h.weekday, h.opens_minute as "opensMinute", h.closes_minute as "closesMinute"
        from center_hours h where ${inCenters(sql`h.center_id`, centers)}`,
  );
}

/** Changes not yet in the aggregates for this scope (the job adds them within a minute). */
export async function pendingDays(db: Database, s: Scope): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct (r.center_id, r.day))::int as n from report_dirty_days r where ${where(s, 'r')}`,
  );
  return row?.n ?? 0;
}
