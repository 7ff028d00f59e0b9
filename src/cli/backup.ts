import { loadConfig, loadDotEnv } from '../config.js';
import { backupPglite, restorePglite } from '../db/backup.js';

/**
 * npm run backup [file]  /  npm run restore <file>
 * The embedded database only (stop the app first: the data directory is locked while it runs).
 * On PostgreSQL use pg_dump -Fc "$DATABASE_URL" > backup.dump and pg_restore (see README).
 */
loadDotEnv();
const config = loadConfig();
const [command, file] = process.argv.slice(2);
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc "$DATABASE_URL" -f backup.dump (README).');
  process.exit(2);
}
try {
  if (command === 'backup') {
    const target = file ?? `backups/smart-work-seoul-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    const { bytes } = await backupPglite(config.dataDir, target);
    console.log(`Backed up ${config.dataDir} to ${target} (${bytes} bytes).`);
  } else if (command === 'restore' && file) {
    await restorePglite(file, config.dataDir);
    console.log(`Restored ${file} into ${config.dataDir}.`);
  } else {
    console.error('Usage: npm run backup [file]  |  npm run restore <file>');
    process.exit(2);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
