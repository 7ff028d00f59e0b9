import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { Server, type Socket } from 'socket.io';
import type { SessionUser } from '../auth/users.js';
import { mayOperate } from '../centers/operators.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { operatorBoard, publicCounts } from '../occupancy/live.js';
import type { LiveSnapshots } from '../occupancy/snapshots.js';
import type { ChangeBus } from './bus.js';

export interface RealtimeDeps {
  db: Database;
  events: ChangeBus;
  logger: Logger;
  sessionMiddleware: RequestHandler;
  /** The process's shared live snapshots (src/occupancy/snapshots.ts). */
  snapshots: LiveSnapshots;
  passportSession: RequestHandler;
  /** How long to gather changes of one center into one update; a busy morning sends one update per window. */
  coalesceMs?: number;
}

export const rooms = {
  public: (centerId: number) => `public:center:${centerId}`,
  operator: (centerId: number) => `operator:center:${centerId}`,
  user: (userId: number) => `user:${userId}`,
};

type Ack = (
  reply: { ok: true; state: unknown } | { ok: false; error: 'bad_request' | 'not_found' | 'forbidden' },
) => void;

const userOf = (socket: Socket) => (socket.request as IncomingMessage & { user?: SessionUser }).user;
const centerIdOf = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2_147_483_647 ? value : undefined;

/** A handshake from a page of another site: it may read anonymous counts, but never as the person signed in here. */
function crossOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * Runs express middleware only on the handshake, as Socket.IO's Passport guide does, and only
 * for same-origin handshakes: another site's page gets an anonymous socket even if the browser
 * sent our cookie (no cross-site WebSocket hijacking of a signed-in session).
 */
function onlyForHandshake(middleware: RequestHandler) {
  return (req: IncomingMessage & { _query?: { sid?: string } }, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req._query?.sid === undefined && !crossOrigin(req)) middleware(req as never, res as never, next);
    else next();
  };
}

/** At most this many centers can be asked for in a handshake. */
const MAX_HANDSHAKE_CENTERS = 20;

/**
 * Socket.IO on the app's HTTP server. Sockets are authenticated by the same session cookie as
 * pages; every subscription is authorised (anyone: a center's anonymous counts; operators of
 * that center: its floor board). Changes arrive on the bus after commit, are gathered per
 * center for `coalesceMs`, read once in one snapshot, and sent with the snapshot's version.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const { db, events, logger, snapshots } = deps;
  const coalesceMs = deps.coalesceMs ?? 200;
  // Anonymous counts are open data: any origin may connect (without credentials); see crossOrigin.
  const io = new Server(httpServer, {
    serveClient: true,
    cors: { origin: '*', credentials: false },
    // A brief disconnect (a phone changing networks) gets its rooms and missed events back.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  io.engine.use(onlyForHandshake(deps.sessionMiddleware));
  io.engine.use(onlyForHandshake(deps.passportSession));

  /** Centers within their coalescing window: further changes only mark them dirty. */
  const windows = new Map<number, { timer: NodeJS.Timeout; dirty: boolean }>();
  const roomSize = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;

  async function flush(centerId: number) {
    const wantsPublic = roomSize(rooms.public(centerId)) > 0;
    const wantsBoard = roomSize(rooms.operator(centerId)) > 0;
    if (!wantsPublic && !wantsBoard) return;
    snapshots.forget(centerId);
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
    const open = windows.get(event.centerId);
    if (open) {
      open.dirty = true;
      return;
    }
    // Leading edge: the first change goes out at once; changes within the window are merged
    // into one more update at its end (and the window goes on while changes keep coming).
    send(event.centerId);
    const trail = () => {
      const w = windows.get(event.centerId);
      if (!w?.dirty) {
        windows.delete(event.centerId);
        return;
      }
      w.dirty = false;
      send(event.centerId);
      w.timer = setTimeout(trail, coalesceMs);
    };
    windows.set(event.centerId, { dirty: false, timer: setTimeout(trail, coalesceMs) });
  });
  const send = (centerId: number) =>
    flush(centerId).catch((err) => logger.error({ err, centerId }, 'live update failed'));

  const current = (centerId: number) => snapshots.current(centerId);

  io.on('connection', (socket) => {
    const user = userOf(socket);
    if (user) socket.join(rooms.user(user.id));

    // Subscriptions named in the handshake (`auth: { centers: [1, 2] }`) are restored on every
    // reconnect, whichever process the client reaches: it is sent again with each handshake.
    const asked = (socket.handshake.auth as { centers?: unknown } | undefined)?.centers;
    if (Array.isArray(asked)) {
      for (const id of asked.slice(0, MAX_HANDSHAKE_CENTERS).map(centerIdOf)) {
        if (!id) continue;
        current(id)
          .then(async (live) => {
            if (!live) return;
            await socket.join(rooms.public(id));
            socket.emit('center:counts', publicCounts(live));
          })
          .catch((err) => logger.warn({ err, centerId: id }, 'handshake subscription failed'));
      }
    }

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
      for (const w of windows.values()) clearTimeout(w.timer);
      windows.clear();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
