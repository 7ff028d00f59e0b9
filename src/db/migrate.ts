import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { projectRoot } from '../files/project-root.js';
import type { DatabaseHandle, Schema } from './client.js';

export const migrationsFolder = path.join(projectRoot, 'drizzle');

// Any fixed number: every app process takes the same advisory lock so that only one migrates at a time.
const MIGRATION_LOCK = 727_001;

/** Applies the migrations in drizzle/. Safe to call from several processes starting together on PostgreSQL. */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    if (!handle.pglite) throw new Error('pglite instance missing');
    await migrateEmbedded(handle.pglite);
    return;
  }
  const client = handle.postgres;
  if (!client) throw new Error('postgres client missing');
  const lockConnection = await client.reserve();
  try {
    await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(handle.db as unknown as PostgresJsDatabase<Schema>, { migrationsFolder });
  } finally {
    await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lockConnection.release();
  }
}

/**
 * Drizzle's migrator, as it does it (the same bookkeeping table, hashes and order, in one
 * transaction), but each migration sent to PGlite as one script: statement by statement, the
 * 200-odd statements cost about 1.8 s of a first start, script by script a fraction of that.
 */
async function migrateEmbedded(pglite: PGlite): Promise<void> {
  await pglite.exec(`
    create schema if not exists drizzle;
    create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
  const last = await pglite.query<{ created_at: string }>(
    'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
  );
  const lastAt = last.rows[0] ? Number(last.rows[0].created_at) : undefined;
  const pending = readMigrationFiles({ migrationsFolder }).filter(
    (m) => lastAt === undefined || lastAt < m.folderMillis,
  );
  if (pending.length === 0) return;
  await pglite.transaction(async (tx) => {
    for (const m of pending) {
      await tx.exec(m.sql.join('\n;\n'));
      await tx.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        m.hash,
        m.folderMillis,
      ]);
    }
  });
}
