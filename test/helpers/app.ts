import type { Server } from 'node:http';
import { eq } from 'drizzle-orm';
import type { Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { centerOperators, teams, users } from '../../src/db/schema.js';
import { type RunningServer, startHttpServer } from '../../src/http-server.js';
import { createLogger } from '../../src/logger.js';
import type { Clock } from '../../src/time/seoul.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createUser, PASSWORD } from './factories.js';
import { HttpClient } from './http.js';

/** Tuesday 1 December 2026, 09:10 in Seoul: a working day, within every center's hours. */
export const TEST_NOW = new Date('2026-12-01T09:10:00+09:00');

export class TestClock implements Clock {
  constructor(private at: Date = TEST_NOW) {}
  now() {
    return new Date(this.at);
  }
  set(at: Date) {
    this.at = new Date(at);
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    sessionSecret: 'test-secret-test-secret-test-secret',
    trustProxy: [],
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel'] | undefined) ?? 'silent',
    viewCache: true,
    loginRateLimit: 1000,
    apiRateLimit: 100_000,
    apiUserRateLimit: 100_000,
    needsKey: Buffer.alloc(32, 7),
    publicUrl: 'http://smartwork.test',
    requestTimeoutMs: 15_000,
    mailFrom: 'no-reply@smartwork.test',
    ...overrides,
  };
}

export interface RunningApp {
  baseUrl: string;
  server: Server;
  running: RunningServer;
  close(): Promise<void>;
  client(): HttpClient;
}

/** Serves the real app (with its Socket.IO server) over real HTTP on an ephemeral port. */
export async function serveApp(
  database: DatabaseHandle,
  clock: Clock,
  config: Config = testConfig(),
  options: { coalesceMs?: number; sessionClock?: Clock } = {},
): Promise<RunningApp> {
  const running = await startHttpServer(
    { database, clock, sessionClock: options.sessionClock, config, logger: createLogger(config) },
    { port: 0, host: '127.0.0.1' },
    options,
  );
  const baseUrl = `http://127.0.0.1:${running.port}`;
  return {
    baseUrl,
    server: running.server,
    running,
    client: () => new HttpClient(baseUrl, clock),
    close: () => running.close(0),
  };
}

export interface TestApp extends RunningApp {
  db: DatabaseHandle['db'];
  database: DatabaseHandle;
  testDatabase: TestDatabase;
  clock: TestClock;
  /** Stops the server and drops the database. */
  destroy(): Promise<void>;
}

/** A fresh database and the app on it; one per test file. */
export async function startTestApp(config?: Partial<Config>): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const clock = new TestClock();
  const running = await serveApp(testDatabase.database, clock, testConfig(config));
  return {
    ...running,
    db: testDatabase.database.db,
    database: testDatabase.database,
    testDatabase,
    clock,
    destroy: async () => {
      await running.close();
      await testDatabase.destroy();
    },
  };
}

/** A new person of that role, signed in over HTTP; optionally in an organisation, or running a center. */
export async function signedIn(
  app: TestApp,
  options: {
    role?: 'employee' | 'manager' | 'operator' | 'admin' | 'partner_admin';
    organisationId?: number;
    operates?: number;
  } = {},
) {
  const user = await createUser(app.db, { role: options.role, organisationId: options.organisationId });
  if (options.operates) await app.db.insert(centerOperators).values({ centerId: options.operates, userId: user.id });
  const client = app.client();
  await client.login(user.username, PASSWORD);
  return { user, client };
}

/** A manager and a member of one new team, both signed in (the manager after the role change). */
export async function teamOf(app: TestApp) {
  const manager = await signedIn(app);
  const member = await signedIn(app);
  const [team] = await app.db
    .insert(teams)
    .values({
      code: `team-${manager.user.id}`,
      organisationId: manager.user.organisationId,
      name: '팀',
      nameEn: 'Team',
      managerId: manager.user.id,
    })
    .returning();
  await app.db.update(users).set({ teamId: team!.id, role: 'manager' }).where(eq(users.id, manager.user.id));
  await app.db.update(users).set({ teamId: team!.id }).where(eq(users.id, member.user.id));
  // Signed in again so the session carries the manager role.
  await manager.client.login(manager.user.username, PASSWORD);
  return { manager, member, team: team! };
}
