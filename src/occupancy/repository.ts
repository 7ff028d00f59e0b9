import { and, asc, eq, sql } from 'drizzle-orm';
import { overlapping } from '../bookings/repository.js';
import { HELD_STATUSES } from '../bookings/statuses.js';
import { type Database, queryRows } from '../db/client.js';
import { bookingsAtZones } from '../db/joins.js';
import { bookings, desks, users, zones } from '../db/schema.js';
import type { OccupancyBooking } from './series.js';

/** Bookings of desks (not rooms) that overlap [from, to), with no person in them. */
export async function deskBookingsBetween(
  db: Database,
  from: Date,
  to: Date,
  centerId?: number,
): Promise<(OccupancyBooking & { centerId: number })[]> {
  return bookingsAtZones(
    db.select({
      centerId: zones.centerId,
      deskId: bookings.deskId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
    }),
  ).where(
    and(
      eq(desks.kind, 'desk'),
      overlapping(from, to, HELD_STATUSES),
      centerId === undefined ? undefined : eq(zones.centerId, centerId),
    ),
  );
}

export interface CenterBookingRow {
  bookingId: number;
  deskId: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
  userId: number;
  userName: string;
  userNameEn: string;
  /** Only "needs an accessible desk", as the holder's booking recorded it — never the needs themselves. */
  needsAccessible: boolean;
}

/** A center's bookings overlapping [from, to) that hold or held a desk, with the holder's name (for operators only). */
export async function centerBookingsBetween(
  db: Database,
  centerId: number,
  from: Date,
  to: Date,
): Promise<CenterBookingRow[]> {
  return bookingsAtZones(
    db.select({
      bookingId: bookings.id,
      deskId: bookings.deskId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
      userId: bookings.userId,
      userName: users.displayName,
      userNameEn: users.displayNameEn,
      needsAccessible: bookings.needsAccessible,
    }),
  )
    .innerJoin(users, eq(bookings.userId, users.id))
    .where(and(eq(zones.centerId, centerId), overlapping(from, to, HELD_STATUSES)))
    .orderBy(asc(bookings.startsAt));
}

/**
 * A version for a snapshot, read from the database's clock inside the snapshot's own
 * repeatable-read transaction: every process shares one PostgreSQL clock, so a later
 * snapshot always carries a larger version and clients can drop anything older.
 */
export async function snapshotVersion(db: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as v`,
  );
  return row!.v;
}
