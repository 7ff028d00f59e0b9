import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { bookings } from './bookings.js';
import { createdAt } from './columns.js';
import { users } from './people.js';

// Flexible-work plans (유연근무), their days and events, settings and approval delegations.

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
