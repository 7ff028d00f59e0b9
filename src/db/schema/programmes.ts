import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { centers, desks } from './centers.js';
import { createdAt } from './columns.js';
import { organisations, users } from './people.js';

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
