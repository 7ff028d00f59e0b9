import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { createDatabaseFromTemplate } from './postgres.js';

export type Engine = 'pglite' | 'postgres';
export const engine: Engine = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: DatabaseHandle;
  /** Opens another connection pool on the same database (PostgreSQL only), as a second app process would. */
  url?: string;
  destroy(): Promise<void>;
}

/** A clean, migrated database of the engine under test, copied from the template made in global setup. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (engine === 'postgres') {
    const { url, drop } = await createDatabaseFromTemplate(inject('postgresTemplate'));
    const database = await openDatabase({ url, maxConnections: 10 });
    return {
      database,
      url,
      destroy: async () => {
        await database.close();
        await drop();
      },
    };
  }
  const dump = await readFile(inject('pgliteTemplate'));
  const database = await openDatabase({ dataDir: undefined, loadDataDir: new Blob([dump]) });
  return { database, destroy: () => database.close() };
}
