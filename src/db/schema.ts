import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// The exclusion constraints that forbid double booking are not expressible in Drizzle;
// they live in the hand-written migration drizzle/0001_booking_exclusions.sql.

export const organisationKind = pgEnum('organisation_kind', ['public', 'private', 'civilian']);
export const role = pgEnum('role', ['employee', 'manager', 'operator', 'admin', 'partner_admin']);
export const network = pgEnum('network', ['government', 'internet']);
export const resourceKind = pgEnum('resource_kind', ['desk', 'meeting_room', 'phone_booth', 'nursing_room']);
export const bookingStatus = pgEnum('booking_status', ['booked', 'checked_in', 'completed', 'cancelled', 'no_show']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: organisationKind('kind').notNull(),
  /** Where the organisation's headquarters (본청) stands, to estimate commutes a center saves; null when unknown. */
  hqLat: doublePrecision('hq_lat'),
  hqLng: doublePrecision('hq_lng'),
  createdAt: createdAt(),
});

export const teams = pgTable('teams', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  organisationId: integer('organisation_id')
    .notNull()
    .references(() => organisations.id),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  managerId: integer('manager_id').references((): AnyPgColumn => users.id),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    displayNameEn: text('display_name_en').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: role('role').notNull().default('employee'),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    teamId: integer('team_id').references((): AnyPgColumn => teams.id),
    locale: text('locale').notNull().default('ko'),
    disabled: boolean('disabled').notNull().default(false),
    /** Part-time staff (시간선택제): contracted minutes a week; null is full time (the organisation's weekly hours). */
    contractedWeekMinutes: smallint('contracted_week_minutes'),
    createdAt: createdAt(),
    /** The TOTP secret (base32) once enrolment is confirmed; null when the person has no authenticator app. */
    totpSecret: text('totp_secret'),
    /** The last TOTP time step accepted, so a code is never accepted twice (RFC 6238 §5.2). */
    totpLastStep: integer('totp_last_step'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** Where mail goes; null: the person gets no mail (notices stay in the app). */
    email: text('email'),
    /** The kinds of mail the person turned off (src/mail/kinds.ts); security mail cannot be. */
    mailOff: text('mail_off').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    // Usernames are case-insensitive: stored in lower case so the unique index covers every spelling.
    check('users_username_normalised', sql`${t.username} = lower(btrim(${t.username})) and ${t.username} <> ''`),
    check(
      'users_contracted_week',
      sql`${t.contractedWeekMinutes} is null or ${t.contractedWeekMinutes} between 60 and 2400`,
    ),
  ],
);

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

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A zone's floor plan: a grid of cols × rows cells, optionally over an uploaded picture (PNG, JPEG or
 * SVG, checked by its bytes). Its own table so that the picture's bytes are read only when served.
 */
export const zonePlans = pgTable(
  'zone_plans',
  {
    zoneId: integer('zone_id')
      .primaryKey()
      .references(() => zones.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().default('grid'),
    cols: smallint('cols').notNull(),
    rows: smallint('rows').notNull(),
    image: bytea('image'),
    imageType: text('image_type'),
    imageWidth: integer('image_width'),
    imageHeight: integer('image_height'),
    /** A hash of the picture's bytes: its ETag and the version in its URL. */
    imageHash: text('image_hash'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('zone_plans_kind', sql`${t.kind} in ('grid', 'image')`),
    check('zone_plans_size', sql`${t.cols} between 4 and 60 and ${t.rows} between 4 and 60`),
    check(
      'zone_plans_image',
      sql`(${t.kind} = 'grid' and ${t.image} is null) or (${t.kind} = 'image' and ${t.image} is not null and ${t.imageType} in ('image/png', 'image/jpeg', 'image/svg+xml') and ${t.imageHash} is not null)`,
    ),
  ],
);

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

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Who is signed in on this session (null before sign-in), so their sessions can be listed and ended. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    ip: text('ip'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  },
  (t) => [index('sessions_expires_at').on(t.expiresAt), index('sessions_user').on(t.userId)],
);

/**
 * Failed sign-ins counted per key ('account:<username>' or 'address:<ip>') in a fixed window,
 * shared by every app process. Successful sign-ins are never counted.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_failures_window').on(t.windowStartedAt)],
);

/** One-time recovery codes for the second factor; only a SHA-256 of each is stored. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('mfa_recovery_codes_user').on(t.userId)],
);

/** WebAuthn credentials (passkeys, security keys) registered as a second factor. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential id, base64url, as the browser reports it. */
    credentialId: text('credential_id').notNull().unique(),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('passkeys_user').on(t.userId)],
);

