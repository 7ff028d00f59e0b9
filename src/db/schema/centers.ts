import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { organisations, users } from './people.js';

// The centers and what they hold: opening hours, zones, desks and rooms, who operates them, their
// booking rules and the days they are closed.

export const network = pgEnum('network', ['government', 'internet']);

export const resourceKind = pgEnum('resource_kind', ['desk', 'meeting_room', 'phone_booth', 'nursing_room']);

export const centers = pgTable('centers', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  district: text('district').notNull(),
  districtEn: text('district_en').notNull(),
  address: text('address').notNull(),
  addressEn: text('address_en').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  phone: text('phone'),
  operatorOrganisationId: integer('operator_organisation_id').references(() => organisations.id),
  /** Step-free from the street to every desk (lifts, ramps, no thresholds). */
  stepFree: boolean('step_free').notNull().default(false),
  /** Parking bays for disabled drivers. */
  accessibleParking: boolean('accessible_parking').notNull().default(false),
  /** How to get there (station exit, step-free route), in both languages; empty when not written yet. */
  directions: text('directions').notNull().default(''),
  directionsEn: text('directions_en').notNull().default(''),
  createdAt: createdAt(),
});

/** Weekly opening hours in minutes after local midnight (Asia/Seoul). A missing weekday is closed. */
export const centerHours = pgTable(
  'center_hours',
  {
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id, { onDelete: 'cascade' }),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: smallint('weekday').notNull(),
    opensMinute: smallint('opens_minute').notNull(),
    closesMinute: smallint('closes_minute').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.centerId, t.weekday] }),
    check('center_hours_weekday', sql`${t.weekday} between 1 and 7`),
    check(
      'center_hours_range',
      sql`0 <= ${t.opensMinute} and ${t.opensMinute} < ${t.closesMinute} and ${t.closesMinute} <= 1440`,
    ),
  ],
);

export const zones = pgTable(
  'zones',
  {
    id: serial('id').primaryKey(),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    network: network('network').notNull(),
    /** When set, only staff of this (private partner) organisation may book here. */
    partnerOrganisationId: integer('partner_organisation_id').references(() => organisations.id),
    sortOrder: smallint('sort_order').notNull().default(0),
    /** False once retired: kept (with its desks) for the bookings it has seen, never offered again. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [unique('zones_center_code').on(t.centerId, t.code)],
);

export const desks = pgTable(
  'desks',
  {
    id: serial('id').primaryKey(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => zones.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    kind: resourceKind('kind').notNull().default('desk'),
    capacity: smallint('capacity').notNull().default(1),
    features: text('features').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    /** Temporarily unusable (broken monitor, cleaning): not bookable, shown as out of service. */
    outOfService: boolean('out_of_service').notNull().default(false),
    outOfServiceReason: text('out_of_service_reason'),
    /** Overrides the center's mode for this desk or room (null: the center's). */
    bookingMode: text('booking_mode'),
    /** Where the desk stands on its zone's floor plan, in grid cells from the top left (null: not placed). */
    planX: smallint('plan_x'),
    planY: smallint('plan_y'),
  },
  (t) => [
    unique('desks_zone_label').on(t.zoneId, t.label),
    check('desks_capacity', sql`${t.capacity} >= 1`),
    check(
      'desks_plan_position',
      sql`(${t.planX} is null and ${t.planY} is null) or (${t.planX} >= 0 and ${t.planY} >= 0)`,
    ),
  ],
);

/** Which centers an operator runs; admins run every center. */
export const centerOperators = pgTable(
  'center_operators',
  {
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.centerId, t.userId] })],
);

/** Each center's booking rules, edited by its operators; a center without a row uses the defaults. */
export const centerPolicies = pgTable(
  'center_policies',
  {
    centerId: integer('center_id')
      .primaryKey()
      .references(() => centers.id, { onDelete: 'cascade' }),
    horizonDays: smallint('horizon_days').notNull().default(14),
    minMinutes: smallint('min_minutes').notNull().default(30),
    maxMinutes: smallint('max_minutes').notNull().default(720),
    maxWeekMinutes: smallint('max_week_minutes').notNull().default(2400),
    checkInBeforeMinutes: smallint('check_in_before_minutes').notNull().default(15),
    checkInAfterMinutes: smallint('check_in_after_minutes').notNull().default(30),
    noShowLimit: smallint('no_show_limit').notNull().default(3),
    walkInsAllowed: boolean('walk_ins_allowed').notNull().default(true),
    /** How desks are booked: half-day blocks, whole days only, whole hours, or any 30-minute range. */
    deskMode: text('desk_mode').notNull().default('half_day'),
    /** Accessible desks and nursing rooms are held for people who need them until this many hours before. */
    priorityReleaseHours: smallint('priority_release_hours').notNull().default(24),
    roomMode: text('room_mode').notNull().default('hourly'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedById: integer('updated_by_id').references(() => users.id),
  },
  (t) => [
    check('center_policies_horizon', sql`${t.horizonDays} between 0 and 90`),
    check(
      'center_policies_duration',
      sql`30 <= ${t.minMinutes} and ${t.minMinutes} <= ${t.maxMinutes} and ${t.maxMinutes} <= 1440`,
    ),
    check('center_policies_week', sql`${t.maxWeekMinutes} between 30 and 10080`),
    check(
      'center_policies_check_in',
      sql`${t.checkInBeforeMinutes} between 0 and 120 and ${t.checkInAfterMinutes} between 5 and 240`,
    ),
    check('center_policies_no_show', sql`${t.noShowLimit} between 1 and 20`),
    check(
      'center_policies_modes',
      sql`${t.deskMode} in ('free', 'half_day', 'whole_day', 'hourly') and ${t.roomMode} in ('free', 'half_day', 'whole_day', 'hourly')`,
    ),
  ],
);

/**
 * Days a center is closed: ad-hoc closures such as maintenance, and holidays. A closure without a
 * center is network-wide (임시공휴일, election days): every center closes and plans skip the day.
 * The public holidays themselves are data (src/centers/holidays-kr-2026-2027.json) and need no row. Inclusive dates in Seoul.
 */
export const closures = pgTable(
  'closures',
  {
    id: serial('id').primaryKey(),
    centerId: integer('center_id').references(() => centers.id, { onDelete: 'cascade' }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    reasonEn: text('reason_en').notNull().default(''),
    createdAt: createdAt(),
    createdById: integer('created_by_id').references(() => users.id),
  },
  (t) => [
    check('closures_range', sql`${t.endsOn} >= ${t.startsOn}`),
    check('closures_kind', sql`${t.kind} in ('holiday', 'maintenance', 'other')`),
    index('closures_center_dates').on(t.centerId, t.startsOn),
  ],
);
