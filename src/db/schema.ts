// The database schema, one file per feature under ./schema/. Import tables from here (or from
// './schema/<feature>.js' inside src/db/); drizzle.config.ts points drizzle-kit at this file.

export * from './schema/admin.js';
export * from './schema/api.js';
export * from './schema/auth.js';
export * from './schema/bookings.js';
export * from './schema/centers.js';
export * from './schema/floorplans.js';
export * from './schema/notifications.js';
export * from './schema/partners.js';
export * from './schema/people.js';
export * from './schema/personal.js';
export * from './schema/programmes.js';
export * from './schema/reports.js';
export * from './schema/schedules.js';
export * from './schema/webhooks.js';
