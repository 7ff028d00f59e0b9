import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookingsAtZones } from '../db/joins.js';
import { bookingBans, bookingEvents, bookings, desks, zones } from '../db/schema.js';
import { ACTIVE_STATUSES } from './statuses.js';

export { ACTIVE_STATUSES } from './statuses.js';
export type BookingRow = typeof bookings.$inferSelect;

/**
 * "At some moment of [from, to)", said twice: as the plain comparisons, and as the range
 * overlap that the GiST indexes on (desk_id, tstzrange(starts_at, ends_at)) can answer
 * (bookings_desk_during for every status, the exclusion constraints' for active ones).
 */
export function overlapsRange(from: Date, to: Date): SQL {
  return and(
    lt(bookings.startsAt, to),
    gt(bookings.endsAt, from),
    sql`tstzrange(${bookings.startsAt}, ${bookings.endsAt}, '[)') && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
  )!;
}

/**
 * The one overlap condition: bookings in one of `statuses` at some moment of [from, to)
 * (half-open, as the exclusion constraints). Every query over a time range uses it.
 */
export function overlapping(from: Date, to: Date, statuses: readonly BookingRow['status'][]): SQL {
  return and(inArray(bookings.status, [...statuses]), overlapsRange(from, to))!;
}

/** Bookings that still hold their resource at some moment of [from, to). */
export function activeOverlapping(from: Date, to: Date): SQL {
  return overlapping(from, to, ACTIVE_STATUSES);
}

/** Later than any booking can be (the supported range ends in 2100): "from now on". */
const END_OF_TIME = new Date('2101-01-01T00:00:00Z');

/** Bookings that still hold their resource at some moment from `from` on. */
export function activeFrom(from: Date): SQL {
  return activeOverlapping(from, END_OF_TIME);
}

/**
 * What stands in the way of holding a resource over [startsAt, endsAt): the resource taken by
 * someone, or (for desks) the person already at another desk. For previews; writes rely on the
 * exclusion constraints, which say the same.
 */
export async function overlapConflict(
  db: Database,
  q: { deskId: number; userId: number; startsAt: Date; endsAt: Date; holdsDesk: boolean; exceptId?: number },
): Promise<'desk' | 'person' | undefined> {
  const rows = await db
    .select({ deskId: bookings.deskId, userId: bookings.userId, holdsDesk: bookings.holdsDesk })
    .from(bookings)
    .where(
      and(
        activeOverlapping(q.startsAt, q.endsAt),
        or(eq(bookings.deskId, q.deskId), eq(bookings.userId, q.userId)),
        q.exceptId === undefined ? undefined : ne(bookings.id, q.exceptId),
      ),
    );
  if (rows.some((r) => r.deskId === q.deskId)) return 'desk';
  if (q.holdsDesk && rows.some((r) => r.userId === q.userId && r.holdsDesk)) return 'person';
  return undefined;
}

export interface BusyRange {
  bookingId: number;
  deskId: number;
  centerId: number;
  userId: number;
  startsAt: Date;
  endsAt: Date;
}

/** Bookings that hold a desk at some moment in [from, to), optionally for one center. */
export async function activeBookingsBetween(
  db: Database,
  from: Date,
  to: Date,
  centerId?: number,
): Promise<BusyRange[]> {
  return bookingsAtZones(
    db.select({
      bookingId: bookings.id,
      deskId: bookings.deskId,
      centerId: zones.centerId,
      userId: bookings.userId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
    }),
  )
    .where(and(activeOverlapping(from, to), centerId === undefined ? undefined : eq(zones.centerId, centerId)))
    .orderBy(asc(bookings.startsAt));
}

export async function insertBooking(
  db: Database,
  values: {
    deskId: number;
    userId: number;
    createdById: number;
    startsAt: Date;
    endsAt: Date;
    title?: string | null;
    needsAccessible?: boolean;
    holdsDesk: boolean;
    seriesId?: number | null;
    status?: 'booked' | 'checked_in';
    checkedInAt?: Date;
  },
): Promise<BookingRow> {
  const [row] = await db.insert(bookings).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/**
 * Takes the desk's and the person's booking locks for one date until the transaction ends.
 * Without them, simultaneous inserts for one desk each wait on the others' uncommitted rows in
 * the exclusion constraint, and PostgreSQL can only untangle that by cancelling one a second
 * (deadlock detection): 17 people asking for one slot took over 15 s. With them, the second
 * booking waits for the first to commit and is then refused at once. The constraints still
 * decide; the locks only queue the writers. Per date, because bookings of other dates can never
 * overlap: a series holding Monday's locks does not hold up Tuesday. Taken before anything else
 * of a booking (src/bookings/book.ts), so every booking locks in one order: desk, person, then
 * the partner share's day (src/partners/repository.ts).
 */
export async function lockForBooking(db: Database, deskId: number, personId: number, date: string): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`booking_desk:${deskId}:${date}`}, 0)),
               pg_advisory_xact_lock(hashtextextended(${`booking_person:${personId}:${date}`}, 0))`,
  );
}

