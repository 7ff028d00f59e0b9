// npm run user:create -- <username> <role> "<display name>" [organisation-code]
// Reads the password from the first line of standard input (so it stays out of shell history).
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createUserAccount } from '../auth/create-user.js';
import { loadConfig, loadDotEnv } from '../config.js';
import { openDatabase } from '../db/client.js';
import { lockDataDir } from '../db/lock.js';
import { migrate } from '../db/migrate.js';
import { DomainError } from '../errors.js';
import { translate } from '../i18n/index.js';

const [username, role, displayName, organisationCode = 'seoul'] = process.argv.slice(2);
if (!username || !role || !displayName) {
  process.stderr.write(
    'usage: npm run user:create -- <username> <employee|manager|operator|admin> "<display name>" [organisation-code]\n',
  );
  process.exit(2);
}
loadDotEnv();
const config = loadConfig();
const rl = createInterface({ input: process.stdin, output: process.stderr });
const password = await rl.question('Password (12+ characters): ');
rl.close();
const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
const database = await openDatabase(
  config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') },
);
try {
  await migrate(database);
  const user = await createUserAccount(database.db, { username, role, displayName, organisationCode, password });
  process.stdout.write(`created ${user.username} (id ${user.id})\n`);
} catch (err) {
  if (!(err instanceof DomainError)) throw err;
  const messages = Object.values(err.fieldErrors).map((m) => m && translate('en', m.key, m.params));
  process.stderr.write(`Not created: ${messages.join(' ')}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
  release();
}
