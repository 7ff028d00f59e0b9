import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, serial, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { centers } from './centers.js';
import { createdAt } from './columns.js';
import { organisations, users } from './people.js';

// Public–private centers: partner shares of desks, and civilians approved to use centers.

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