export async function findBooking(db: Database, id: number): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, id));
  return row;
}

/** Cancels only while the booking still holds its desk; returns undefined when another request got there first. */
export async function markCancelled(
  db: Database,
  id: number,
  byUserId: number,
  at: Date,
): Promise<BookingRow | undefined> {
  const [row] = await db
    .update(bookings)
    .set({ status: 'cancelled', cancelledAt: at, cancelledById: byUserId })
    .where(and(eq(bookings.id, id), inArray(bookings.status, [...ACTIVE_STATUSES])))
    .returning();
  return row;
}

/** Only a booking still waiting for its person can be checked in; a concurrent check-in or cancel wins once. */
export async function markCheckedIn(db: Database, id: number, at: Date): Promise<BookingRow | undefined> {
  const [row] = await db
    .update(bookings)
    .set({ status: 'checked_in', checkedInAt: at })
    .where(and(eq(bookings.id, id), eq(bookings.status, 'booked')))
    .returning();
  return row;
}

export async function centerIdOfDesk(db: Database, deskId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ centerId: zones.centerId })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(eq(desks.id, deskId));
  return row?.centerId;
}

/** Appends to the audit trail; call in the same transaction as the status change it records. */
export async function recordEvent(
  db: Database,
  event: {
    bookingId: number;
    fromStatus: BookingRow['status'] | null;
    toStatus: BookingRow['status'];
    actorId: number | null;
    reason: string;
    at: Date;
  },
): Promise<void> {
  await db.insert(bookingEvents).values(event);
}

export function eventsOf(db: Database, bookingId: number) {
  return db
    .select()
    .from(bookingEvents)
    .where(eq(bookingEvents.bookingId, bookingId))
    .orderBy(asc(bookingEvents.at), asc(bookingEvents.id));
}

/** The desk bookings a person holds over [from, to): a desk elsewhere rules out another desk then. */
export function personDeskRanges(db: Database, userId: number, from: Date, to: Date) {
  return db
    .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(and(eq(bookings.userId, userId), eq(bookings.holdsDesk, true), activeOverlapping(from, to)));
}

/** Minutes of desk time a person holds (booked or checked in) between two instants: for the weekly limit. */
export async function heldDeskMinutes(
  db: Database,
  userId: number,
  from: Date,
  to: Date,
  exceptId?: number,
): Promise<number> {
  const rows = await db
    .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.userId, userId),
        eq(bookings.holdsDesk, true),
        activeOverlapping(from, to),
        exceptId === undefined ? undefined : ne(bookings.id, exceptId),
      ),
    );
  return rows.reduce(
    (sum, r) =>
      sum + (Math.min(r.endsAt.getTime(), to.getTime()) - Math.max(r.startsAt.getTime(), from.getTime())) / 60_000,
    0,
  );
}

export async function activeBan(db: Database, userId: number, now: Date) {
  const [row] = await db
    .select()
    .from(bookingBans)
    .where(
      and(
        eq(bookingBans.userId, userId),
        isNull(bookingBans.liftedAt),
        lte(bookingBans.startsAt, now),
        gt(bookingBans.endsAt, now),
      ),
    )
    .orderBy(desc(bookingBans.endsAt))
    .limit(1);
  return row;
}

/**
 * How many times each booking has changed and when it last did, from its audit trail: the
 * SEQUENCE and DTSTAMP calendars need to replace an event instead of keeping a stale copy.
 */
export async function changeStamps(
  db: Database,
  bookingIds: readonly number[],
): Promise<Map<number, { sequence: number; at: Date }>> {
  const out = new Map<number, { sequence: number; at: Date }>();
  if (bookingIds.length === 0) return out;
  const rows = await db
    .select({
      bookingId: bookingEvents.bookingId,
      changes: sql<number>`count(*)::int`,
      at: sql<string>`max(${bookingEvents.at})`,
    })
    .from(bookingEvents)
    .where(inArray(bookingEvents.bookingId, [...bookingIds]))
    .groupBy(bookingEvents.bookingId);
  for (const r of rows) out.set(r.bookingId, { sequence: Math.max(0, Number(r.changes) - 1), at: new Date(r.at) });
  return out;
}
