// Self time by function (and by package) from the .cpuprofile files node --cpu-prof wrote.
//   npx tsx bench/cpu-top.ts <dir-or-file> [top=25]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const target = process.argv[2] ?? '/tmp/sws-prof';
const top = Number(process.argv[3] ?? 25);
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(target, f))
  : [target];
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = nodes.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const url = n.callFrame.url;
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('/src/') ? 'app (src/)' : url ? url.replace(/^.*\//, '') : n.callFrame.functionName || '(native)');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/wt-perf\//, '')}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
  });
}
const show = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => {
      console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
    });
console.log(`# ${files.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled`);
console.log('## by package');
show(byPackage, 15);
console.log('## by function (self time)');
show(byFunction, top);
