import cluster from 'node:cluster';
import os from 'node:os';

/**
 * `npm run start:cluster`: WEB_CONCURRENCY app processes (default: one per core) sharing one port
 * and one PostgreSQL (DATABASE_URL is required: PGlite is one process's embedded database).
 * Each worker is `src/server.ts` as `npm start` runs it: migrations take an advisory lock, the
 * jobs are safe to run in every process, and live updates travel between processes by NOTIFY.
 * A worker that dies is replaced. See docs/deploy.md for when to prefer separate processes
 * behind nginx instead (Socket.IO's long-polling fallback needs sticky sessions).
 */
if (cluster.isPrimary) {
  if (!process.env.DATABASE_URL) {
    process.stderr.write('\nstart:cluster needs DATABASE_URL (PostgreSQL): PGlite serves one process only.\n\n');
    process.exit(1);
  }
  const workers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    process.stderr.write(`worker ${worker.process.pid} exited (${code}); starting another\n`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    let left = Object.keys(cluster.workers ?? {}).length;
    if (left === 0) process.exit(0);
    cluster.on('exit', () => {
      left -= 1;
      if (left === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
} else {
  await import('./server.js');
}
