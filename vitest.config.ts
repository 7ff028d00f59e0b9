import { defineConfig } from 'vitest/config';

// The integration tests run once on embedded PGlite and, when TEST_DATABASE_URL is set, again on PostgreSQL.
const postgresUrl = process.env.TEST_DATABASE_URL;
const integration = (engine: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `integration-${engine}`,
    include: ['test/integration/**/*.test.ts'],
    globalSetup: [`test/helpers/global-setup-${engine}.ts`],
    env: { TEST_DB: engine },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Another zone than Seoul's, so that no rule can lean on the server's local time.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { TZ: 'America/New_York' } },
      },
      integration('pglite'),
      ...(postgresUrl ? [integration('postgres')] : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup-pglite.ts'],
          env: { TEST_DB: 'pglite' },
          testTimeout: 300_000,
          hookTimeout: 90_000,
          // A page that answers in a moment on a quiet machine can take many seconds in CI (two
          // browsers, two servers and PGlite test files on two cores): polls wait up to a minute.
          expect: { poll: { timeout: 60_000 } },
        },
      },
    ],
  },
});
