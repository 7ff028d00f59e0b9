import { EventEmitter } from 'node:events';
import type postgres from 'postgres';

/** Something changed that screens show: a center's desks or bookings, or one person's notices. */
export type ChangeEvent = { type: 'center'; centerId: number } | { type: 'user'; userId: number };

/**
 * Carries change events to every app process. Publish only after the change has committed,
 * so that no screen shows what the database does not hold.
 */
export interface ChangeBus {
  publish(event: ChangeEvent): Promise<void>;
  subscribe(handler: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process (PGlite): events stay in memory. */
export class LocalBus implements ChangeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish(event: ChangeEvent): Promise<void> {
    // Asynchronously, like NOTIFY, so a publisher never runs its subscribers' work inline.
    setImmediate(() => this.emitter.emit('change', event));
  }
  subscribe(handler: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', handler);
    return () => this.emitter.off('change', handler);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'sws_changes';

function parse(payload: string): ChangeEvent | undefined {
  try {
    const e = JSON.parse(payload) as ChangeEvent;
    if (e.type === 'center' && Number.isInteger(e.centerId)) return e;
    if (e.type === 'user' && Number.isInteger(e.userId)) return e;
  } catch {}
  return undefined;
}

/**
 * Many processes on one PostgreSQL: LISTEN/NOTIFY carries events between them, and every
 * process then updates its own sockets. postgres.js keeps the LISTEN connection and
 * re-listens after a reconnect.
 */
export async function createPostgresBus(sql: postgres.Sql): Promise<ChangeBus> {
  const local = new LocalBus();
  const listener = await sql.listen(CHANNEL, (payload) => {
    const event = parse(payload);
    if (event) local.publish(event);
  });
  return {
    publish: async (event) => {
      await sql.notify(CHANNEL, JSON.stringify(event));
    },
    subscribe: (handler) => local.subscribe(handler),
    close: async () => {
      // The database may already be gone (shutdown order, or a health check test): nothing to unlisten then.
      await listener.unlisten().catch(() => {});
      await local.close();
    },
  };
}

/** The bus that fits the database: NOTIFY between processes on PostgreSQL, memory on single-process PGlite. */
export function createBus(database: { postgres?: postgres.Sql }): Promise<ChangeBus> {
  return database.postgres ? createPostgresBus(database.postgres) : Promise.resolve(new LocalBus());
}

/** Publishes what a committed change returned, each center and person once. Call only after commit. */
export async function publishAll(bus: ChangeBus, events: readonly ChangeEvent[]): Promise<void> {
  const seen = new Set<string>();
  const unique: ChangeEvent[] = [];
  for (const event of events) {
    const key = event.type === 'center' ? `c${event.centerId}` : `u${event.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(event);
  }
  // Together, not one round trip after another: the rooms they reach are independent.
  await Promise.all(unique.map((event) => bus.publish(event)));
}