/**
 * Accounts at an OpenID Connect provider (the city account), by their stable subject: the pair
 * (issuer, subject) names one person for good, whatever their e-mail or name becomes. One
 * account here may be reached from one subject per issuer.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: serial('id').primaryKey(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    unique('oidc_identities_subject').on(t.issuer, t.subject),
    unique('oidc_identities_user_issuer').on(t.userId, t.issuer),
    check('oidc_identities_nonempty', sql`${t.issuer} <> '' and ${t.subject} <> ''`),
  ],
);

/** Password reset links made by an administrator: one use, expiring; only a SHA-256 of the token is stored. */
export const passwordResets = pgTable('password_resets', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** Personal API tokens. Only a SHA-256 of the token is stored: it is shown once, at creation. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

/**
 * Idempotency-Key records for POST requests of the personal API: the first request claims the
 * key (the primary key makes a concurrent retry wait or fail), and its response is replayed.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: smallint('status'),
    body: jsonb('body'),
    headers: jsonb('headers'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
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

/** In-app notices to one person ("your booking moved to desk A-05"), as a message key with parameters. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').notNull().default({}),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_created').on(t.userId, t.createdAt)],
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

/** The secret of each person's private calendar feed URL; replacing it revokes the old URL. */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
});

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

/** How a person wants pages shown; kept per account (and in a cookie before signing in). */
export const uiPreferences = pgTable('ui_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  largeText: boolean('large_text').notNull().default(false),
  highContrast: boolean('high_contrast').notNull().default(false),
  reducedMotion: boolean('reduced_motion').notNull().default(false),
  simpleMode: boolean('simple_mode').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person's declared needs: sensitive personal data, kept apart and encrypted by the app
 * (AES-256-GCM, key from NEEDS_KEY). The database never holds them in the clear.
 */
export const userNeeds = pgTable('user_needs', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  sealed: text('sealed').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every read, export and deletion of someone's needs: who, whose, why, when. */
export const needsAccessLog = pgTable(
  'needs_access_log',
  {
    id: serial('id').primaryKey(),
    subjectId: integer('subject_id').notNull(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    purpose: text('purpose').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('needs_access_log_subject').on(t.subjectId, t.at)],
);

/** Where a person lives, coarsely: a district, or coordinates rounded to about a kilometre. Only to sort centers. */
export const userHomes = pgTable('user_homes', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  areaCode: text('area_code'),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A flexible-work plan (유연근무 계획): a period and a weekly pattern, approved by the person's manager. */
export const schedulePlans = pgTable(
  'schedule_plans',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    status: text('status').notNull().default('draft'),
    /** The weekly pattern: PlanDay[] (src/schedules/rules.ts). */
    pattern: jsonb('pattern').notNull(),
    project: text('project').notNull().default(''),
    outcome: text('outcome').notNull().default(''),
    decidedById: integer('decided_by_id').references(() => users.id),
    comment: text('comment').notNull().default(''),
    /** An approved plan this one changes; it is superseded when this one is approved. */
    replacesPlanId: integer('replaces_plan_id'),
    createdAt: createdAt(),
  },
  (t) => [
    check('schedule_plans_range', sql`${t.toDate} >= ${t.fromDate}`),
    check(
      'schedule_plans_status',
      sql`${t.status} in ('draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'superseded')`,
    ),
    index('schedule_plans_user').on(t.userId, t.fromDate),
  ],
);

/** Every change of a plan's state, with who, when and the comment. */
export const planEvents = pgTable('plan_events', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id')
    .notNull()
    .references(() => schedulePlans.id, { onDelete: 'cascade' }),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  actorId: integer('actor_id').references(() => users.id),
  comment: text('comment').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** What approval did for each smart-work day: the booking it made, or why the day needs attention. */
export const planDays = pgTable(
  'plan_days',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => schedulePlans.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    bookingId: integer('booking_id').references(() => bookings.id),
    /**
     * Why the day has no booking (PLAN_DAY_ATTENTION in src/schedules/rules.ts): 'pending' is not yet
     * booked and will be when the day enters the center's booking horizon.
     */
    attention: text('attention'),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.date] }),
    check(
      'plan_days_attention',
      sql`${t.attention} is null or ${t.attention} in ('closed', 'full', 'leave', 'own_booking', 'pending', 'past', 'refused', 'cancelled')`,
    ),
    index('plan_days_pending').on(t.date).where(sql`${t.attention} = 'pending'`),
  ],
);

/**
 * Flexible-work settings (ScheduleConfig in src/schedules/rules.ts) by scope: 'default' for
 * everyone now, room for one row per organisation later. Keys left out keep their defaults.
 */
export const scheduleSettings = pgTable('schedule_settings', {
  scope: text('scope').primaryKey(),
  settings: jsonb('settings').notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedById: integer('updated_by_id').references(() => users.id),
});

