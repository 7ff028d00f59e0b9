import path from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirLockedError, lockDataDir } from './db/lock.js';
import { migrate } from './db/migrate.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoUsers } from './demo/data.js';
import { projectRoot } from './files/project-root.js';
import { createLogger } from './logger.js';
import { systemClock } from './time/seoul.js';

/**
 * The web app, jobs, mail and seed: most of the code. Loaded while the database opens (PGlite's
 * WASM compile and initdb take seconds), not before it, so a first start does both at once.
 */
function loadApp() {
  const loading = Promise.all([
    import('./http-server.js'),
    import('./jobs/scheduler.js'),
    import('./mail/mailer.js'),
    import('./demo/seed.js'),
  ]);
  // Awaited after the database opens; until then a failure must not count as unhandled.
  loading.catch(() => {});
  return loading;
}

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config);
  const clock = systemClock;

  const releaseLock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  // Where a start's time goes (opening the database, migrations, the demo seed), logged once:
  // a slow start on a new machine can then be read from the log rather than guessed.
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const app = loadApp();
  const database = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, maxConnections: config.databasePoolMax }
      : { dataDir: path.join(config.dataDir, 'pglite') },
  );
  phase('openMs');
  await migrate(database);
  phase('migrateMs');
  const [{ startHttpServer }, { startJobs }, { createMailer }, { seedDemoData }] = await app;
  phase('loadAppMs');
  const withUsers = config.env !== 'production';
  const { seeded } = await seedDemoData(database.db, clock, { withUsers, needsKey: config.needsKey });
  if (seeded) logger.info({ withUsers }, 'seeded demo data');
  phase('seedMs');

  const running = await startHttpServer({ database, clock, config, logger }, { port: config.port });
  const mail = createMailer({ db: database.db, clock, config, projectRoot });
  const jobs = startJobs({ db: database.db, clock, events: running.events, logger, needsKey: config.needsKey, mail });
  // The job's lag counts from the process's start until its first run finishes.
  const startedAt = Date.now();
  running.metrics.sources.jobLagSeconds = () => (Date.now() - (jobs.lastFinishedAt()?.getTime() ?? startedAt)) / 1000;
  const pruneTimer = setInterval(
    () => {
      running.sessionStore.prune().catch((err) => logger.warn({ err }, 'session prune failed'));
    },
    60 * 60 * 1000,
  );
  pruneTimer.unref();

  const port = running.port;
  phase('httpMs');
  logger.info(
    { port, database: database.kind, ...phases, sinceProcessStartMs: Math.round(performance.now()) },
    'listening',
  );
  const lines = [
    '',
    `  Smart Work Seoul is running at http://localhost:${port}`,
    `  Database: ${database.kind === 'pglite' ? `embedded PGlite in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (withUsers) {
    lines.push(`  Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const u of demoUsers)
      lines.push(`    ${u.username.padEnd(14)} ${u.role.padEnd(9)} ${u.displayName} (${u.about})`);
    lines.push(
      `  operator, admin and partner.admin also need a code from an authenticator app with the key ${DEMO_TOTP_SECRET}`,
      '  (or run `npm run demo:totp` to print the current code).',
    );
  } else {
    lines.push('  Production: no demo users. Create one with: npm run user:create -- <username> <role>');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(pruneTimer);
    // Stop accepting, let requests in flight finish, then close the database.
    jobs
      .stop()
      .then(() => running.close(SHUTDOWN_GRACE_MS))
      .then(() => database.close())
      .catch((err) => logger.error({ err }, 'error while stopping'))
      .finally(() => {
        releaseLock();
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    // A port already taken is the commonest first-start failure: say so in words, not a stack trace.
    const port = process.env.PORT ?? '3000';
    process.stderr.write(`\nPort ${port} is already in use. Stop what uses it, or start with PORT=<another port>.\n\n`);
  } else if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`\n${err.message}\n\n`);
  } else {
    process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
