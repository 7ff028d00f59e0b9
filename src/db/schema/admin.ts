import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './people.js';

// The administrative audit trail.

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
