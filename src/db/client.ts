import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { type SQL, sql } from 'drizzle-orm';
import { type PgDatabase, type PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type the app sees, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance, for dumping a template in tests; undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The postgres.js client, for LISTEN/NOTIFY and advisory locks; undefined on PGlite. */
  postgres?: postgres.Sql;
  /** Statements sent so far (PostgreSQL), for /metrics. */
  statements?: () => number;
  /** The pool's size (PostgreSQL). */
  poolMax?: number;
}

export type DatabaseOptions =
  | {
      url: string;
      maxConnections?: number;
      /** Called with every statement sent (postgres.js `debug`): for counting round trips in benchmarks and metrics. */
      onQuery?: (query: string) => void;
    }
  | { dataDir: string | undefined; loadDataDir?: Blob };

export const pgliteExtensions = { btree_gist };

/** Opens PostgreSQL through postgres.js when given a URL, else embedded PGlite (in memory when dataDir is undefined). */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    let statements = 0;
    const max = options.maxConnections ?? 10;
    const client = postgres(options.url, {
      max,
      onnotice: () => {},
      connection: { application_name: 'smart-work-seoul' },
      debug: (_connection: number, query: string) => {
        statements++;
        options.onQuery?.(query);
      },
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      postgres: client,
      statements: () => statements,
      poolMax: max,
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    extensions: pgliteExtensions,
    loadDataDir: options.loadDataDir,
  });
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pglite,
    ping: async () => {
      if (pglite.closed) throw new Error('database closed');
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

export interface PgErrorInfo {
  code: string;
  constraint?: string;
}

/** Finds the PostgreSQL error behind a driver or Drizzle wrapper (both engines give SQLSTATE codes). */
export function pgErrorOf(err: unknown): PgErrorInfo | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) {
      const constraint = o.constraint ?? o.constraint_name;
      return { code: o.code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
    e = o.cause;
  }
  return undefined;
}

/** Rows of a raw `db.execute` result, which PGlite and postgres.js shape differently. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Runs `work` in a transaction with the app's Database type (Drizzle's transaction type is narrower). */
export function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database));
}

/** Whether `db` is already inside a transaction (a caller's), rather than the pool or the embedded database. */
export function isTransaction(db: Database): boolean {
  return (db as unknown) instanceof PgTransaction;
}
