import { timestamp } from 'drizzle-orm/pg-core';

// Column helpers shared by the schema files; not tables, so the barrel (../schema.ts) does not re-export them.

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