/** A manager's approvals handed to an acting manager for a period (inclusive dates). */
export const approvalDelegations = pgTable(
  'approval_delegations',
  {
    id: serial('id').primaryKey(),
    managerId: integer('manager_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    delegateId: integer('delegate_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('approval_delegations_range', sql`${t.endsOn} >= ${t.startsOn}`)],
);

/**
 * Endpoints that receive booking and plan events (HTTPS in production). A person's hooks get
 * their own events; an administrator's hook with scope 'all' gets everyone's. The secret signs
 * each delivery (HMAC-SHA256), so it is kept to sign with, and shown only to its owner.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: serial('id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: text('events').array().notNull(),
    scope: text('scope').notNull().default('own'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_owner').on(t.ownerId), check('webhooks_scope', sql`${t.scope} in ('own', 'all')`)],
);

/**
 * The outbox: one row per event per webhook, written in the same transaction as the change it
 * announces, then delivered by a job in any process (claimed with a lease, retried with
 * exponential backoff for a day). Rows survive restarts; a crash mid-delivery only delays it.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: serial('id').primaryKey(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_webhook').on(t.webhookId, t.createdAt),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);

/**
 * Fixed-window request counters for the API's rate limits, shared by every app process: one
 * row per caller (a user for authenticated calls, an address for anonymous ones).
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: timestamp('resets_at', { withTimezone: true }).notNull(),
});

/**
 * The mail outbox: one row per message, written in the transaction of the change it tells of,
 * sent after commit by whichever process claims it first (lease + SKIP LOCKED), retried with backoff.
 * The message is rendered when it is sent, in the language stored here.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    template: text('template').notNull(),
    params: jsonb('params').notNull().default({}),
    /**
     * A booking sent as an iTIP invitation (text/calendar): its METHOD and the SEQUENCE it had
     * when the change committed, so that every later change replaces this one in calendars.
     */
    icsBookingId: integer('ics_booking_id'),
    icsMethod: text('ics_method'),
    icsSequence: integer('ics_sequence'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Set when its unsubscribe link was used: each link works once. */
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due').on(t.status, t.nextAttemptAt),
    index('mail_outbox_user').on(t.userId, t.createdAt),
    check('mail_outbox_status', sql`${t.status} in ('pending', 'sent', 'failed', 'kept')`),
    check('mail_outbox_ics_method', sql`${t.icsMethod} is null or ${t.icsMethod} in ('REQUEST', 'CANCEL')`),
  ],
);

/**
 * Scheduled mails already enqueued, by key (`booking:{id}:evening`, `digest:{userId}:{date}`):
 * inserting the key first makes "find what is due once" hold across processes.
 */
export const mailOnce = pgTable('mail_once', {
  key: text('key').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/**
 * Every administrative change (centers, zones, desks, people, teams, organisations, operator
 * assignments, center policies): who, when, what, and the row before and after. Written by
 * recordAdminChange (src/admin/audit.ts) in the same transaction as the change itself.
 */
export const adminChanges = pgTable(
  'admin_changes',
  {
    id: serial('id').primaryKey(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admin_changes_at').on(t.at),
    index('admin_changes_entity').on(t.entity, t.entityId),
    index('admin_changes_actor').on(t.actorId, t.at),
  ],
);

/**
 * A partner organisation's share of a center's desks (public–private centers): its staff may hold
 * at most ceil(percent × the center's bookable desks) desks at that center on one day. A cap, not a
 * reservation (docs/partners.md). Checked by the `partnerQuota` rule of book().
 */
export const partnerShares = pgTable(
  'partner_shares',
  {
    id: serial('id').primaryKey(),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    percent: smallint('percent').notNull(),
    validFrom: date('valid_from').notNull(),
    /** Inclusive; null: until further notice. */
    validTo: date('valid_to'),
    createdAt: createdAt(),
  },
  (t) => [
    check('partner_shares_percent', sql`${t.percent} between 1 and 100`),
    check('partner_shares_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    index('partner_shares_center_org').on(t.centerId, t.organisationId),
  ],
);

/**
 * A civilian's approval to use the centers run by one organisation: requested by the person,
 * decided by that organisation's operators or an administrator. One row per person and organisation.
 */
export const civilianApprovals = pgTable(
  'civilian_approvals',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status').notNull().default('requested'),
    note: text('note').notNull().default(''),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedById: integer('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique('civilian_approvals_user_org').on(t.userId, t.organisationId),
    check('civilian_approvals_status', sql`${t.status} in ('requested', 'approved', 'refused', 'revoked')`),
    index('civilian_approvals_org_status').on(t.organisationId, t.status),
  ],
);

/** A person's favourite centers and desks ("search" feature): exactly one of the two is set; shown first on Today and the profile. */
export const userFavourites = pgTable(
  'user_favourites',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    centerId: integer('center_id').references(() => centers.id, { onDelete: 'cascade' }),
    deskId: integer('desk_id').references(() => desks.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    check('user_favourites_one_target', sql`num_nonnulls(${t.centerId}, ${t.deskId}) = 1`),
    uniqueIndex('user_favourites_center').on(t.userId, t.centerId).where(sql`${t.centerId} is not null`),
    uniqueIndex('user_favourites_desk').on(t.userId, t.deskId).where(sql`${t.deskId} is not null`),
  ],
);

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

// ── Pilot programmes (시범사업) ─────────────────────────────────────────────────────────────

/**
 * A pilot programme: a period, who it is for, and the benefits its approved participants get
 * through the one admission path (a longer horizon, desks reserved at chosen centers, a weekly
 * quota of days on those desks).
 */
export const programmes = pgTable(
  'programmes',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    goal: text('goal').notNull(),
    goalEn: text('goal_en').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** 'parents', 'disabled', 'older', 'everyone' (src/programmes/rules.ts TARGET_GROUPS). */
    targetGroups: text('target_groups').array().notNull(),
    extraHorizonDays: smallint('extra_horizon_days').notNull().default(0),
    /** Days a week a participant may hold one of the programme's reserved desks; null: no limit. */
    weeklyQuotaDays: smallint('weekly_quota_days'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The anonymous summary as published (small groups already withheld); the public page shows only this. */
    publishedSummary: jsonb('published_summary'),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    check('programmes_period', sql`${t.endsOn} >= ${t.startsOn}`),
    check('programmes_horizon', sql`${t.extraHorizonDays} between 0 and 90`),
    check('programmes_quota', sql`${t.weeklyQuotaDays} is null or ${t.weeklyQuotaDays} between 1 and 5`),
  ],
);

export const programmeOrganisations = pgTable(
  'programme_organisations',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.organisationId] })],
);

