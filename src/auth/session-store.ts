import { eq, lt } from 'drizzle-orm';
import session from 'express-session';
import type { Database } from '../db/client.js';
import { sessions } from '../db/schema.js';

const DEFAULT_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Sessions live in the database, so they survive restarts and every app process behind a
 * load balancer sees the same ones. (connect-pg-simple would need the `pg` driver; this works
 * through Drizzle on both PGlite and postgres.js.)
 */
export class DatabaseSessionStore extends session.Store {
  // Session expiry follows the wall clock, as express-session's cookie does, never the app's injected clock.
  private readonly now = () => new Date();

  constructor(private readonly db: Database) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : undefined;
    return cookieExpiry ?? new Date(this.now().getTime() + DEFAULT_TTL_MS);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .then(([row]) => {
        if (!row || row.expiresAt.getTime() <= this.now().getTime()) return callback(null, null);
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
      .then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.db
      .update(sessions)
      .set({ expiresAt: this.expiry(sess) })
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
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
