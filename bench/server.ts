import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Resident memory of a process, from /proc. */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** npm start's build step (package.json's "build": esbuild bundles src/ into build/server/server.mjs); its time in ms. */
export function buildServer(): number {
  const t0 = performance.now();
  const run = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  return performance.now() - t0;
}
let built = false;

/**
 * The real server (npm start's command: its bundle, built here once) in its own process, on a
 * fresh PGlite directory or DATABASE_URL. `startedMs` counts from the process's start; a first
 * start as `npm start` makes it adds buildServer()'s time (bench/startup.ts does).
 */
export async function startServer(
  env: NodeJS.ProcessEnv = {},
  options: { dataDir?: string; keepDataDir?: boolean; nodeArgs?: string[] } = {},
): Promise<{ child: ChildProcess; port: number; startedMs: number; stop: () => Promise<void> }> {
  if (!built) {
    buildServer();
    built = true;
  }
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'sws-bench-'));
  const t0 = performance.now();
  // BENCH_SERVER_NODE_ARGS profiles the server under load, e.g. "--cpu-prof --cpu-prof-dir=/tmp/sws-prof".
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // BENCH_SERVER_SOURCE=1 runs src/ through tsx instead: a CPU profile then names each source file.
  const entry = process.env.BENCH_SERVER_SOURCE
    ? ['--import', 'tsx', 'src/server.ts']
    : ['--enable-source-maps', 'build/server/server.mjs'];
  const args = [...(options.nodeArgs ?? []), ...extra, ...entry];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const startedMs = performance.now() - t0;
  return {
    child,
    port,
    startedMs,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL database the benchmarks use (never another): BENCH_DATABASE_URL, else sws_perf_bench on localhost. */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sws_perf_bench';

/** Drops and recreates the benchmark's own database, so every run starts from the seeded demo. */
export async function recreateDatabase(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const name = new URL(url).pathname.slice(1);
  if (!/^sws_perf[a-z0-9_]*$/.test(name)) throw new Error(`refusing to recreate ${name}: not a sws_perf* database`);
  const admin = postgres({ ...parseUrl(url), database: 'postgres', onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

function parseUrl(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password) || undefined,
  };
}

/** Runs `count` requests, `concurrency` in flight, and gathers latencies and statuses. */
export async function load(
  count: number,
  concurrency: number,
  request: (i: number) => Promise<number>,
): Promise<{ seconds: number; latencies: number[]; statuses: Map<number, number>; perSecond: number }> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        let status: number;
        try {
          status = await request(i);
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, latencies, statuses, perSecond: count / seconds };
}

/** One line per figure, the same shape in every benchmark, so `npm run bench` reads as one table. */
export function figure(name: string, value: number, unit: string, baseline?: { name: string; value: number }): void {
  const v = `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
  const b = baseline
    ? `  baseline ${baseline.name} ${baseline.value.toFixed(baseline.value < 10 ? 2 : 1)} ${unit}  ratio ${(value / baseline.value).toFixed(2)}×`
    : '';
  console.log(`FIGURE ${name.padEnd(46)} ${v.padStart(14)}${b}`);
}