export const programmeCenters = pgTable(
  'programme_centers',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.centerId] })],
);

/** Desks held for a programme's participants: book() refuses them to everyone else. */
export const programmeDesks = pgTable(
  'programme_desks',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    deskId: integer('desk_id')
      .notNull()
      .references(() => desks.id),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.deskId] }), index('programme_desks_desk').on(t.deskId)],
);

/**
 * Who takes part. The eligibility declaration (which target groups the person belongs to) is
 * sealed like the needs profile (AES-256-GCM) and deleted on withdrawal; reads are logged in
 * needs_access_log.
 */
export const programmeMembers = pgTable(
  'programme_members',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'applied', 'invited', 'approved', 'declined' (src/programmes/rules.ts MEMBER_STATUSES). */
    status: text('status').notNull(),
    sealedEligibility: text('sealed_eligibility'),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
    /** The Seoul date participation began: the baseline is the weeks before it. */
    approvedOn: date('approved_on'),
    decidedById: integer('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique('programme_members_once').on(t.programmeId, t.userId),
    index('programme_members_user').on(t.userId, t.status),
    check('programme_members_status', sql`${t.status} in ('applied', 'invited', 'approved', 'declined')`),
  ],
);

/**
 * What stays of people who withdrew: counts added per programme and target group, with no
 * person in them, so outcomes keep their history without keeping anyone's declaration.
 */
export const programmeWithdrawnTotals = pgTable(
  'programme_withdrawn_totals',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    targetGroup: text('target_group').notNull(),
    people: integer('people').notNull().default(0),
    smartWorkDays: integer('smart_work_days').notNull().default(0),
    /** Person-weeks of participation and smart-work days in the baseline weeks, for the per-week rates. */
    weeks: doublePrecision('weeks').notNull().default(0),
    baselineDays: integer('baseline_days').notNull().default(0),
    baselineWeeks: doublePrecision('baseline_weeks').notNull().default(0),
    bookings: integer('bookings').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    noShows: integer('no_shows').notNull().default(0),
    started: integer('started').notNull().default(0),
    kmSaved: doublePrecision('km_saved').notNull().default(0),
    minutesSaved: doublePrecision('minutes_saved').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.targetGroup] })],
);

/** Anonymous survey answers (1–5): not linked to a person, so they survive a withdrawal. */
export const programmeSurveyAnswers = pgTable(
  'programme_survey_answers',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    phase: text('phase').notNull(),
    satisfaction: smallint('satisfaction').notNull(),
    productivity: smallint('productivity').notNull(),
    balance: smallint('balance').notNull(),
  },
  (t) => [
    check('programme_survey_phase', sql`${t.phase} in ('before', 'after')`),
    check(
      'programme_survey_scale',
      sql`${t.satisfaction} between 1 and 5 and ${t.productivity} between 1 and 5 and ${t.balance} between 1 and 5`,
    ),
  ],
);

/** That a person answered a phase (and nothing of what), so nobody answers twice. */
export const programmeSurveyDone = pgTable(
  'programme_survey_done',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    phase: text('phase').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.userId, t.phase] })],
);
