import { and, asc, desc, eq, gt, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookingsAtCenters } from '../db/joins.js';
import { bookingAttendees, bookings, centers, desks, users, zones } from '../db/schema.js';
import type { BookingRow } from './repository.js';

// A person's bookings as lists (My bookings, the API, calendars, mail): the reads that join a
// booking to its desk, zone and center for showing it. Writes and the rules' reads are in repository.ts.

export interface BookingListItem {
  id: number;
  userId: number;
  title: string | null;
  seriesId: number | null;
  status: BookingRow['status'];
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  deskId: number;
  deskLabel: string;
  deskKind: string;
  zoneName: string;
  zoneNameEn: string;
  centerId: number;
  centerName: string;
  centerNameEn: string;
  createdByName: string;
  createdByNameEn: string;
  createdById: number;
}

function bookingListQuery(db: Database) {
  return bookingsAtCenters(
    db.select({
      id: bookings.id,
      userId: bookings.userId,
      seriesId: bookings.seriesId,
      title: bookings.title,
      status: bookings.status,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      createdAt: bookings.createdAt,
      deskId: desks.id,
      deskLabel: desks.label,
      deskKind: sql<string>`${desks.kind}::text`,
      zoneName: zones.name,
      zoneNameEn: zones.nameEn,
      centerId: centers.id,
      centerName: centers.name,
      centerNameEn: centers.nameEn,
      createdById: bookings.createdById,
      createdByName: users.displayName,
      createdByNameEn: users.displayNameEn,
    }),
  ).innerJoin(users, eq(bookings.createdById, users.id));
}

export interface PersonBookingsFilter {
  /** Only bookings overlapping [from, to). */
  from?: Date;
  to?: Date;
  /** Only bookings that had ended by then (the past list). */
  endedBy?: Date;
  statuses?: readonly BookingRow['status'][];
  centerId?: number;
  kind?: string;
  /** Newest first (the web list) or oldest first (the API, with a cursor). */
  order?: 'asc' | 'desc';
  /** Keyset paging: only bookings after this one in the chosen order. */
  after?: { startsAt: Date; id: number };
  limit?: number;
}

/**
 * A person's bookings: their own, and rooms they are invited to. Two indexed branches (by
 * holder, by attendee) merged here, because one `holder = $1 OR EXISTS (attendee…)` condition
 * keeps PostgreSQL from using either index and scans every booking.
 */
export async function bookingsForPerson(
  db: Database,
  userId: number,
  filter: PersonBookingsFilter = {},
): Promise<BookingListItem[]> {
  const order = filter.order ?? 'desc';
  const limit = filter.limit ?? 200;
  const byTime =
    order === 'asc' ? [asc(bookings.startsAt), asc(bookings.id)] : [desc(bookings.startsAt), desc(bookings.id)];
  const after = filter.after;
  const common = and(
    filter.to ? lt(bookings.startsAt, filter.to) : undefined,
    filter.from ? gt(bookings.endsAt, filter.from) : undefined,
    filter.endedBy ? lte(bookings.endsAt, filter.endedBy) : undefined,
    filter.statuses?.length ? inArray(bookings.status, [...filter.statuses]) : undefined,
    filter.centerId !== undefined ? eq(centers.id, filter.centerId) : undefined,
    filter.kind ? sql`${desks.kind}::text = ${filter.kind}` : undefined,
    after
      ? order === 'asc'
        ? sql`(${bookings.startsAt}, ${bookings.id}) > (${after.startsAt.toISOString()}::timestamptz, ${after.id})`
        : sql`(${bookings.startsAt}, ${bookings.id}) < (${after.startsAt.toISOString()}::timestamptz, ${after.id})`
      : undefined,
  );
  const [own, attended] = await Promise.all([
    bookingListQuery(db)
      .where(and(eq(bookings.userId, userId), common))
      .orderBy(...byTime)
      .limit(limit),
    bookingListQuery(db)
      .innerJoin(bookingAttendees, eq(bookingAttendees.bookingId, bookings.id))
      .where(and(eq(bookingAttendees.userId, userId), common))
      .orderBy(...byTime)
      .limit(limit),
  ]);
  const sign = order === 'asc' ? 1 : -1;
  return [...own, ...attended]
    .sort((a, b) => sign * (a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id))
    .slice(0, limit);
}

/** A user's bookings (their own and rooms they are invited to), newest first; with `range`, only those overlapping [from, to). */
export async function bookingsOfUser(
  db: Database,
  userId: number,
  range?: { from: Date; to: Date },
  limit = 200,
): Promise<BookingListItem[]> {
  return bookingsForPerson(db, userId, { from: range?.from, to: range?.to, limit });
}

/** Usernames invited to each of these bookings. */
export async function attendeesOf(db: Database, bookingIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (bookingIds.length === 0) return out;
  const rows = await db
    .select({ bookingId: bookingAttendees.bookingId, username: users.username })
    .from(bookingAttendees)
    .innerJoin(users, eq(bookingAttendees.userId, users.id))
    .where(inArray(bookingAttendees.bookingId, [...bookingIds]));
  for (const r of rows) out.set(r.bookingId, [...(out.get(r.bookingId) ?? []), r.username]);
  return out;
}

export async function findBookingListItem(db: Database, id: number): Promise<BookingListItem | undefined> {
  const [row] = await bookingListQuery(db).where(eq(bookings.id, id));
  return row;
}

/** The desk a person booked last for themselves (not a room), for "book my usual". */
export async function lastDeskBooking(db: Database, userId: number): Promise<BookingListItem | undefined> {
  const [row] = await bookingListQuery(db)
    // A booking the person cancelled is not where they usually work.
    .where(and(eq(bookings.userId, userId), sql`${desks.kind}::text = 'desk'`, ne(bookings.status, 'cancelled')))
    .orderBy(desc(bookings.createdAt), desc(bookings.id))
    .limit(1);
  return row;
}
