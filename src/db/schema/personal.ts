import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { centers, desks } from './centers.js';
import { createdAt } from './columns.js';
import { users } from './people.js';

// What a person keeps about themselves: display preferences, needs (sealed), home area, favourites.

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
