import { eq, lt, sql } from 'drizzle-orm';
import session from 'express-session';
import type { Database } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { sessions } from '../db/schema.js';

const DEFAULT_TTL_MS = 12 * 60 * 60 * 1000;
/** A rolling session's expiry is written again only once it would move by this much. */
const TOUCH_EVERY_MS = 60_000;
/** Bound on remembered expiries (one entry per active session in this process). */
const REMEMBERED = 10_000;

// Read on every request that carries a cookie: built once.
const sessionBySid = preparedFor((db) =>
  db
    .select()
    .from(sessions)
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare('session_by_sid'),
);

/**
 * Sessions live in the database, so they survive restarts and every app process behind a
 * load balancer sees the same ones. (connect-pg-simple would need the `pg` driver; this works
 * through Drizzle on both PGlite and postgres.js.)
 */
export class DatabaseSessionStore extends session.Store {
  // Session expiry follows the wall clock, as express-session's cookie does, never the app's injected clock.
  private readonly now = () => new Date();

  /**
   * The expiry this process last read or wrote per session. Every page view extended the expiry
   * with a write and a commit (a disk flush); with this, a session is written at most once a
   * minute, so it may end up to a minute before its cookie. Another process may hold a later
   * expiry than this one knows: then this one writes when it need not, never the other way.
   */
  private readonly stored = new Map<string, number>();

  constructor(private readonly db: Database) {
    super();
  }

  private remember(sid: string, expiresAt: Date): void {
    if (this.stored.size >= REMEMBERED) this.stored.clear();
    this.stored.set(sid, expiresAt.getTime());
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : undefined;
    return cookieExpiry ?? new Date(this.now().getTime() + DEFAULT_TTL_MS);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    sessionBySid(this.db)
      .execute({ sid })
      .then(([row]) => {
        if (!row || row.expiresAt.getTime() <= this.now().getTime()) return callback(null, null);
        this.remember(sid, row.expiresAt);
        callback(null, row.data as session.SessionData);
      }, callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    const data = JSON.parse(JSON.stringify(sess)) as session.SessionData;
    // Who, from where and when, in columns of their own, so a person's sessions can be listed and ended.
    const userId = typeof sess.passport?.user === 'number' ? sess.passport.user : null;
    const meta = {
      userId,
      userAgent: sess.userAgent ?? null,
      ip: sess.ip ?? null,
      lastSeenAt: sess.lastSeenAt ? new Date(sess.lastSeenAt) : null,
    };
    this.db
      .insert(sessions)
      .values({ sid, data, expiresAt, ...meta })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt, ...meta } })
      .then(() => {
        this.remember(sid, expiresAt);
        callback?.();
      }, callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.stored.delete(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    const known = this.stored.get(sid);
    if (known !== undefined && expiresAt.getTime() - known < TOUCH_EVERY_MS) {
      callback?.();
      return;
    }
    this.db
      .update(sessions)
      .set({ expiresAt })
      .where(eq(sessions.sid, sid))
      .then(() => {
        this.remember(sid, expiresAt);
        callback?.();
      }, callback);
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(lt(sessions.expiresAt, this.now()))
      .returning({ sid: sessions.sid });
    return rows.length;
  }
}

declare module 'express-session' {
  interface SessionData {
    passport?: { user?: number };
    userAgent?: string;
    ip?: string;
    /** Instants in ms of the session's clock: sign-in, the last request, the last password entry. */
    signedInAt?: number;
    lastSeenAt?: number;
    passwordAt?: number;
  }
}
