import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { centers, desks } from './centers.js';
import { createdAt } from './columns.js';
import { users } from './people.js';

// Bookings and what hangs off them: their audit trail, bans after no-shows, series, the waitlist,
// room attendees, and absences that cancel them.
//
// The exclusion constraints that forbid double booking are not expressible in Drizzle;
// they live in the hand-written migration drizzle/0001_booking_exclusions.sql.

export const bookingStatus = pgEnum('booking_status', ['booked', 'checked_in', 'completed', 'cancelled', 'no_show']);

export const bookings = pgTable(
  'bookings',
  {
    id: serial('id').primaryKey(),
    deskId: integer('desk_id')
      .notNull()
      .references(() => desks.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: bookingStatus('status').notNull().default('booked'),
    createdAt: createdAt(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledById: integer('cancelled_by_id').references(() => users.id),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    seriesId: integer('series_id'),
    /** A room booking's title, seen by its attendees. */
    title: text('title'),
    /** Set when the holder needs an accessible desk: what an operator may know, never why. */
    needsAccessible: boolean('needs_accessible').notNull().default(false),
    /**
     * True for desks: a person holds at most one desk at a time (bookings_no_user_overlap), but
     * may hold a room (meeting, phone booth, nursing room) in the same hours. Copied from the
     * resource's kind at insert, because an exclusion constraint can only read its own row.
     */
    holdsDesk: boolean('holds_desk').notNull().default(true),
  },
  (t) => [
    check('bookings_range', sql`${t.endsAt} > ${t.startsAt}`),
    index('bookings_user_starts').on(t.userId, t.startsAt),
    // perf: a desk's bookings over a time range, in every status (history, occupancy, the day
    // view and the board read completed bookings too, which the partial exclusion indexes leave out).
    // Queries say `tstzrange(starts_at, ends_at, '[)') && tstzrange($from, $to, '[)')` to use it.
    // perf: a person's bookings from a moment on (My bookings, the API's default "next 14 days"):
    // ends_at > $from bounds the scan where (user_id, starts_at) would read their whole history.
    index('bookings_user_ends').on(t.userId, t.endsAt),
    index('bookings_desk_during').using('gist', t.deskId, sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`),
  ],
);

/** Every change of a booking's status, with who made it, when and why: the audit trail. */
export const bookingEvents = pgTable(
  'booking_events',
  {
    id: serial('id').primaryKey(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id, { onDelete: 'cascade' }),
    fromStatus: bookingStatus('from_status'),
    toStatus: bookingStatus('to_status').notNull(),
    /** Null when the system did it (the no-show job, a closure). */
    actorId: integer('actor_id').references(() => users.id),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('booking_events_booking').on(t.bookingId)],
);

/** A hold on booking ahead after too many no-shows; walk-ins stay allowed; an operator can lift it. */
export const bookingBans = pgTable(
  'booking_bans',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedById: integer('lifted_by_id').references(() => users.id),
  },
  (t) => [index('booking_bans_user').on(t.userId, t.endsAt)],
);

/** A repeating booking: one rule (an RFC 5545 RRULE) and its occurrences, which are ordinary bookings. */
export const bookingSeries = pgTable('booking_series', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  deskId: integer('desk_id')
    .notNull()
    .references(() => desks.id),
  rrule: text('rrule').notNull(),
  startMinute: smallint('start_minute').notNull(),
  endMinute: smallint('end_minute').notNull(),
  firstDate: date('first_date').notNull(),
  untilDate: date('until_date').notNull(),
  createdAt: createdAt(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
});

/** People waiting for a desk at a center for a time, optionally with a feature; promoted in order. */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id, { onDelete: 'cascade' }),
    feature: text('feature'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Book automatically when a desk frees up; otherwise send an offer that expires. */
    autoBook: boolean('auto_book').notNull().default(true),
    status: text('status').notNull().default('waiting'),
    bookingId: integer('booking_id').references(() => bookings.id),
    offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check('waitlist_range', sql`${t.endsAt} > ${t.startsAt}`),
    check('waitlist_status', sql`${t.status} in ('waiting', 'offered', 'fulfilled', 'expired', 'cancelled')`),
    index('waitlist_center_start').on(t.centerId, t.startsAt),
  ],
);

/** Colleagues invited to a room booking; they see it among their bookings. */
export const bookingAttendees = pgTable(
  'booking_attendees',
  {
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.userId] }), index('booking_attendees_user').on(t.userId)],
);

/** Leave or a business trip: the person's bookings in it are cancelled, and their series skip those days. */
export const absences = pgTable(
  'absences',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    kind: text('kind').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    check('absences_range', sql`${t.endsOn} >= ${t.startsOn}`),
    check('absences_kind', sql`${t.kind} in ('leave', 'business_trip', 'other')`),
    index('absences_user_dates').on(t.userId, t.startsOn),
  ],
);
