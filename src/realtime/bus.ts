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
  /**
   * Called at once, in this process, for each event this process publishes, before any
   * subscriber (here or in another process) hears of it: for caches that must not serve what
   * this process has just changed to the next request it answers.
   */
  onPublish(handler: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process (PGlite): events stay in memory. */
export class LocalBus implements ChangeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly own = new EventEmitter().setMaxListeners(0);
  async publish(event: ChangeEvent): Promise<void> {
    this.own.emit('change', event);
    // Asynchronously, like NOTIFY, so a publisher never runs its subscribers' work inline.
    setImmediate(() => this.emitter.emit('change', event));
  }
  subscribe(handler: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', handler);
    return () => this.emitter.off('change', handler);
  }
  onPublish(handler: (event: ChangeEvent) => void): () => void {
    this.own.on('change', handler);
    return () => this.own.off('change', handler);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    this.own.removeAllListeners();
  }
}

const CHANNEL = 'sws_changes';
/** Notifications per statement, well under PostgreSQL's 65,535 parameters. */
const MAX_NOTIFIES = 200;

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
  const own = new EventEmitter().setMaxListeners(0);
  const listener = await sql.listen(CHANNEL, (payload) => {
    const event = parse(payload);
    if (event) local.publish(event);
  });
  // Events published in the same turn of the event loop (one booking's center and person, or
  // many bookings at once) go out as one statement: each NOTIFY statement is a commit of its own.
  const pending: { payload: string; done: (err?: unknown) => void }[] = [];
  const flush = async () => {
    const batch = pending.splice(0, MAX_NOTIFIES);
    if (pending.length > 0) setImmediate(flush);
    const calls = batch.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
    try {
      await sql.unsafe(`select ${calls}`, [CHANNEL, ...batch.map((b) => b.payload)]);
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  };
  return {
    publish: (event) =>
      new Promise<void>((resolve, reject) => {
        own.emit('change', event);
        pending.push({ payload: JSON.stringify(event), done: (err) => (err ? reject(err) : resolve()) });
        if (pending.length === 1) setImmediate(flush);
      }),
    subscribe: (handler) => local.subscribe(handler),
    onPublish: (handler) => {
      own.on('change', handler);
      return () => own.off('change', handler);
    },
    close: async () => {
      own.removeAllListeners();
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
