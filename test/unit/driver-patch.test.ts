import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * postgres.js 3.4.9 crashes the process (or hangs a connection) when PostgreSQL goes away with a
 * write pending; `npm install` patches it (src/db/driver-patch.mjs). This fails if the patch
 * did not apply — a new driver version, or an install that skipped the project's postinstall.
 */
describe('the PostgreSQL driver', () => {
  it('has the nextWrite guard in every build the app can load', () => {
    // The CommonJS entry is cjs/src/index.js: two levels under the package's root.
    const root = dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
    for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text, file).toContain('smart-work-seoul: nextWrite guard');
      expect(text, file).toContain('    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null');
    }
  });
});
