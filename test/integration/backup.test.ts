import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { centers } from '../../src/db/schema.js';
import { engine } from '../helpers/database.js';

const work = mkdtempSync(path.join(tmpdir(), 'sws-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[], dataDir: string) => {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return spawnSync('npx', ['tsx', 'src/cli/backup.ts', ...args], {
    encoding: 'utf8',
    env: { ...env, DATA_DIR: dataDir, NODE_ENV: 'test' },
  });
};

describe.skipIf(engine !== 'pglite')('backups of the embedded database', () => {
  it('round-trips: npm run backup, then npm run restore into a new data directory', { timeout: 120_000 }, async () => {
    const original = path.join(work, 'original');
    mkdirSync(original, { recursive: true });
    const db = await openDatabase({ dataDir: path.join(original, 'pglite') });
    await migrate(db);
    await db.db.insert(centers).values({
      code: 'backup-test',
      name: '백업 센터',
      nameEn: 'Backup Center',
      district: '중구',
      districtEn: 'Jung-gu',
      address: '서울',
      addressEn: 'Seoul',
      lat: 37.5,
      lng: 127,
    });
    await db.close();

    const file = path.join(work, 'backup.tar.gz');
    const backup = run(['backup', file], original);
    expect(backup.status, backup.stderr).toBe(0);
    const restored = path.join(work, 'restored');
    const restore = run(['restore', file], restored);
    expect(restore.status, restore.stderr).toBe(0);
    // Restoring over a database that is there is refused: nothing is overwritten.
    expect(run(['restore', file], restored).status).toBe(1);

    const back = await openDatabase({ dataDir: path.join(restored, 'pglite') });
    const rows = await back.db.select().from(centers);
    expect(rows.map((r) => r.code)).toContain('backup-test');
    await back.close();
  });
});
