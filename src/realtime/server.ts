import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { Server, type Socket } from 'socket.io';
import type { SessionUser } from '../auth/users.js';
import { mayOperate } from '../centers/operators.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type LiveCenter, loadLiveCenter, operatorBoard, publicCounts } from '../occupancy/live.js';
import type { Clock } from '../time/seoul.js';
import type { ChangeBus } from './bus.js';

export interface RealtimeDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  logger: Logger;
  sessionMiddleware: RequestHandler;
  passportSession: RequestHandler;
  /** How long to gather changes of one center into one update; a busy morning sends one update per window. */
  coalesceMs?: number;
}

export const rooms = {
  public: (centerId: number) => `public:center:${centerId}`,
  operator: (centerId: number) => `operator:center:${centerId}`,
  user: (userId: number) => `user:${userId}`,
};

const SNAPSHOT_TTL_MS = 5000;

type Ack = (
  reply: { ok: true; state: unknown } | { ok: false; error: 'bad_request' | 'not_found' | 'forbidden' },
) => void;

const userOf = (socket: Socket) => (socket.request as IncomingMessage & { user?: SessionUser }).user;
const centerIdOf = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2_147_483_647 ? value : undefined;

/** Runs express middleware only on the handshake, as Socket.IO's Passport guide does. */
function onlyForHandshake(middleware: RequestHandler) {
  return (req: IncomingMessage & { _query?: { sid?: string } }, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req._query?.sid === undefined) middleware(req as never, res as never, next);
    else next();
  };
}

/**
 * Socket.IO on the app's HTTP server. Sockets are authenticated by the same session cookie as
 * pages; every subscription is authorised (anyone: a center's anonymous counts; operators of
 * that center: its floor board). Changes arrive on the bus after commit, are gathered per
 * center for `coalesceMs`, read once in one snapshot, and sent with the snapshot's version.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const { db, clock, events, logger } = deps;
  const coalesceMs = deps.coalesceMs ?? 200;
  const io = new Server(httpServer, { serveClient: true, cors: { origin: false } });
  io.engine.use(onlyForHandshake(deps.sessionMiddleware));
  io.engine.use(onlyForHandshake(deps.passportSession));

  const pending = new Map<number, NodeJS.Timeout>();
  const roomSize = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;

  async function flush(centerId: number) {
    pending.delete(centerId);
    const wantsPublic = roomSize(rooms.public(centerId)) > 0;
    const wantsBoard = roomSize(rooms.operator(centerId)) > 0;
    if (!wantsPublic && !wantsBoard) return;
    cache.delete(centerId);
    const live = await current(centerId);
    if (!live) return;
    if (wantsPublic) io.to(rooms.public(centerId)).emit('center:counts', publicCounts(live));
    if (wantsBoard) io.to(rooms.operator(centerId)).emit('board:update', operatorBoard(live));
  }

  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'user') {
      io.to(rooms.user(event.userId)).emit('notification', {});
      return;
    }
    cache.delete(event.centerId);
    if (pending.has(event.centerId)) return;
    pending.set(
      event.centerId,
      setTimeout(() => {
        flush(event.centerId).catch((err) => logger.error({ err, centerId: event.centerId }, 'live update failed'));
      }, coalesceMs),
    );
  });

  // A reconnect storm (a deploy, a flaky network) must not become one snapshot read per socket:
  // subscribers share the last snapshot of a center until it changes, or for a few seconds at most.
  const cache = new Map<number, { at: number; live: Promise<LiveCenter | undefined> }>();
  function current(centerId: number): Promise<LiveCenter | undefined> {
    const hit = cache.get(centerId);
    if (hit && Date.now() - hit.at < SNAPSHOT_TTL_MS) return hit.live;
    const live = loadLiveCenter(db, centerId, clock.now());
    cache.set(centerId, { at: Date.now(), live });
    live.catch(() => cache.delete(centerId));
    return live;
  }

  io.on('connection', (socket) => {
    const user = userOf(socket);
    if (user) socket.join(rooms.user(user.id));

    // Anyone, signed in or not: a center's anonymous counts. The current state comes first, in the reply.
    socket.on('center:subscribe', async (centerId: unknown, ack: Ack) => {
      if (typeof ack !== 'function') return;
      const id = centerIdOf(centerId);
      if (!id) return ack({ ok: false, error: 'bad_request' });
      const live = await current(id).catch(() => undefined);
      if (!live) return ack({ ok: false, error: 'not_found' });
      await socket.join(rooms.public(id));
      ack({ ok: true, state: publicCounts(live) });
    });

    // Operators of that center (and admins) only: the floor board with names.
    socket.on('board:subscribe', async (centerId: unknown, ack: Ack) => {
      if (typeof ack !== 'function') return;
      const id = centerIdOf(centerId);
      if (!id) return ack({ ok: false, error: 'bad_request' });
      if (!user || !(await mayOperate(db, user, id))) return ack({ ok: false, error: 'forbidden' });
      const live = await current(id).catch(() => undefined);
      if (!live) return ack({ ok: false, error: 'not_found' });
      await socket.join(rooms.operator(id));
      ack({ ok: true, state: operatorBoard(live) });
    });

    socket.on('center:unsubscribe', (centerId: unknown) => {
      const id = centerIdOf(centerId);
      if (id) {
        socket.leave(rooms.public(id));
        socket.leave(rooms.operator(id));
      }
    });
  });

  return {
    io,
    close: async () => {
      unsubscribe();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
