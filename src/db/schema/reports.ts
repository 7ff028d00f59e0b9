import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
} from 'drizzle-orm/pg-core';

// ── Utilisation reports: aggregates the application keeps current (src/reports/rollup.ts) ──
// Triggers on bookings (hand-written in the reports migration) append the (center, Seoul day) of every
// change to report_dirty_days; the job re-aggregates those days into the three tables below.

/** Days whose aggregates are out of date: appended by the bookings triggers, removed by the job once re-aggregated. */
export const reportDirtyDays = pgTable(
  'report_dirty_days',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    centerId: integer('center_id').notNull(),
    day: date('day').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_dirty_days_center_day').on(t.centerId, t.day)],
);

/** Desks (not rooms) held in each Seoul hour of a day at a center: booked, and with someone checked in. */
export const reportHourRollups = pgTable(
  'report_hour_rollups',
  {
    centerId: integer('center_id').notNull(),
    day: date('day').notNull(),
    hour: smallint('hour').notNull(),
    desksBooked: integer('desks_booked').notNull(),
    desksPresent: integer('desks_present').notNull(),
  },
  (t) => [primaryKey({ columns: [t.centerId, t.day, t.hour] }), index('report_hour_rollups_day').on(t.day)],
);

/** A desk's or room's bookings starting on a Seoul day, by outcome, with minutes booked and stayed. */
export const reportDeskDays = pgTable(
  'report_desk_days',
  {
    centerId: integer('center_id').notNull(),
    deskId: integer('desk_id').notNull(),
    day: date('day').notNull(),
    /** Every booking but the cancelled ones (booked, checked in, completed, no-show). */
    booked: integer('booked').notNull(),
    /** Checked in (still there or since left). */
    present: integer('present').notNull(),
    noShow: integer('no_show').notNull(),
    cancelled: integer('cancelled').notNull(),
    /** Minutes of bookings that held the desk (booked, checked in, completed). */
    bookedMinutes: integer('booked_minutes').notNull(),
    /** Minutes from check-in to the end of the booking, for those who came. */
    stayMinutes: integer('stay_minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.centerId, t.day, t.deskId] }), index('report_desk_days_day').on(t.day)],
);

/**
 * Who used a center on a day (a booking not cancelled), for counts of distinct and repeat users,
 * home districts and teams. Never shown row by row: the reports read only counts of it.
 */
export const reportUserDays = pgTable(
  'report_user_days',
  {
    centerId: integer('center_id').notNull(),
    day: date('day').notNull(),
    userId: integer('user_id').notNull(),
    present: boolean('present').notNull(),
  },
  (t) => [primaryKey({ columns: [t.centerId, t.day, t.userId] }), index('report_user_days_day').on(t.day)],
);
