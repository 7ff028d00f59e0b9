import { defineConfig } from 'vitest/config';

// `npm run test:faults`: a real server process killed mid-burst, and a private PostgreSQL cluster
// stopped and started (never the shared one). Not part of `npm test`: it needs PostgreSQL's
// binaries (PG_BIN, default /usr/lib/postgresql/15/bin) and takes a minute.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
