import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lints a throw-away file placed at `path` in the tree, as CI's `npm run lint` would see it. */
function lint(path: string, source: string) {
  const file = join(process.cwd(), path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    const run = spawnSync('npx', ['biome', 'lint', path], { encoding: 'utf8' });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(path.includes('/zz-probe/') ? dirname(file) : file, { recursive: true, force: true });
  }
}

describe('layer boundaries are enforced by lint (biome.json overrides)', () => {
  it('refuses a router or the API importing the schema or drizzle', { timeout: 120_000 }, () => {
    for (const path of ['src/web/zz-probe/routes.ts', 'src/api/zz-probe/probe.ts']) {
      const schema = lint(path, "import { users } from '../../db/schema.js';\n\nexport const probe = users;\n");
      expect(schema.code, schema.output).not.toBe(0);
      expect(schema.output).toContain('noRestrictedImports');
      const table = lint(path, "import { users } from '../../db/schema/people.js';\n\nexport const probe = users;\n");
      expect(table.code, table.output).not.toBe(0);
      expect(table.output).toContain('noRestrictedImports');
      const drizzle = lint(path, "import { eq } from 'drizzle-orm';\n\nexport const probe = eq;\n");
      expect(drizzle.code, drizzle.output).not.toBe(0);
      expect(drizzle.output).toContain('noRestrictedImports');
    }
  });

  it('lets a repository import them', { timeout: 60_000 }, () => {
    const ok = lint(
      'src/bookings/zz-probe/repository.ts',
      "import { users } from '../../db/schema.js';\n\nexport const probe = users;\n",
    );
    expect(ok.code, ok.output).toBe(0);
  });
});
