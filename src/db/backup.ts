import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from './client.js';
import { lockDataDir } from './lock.js';

/**
 * Backups of the embedded database: PGlite's own dump of its data directory (a gzipped tar),
 * taken under the same lock file as the server, so never while the app is running on it.
 * PostgreSQL deployments back up with pg_dump (README, docs/deploy.md).
 */
export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number }> {
  const release = lockDataDir(dataDir);
  try {
    const dir = path.join(dataDir, 'pglite');
    if (!existsSync(dir)) throw new Error(`There is no embedded database in ${dir}.`);
    const db = await PGlite.create({ dataDir: dir, extensions: pgliteExtensions });
    try {
      const dump = await db.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      writeFileSync(file, bytes);
      return { bytes: bytes.length };
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/** Restores a backup into an empty data directory (a non-empty one is refused: nothing is overwritten). */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  const release = lockDataDir(dataDir);
  try {
    const dir = path.join(dataDir, 'pglite');
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new Error(`${dir} is not empty. Restore into a new DATA_DIR, or move the old one aside first.`);
    const blob = new Blob([readFileSync(file)]);
    const db = await PGlite.create({ dataDir: dir, extensions: pgliteExtensions, loadDataDir: blob });
    await db.query('select 1');
    await db.close();
  } finally {
    release();
  }
}
