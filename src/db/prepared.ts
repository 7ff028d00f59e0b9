import type { Database } from './client.js';

/**
 * A statement Drizzle builds once per database and then only runs: for the few reads every request
 * makes (its session, its person, their preferences, their unread count). Building the SQL each
 * time cost the process more than the database took to answer (bench/RESULTS.md, the day view).
 * Keyed by the database object, so each engine (and each test's database) gets its own.
 */
export function preparedFor<P>(build: (db: Database) => P): (db: Database) => P {
  const byDb = new WeakMap<Database, P>();
  return (db) => {
    let prepared = byDb.get(db);
    if (!prepared) {
      prepared = build(db);
      byDb.set(db, prepared);
    }
    return prepared;
  };
}
