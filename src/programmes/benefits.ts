import { and, eq, gte, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookings, desks, programmeDesks, programmeMembers, programmes, zones } from '../db/schema.js';
import { addDaysToDate, isoWeekday, seoulDate, seoulInstant } from '../time/seoul.js';

/**
 * The booking benefits of pilot programmes, as the facts the one admission path reads
 * (`loadFacts` in src/bookings/facts.ts). A benefit holds for a person's approved membership of
 * a programme whose period includes the date in question.
 */

/** The person's approved memberships of programmes running on any day from `fromDate` to `toDate`. */
function approvedProgrammes(db: Database, userId: number, fromDate: string, toDate: string) {
  return db
    .select({
      id: programmes.id,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      extraHorizonDays: programmes.extraHorizonDays,
      quota: programmes.weeklyQuotaDays,
    })
    .from(programmeMembers)
    .innerJoin(programmes, eq(programmes.id, programmeMembers.programmeId))
    .where(
      and(
        eq(programmeMembers.userId, userId),
        eq(programmeMembers.status, 'approved'),
        lte(programmes.startsOn, toDate),
        gte(programmes.endsOn, fromDate),
      ),
    );
}

const runningOn = (date: string) => (p: { startsOn: string; endsOn: string }) => p.startsOn <= date && date <= p.endsOn;
const largestExtra = (rows: { extraHorizonDays: number }[]) => Math.max(0, ...rows.map((r) => r.extraHorizonDays));

/** Extra days a person may book ahead: the largest horizon benefit of the programmes they take part in today. */
export async function extraHorizonDays(db: Database, userId: number, today: string): Promise<number> {
  return largestExtra(await approvedProgrammes(db, userId, today, today));
}

export interface ProgrammeDeskFacts {
  /** Desks of this center reserved by a programme running on the date: desk id → programme ids. */
  reserved: Map<number, number[]>;
  /** The person's approved programmes running on the date, with their quota and the dates this ISO week they hold one of its desks. */
  mine: Map<number, { quota: number | null; daysHeld: string[] }>;
  /** The horizon benefit running today (when asked for with `today`), else 0. */
  extraHorizonDays: number;
}

const ACTIVE = ['booked', 'checked_in', 'completed'] as const;

/** What the reserved-desk and weekly-quota rules need about one person at one center on one date. */
export async function programmeDeskFacts(
  db: Database,
  userId: number,
  centerId: number,
  date: string,
  replaces?: number,
  today?: string,
): Promise<ProgrammeDeskFacts> {
  const running = and(lte(programmes.startsOn, date), gte(programmes.endsOn, date));
  // With `today`, the memberships running today are read in the same statement (the horizon benefit).
  const [from, to] = today === undefined ? [date, date] : today < date ? [today, date] : [date, today];
  const [reservedRows, memberships] = await Promise.all([
    db
      .select({ deskId: programmeDesks.deskId, programmeId: programmeDesks.programmeId })
      .from(programmeDesks)
      .innerJoin(programmes, eq(programmes.id, programmeDesks.programmeId))
      .innerJoin(desks, eq(desks.id, programmeDesks.deskId))
      .innerJoin(zones, eq(zones.id, desks.zoneId))
      .where(and(eq(zones.centerId, centerId), running)),
    approvedProgrammes(db, userId, from, to),
  ]);
  const mineRows = memberships.filter(runningOn(date)).map((m) => ({ programmeId: m.id, quota: m.quota }));
  const reserved = new Map<number, number[]>();
  for (const r of reservedRows) reserved.set(r.deskId, [...(reserved.get(r.deskId) ?? []), r.programmeId]);
  const mine = new Map<number, { quota: number | null; daysHeld: string[] }>();
  const withQuota = mineRows.filter((m) => m.quota !== null).map((m) => m.programmeId);
  const held = withQuota.length ? await reservedDaysHeld(db, userId, withQuota, date, replaces) : [];
  for (const m of mineRows) {
    mine.set(m.programmeId, {
      quota: m.quota,
      daysHeld: held.filter((h) => h.programmeId === m.programmeId).map((h) => h.date),
    });
  }
  return {
    reserved,
    mine,
    extraHorizonDays: today === undefined ? 0 : largestExtra(memberships.filter(runningOn(today))),
  };
}

/** The dates of the ISO week of `date` on which the person holds a desk reserved by one of these programmes. */
async function reservedDaysHeld(
  db: Database,
  userId: number,
  programmeIds: number[],
  date: string,
  replaces?: number,
): Promise<{ programmeId: number; date: string }[]> {
  const monday = addDaysToDate(date, 1 - isoWeekday(date));
  const from = seoulInstant(monday, 0);
  const to = seoulInstant(addDaysToDate(monday, 7), 0);
  const rows = await db
    .select({ programmeId: programmeDesks.programmeId, startsAt: bookings.startsAt })
    .from(bookings)
    .innerJoin(programmeDesks, eq(programmeDesks.deskId, bookings.deskId))
    .where(
      and(
        eq(bookings.userId, userId),
        inArray(programmeDesks.programmeId, programmeIds),
        inArray(bookings.status, [...ACTIVE]),
        gte(bookings.startsAt, from),
        lt(bookings.startsAt, to),
        replaces === undefined ? sql`true` : ne(bookings.id, replaces),
      ),
    );
  return rows.map((r) => ({ programmeId: r.programmeId, date: seoulDate(r.startsAt) }));
}
