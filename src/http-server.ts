import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import type { Logger } from './logger.js';
import { type ChangeBus, createBus } from './realtime/bus.js';
import { attachRealtime } from './realtime/server.js';
import type { Clock } from './time/seoul.js';

export interface RunningServer {
  server: Server;
  port: number;
  events: ChangeBus;
  realtime: ReturnType<typeof attachRealtime>;
  sessionStore: ReturnType<typeof createApp>['sessionStore'];
  metrics: ReturnType<typeof createApp>['metrics'];
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes sockets and the bus. Not the database. */
  close(graceMs?: number): Promise<void>;
}

/** The app, its Socket.IO server and its change bus on one HTTP server: what `npm start` and the tests both run. */
export async function startHttpServer(
  deps: { database: DatabaseHandle; clock: Clock; sessionClock?: Clock; config: Config; logger: Logger },
  listen: { port: number; host?: string },
  options: { coalesceMs?: number } = {},
): Promise<RunningServer> {
  const events = await createBus(deps.database);
  const { app, sessionStore, sessionMiddleware, passportSession, metrics, snapshots } = createApp({ ...deps, events });
  const server = createServer(app);
  const realtime = attachRealtime(server, {
    db: deps.database.db,
    events,
    logger: deps.logger,
    sessionMiddleware,
    passportSession,
    snapshots,
    coalesceMs: options.coalesceMs,
  });
  metrics.sources.sockets = () => realtime.io.engine.clientsCount;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    events,
    realtime,
    sessionStore,
    metrics,
    close: async (graceMs = 10_000) => {
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      force.unref();
      server.closeIdleConnections();
      // io.close() closes the HTTP server too, and calls back once it has stopped.
      await realtime.close();
      snapshots.close();
      clearTimeout(force);
      await events.close();
    },
  };
}
