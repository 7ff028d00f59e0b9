import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  doublePrecision,
  integer,
  pgEnum,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';

// Who uses the centers: organisations (public, private, civilian), their teams and the people in them.

export const organisationKind = pgEnum('organisation_kind', ['public', 'private', 'civilian']);

export const role = pgEnum('role', ['employee', 'manager', 'operator', 'admin', 'partner_admin']);

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
