import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/web/views.js';

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the port once the server says it is running, or rejects with its output if it exits first. */
  ready: Promise<number>;
  exited: Promise<number | null>;
}

/**
 * npm start's bundle, built by package.json's own "build" command, once per test worker and to a
 * file of its own (two levels deep like the real one, so its paths resolve the same way).
 */
let bundle: string | undefined;
function builtServer(): string {
  if (bundle) return bundle;
  const scripts = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as PackageJson).scripts;
  const out = `build/server/test-${process.pid}.mjs`;
  const command = scripts.build
    .replace(/^esbuild /, `${path.join(projectRoot, 'node_modules/.bin/esbuild')} `)
    .replace(/--outfile=\S+/, `--outfile=${out}`);
  const run = spawnSync(command, { cwd: projectRoot, shell: true, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  bundle = path.join(projectRoot, out);
  // Test workers are not always given an exit to clean up in: bundles of runs long gone go here.
  const dir = path.dirname(bundle);
  for (const name of readdirSync(dir))
    if (name.startsWith('test-') && Date.now() - statSync(path.join(dir, name)).mtimeMs > 3_600_000)
      rmSync(path.join(dir, name), { force: true });
  return bundle;
}
interface PackageJson {
  scripts: { build: string };
}

/** Starts the real server (npm start's command: the bundle of src/server.ts) as its own process. */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', builtServer()], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  ready.catch(() => {});
  return { child, output: () => out, ready, exited };
}
