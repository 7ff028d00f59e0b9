import { createHash } from 'node:crypto';
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { sessions } from '../db/schema.js';

/** Idle and absolute limits of a signed-in session (OWASP ASVS 7.3), and how fresh a password must be for security changes. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
export const REAUTH_MS = 10 * 60_000;

/** A session's public handle: a hash of its id, so pages never show the id that is the cookie. */
export const sessionHandle = (sid: string) => createHash('sha256').update(sid).digest('base64url').slice(0, 22);

export interface SessionRow {
  handle: string;
  userAgent: string | null;
  ip: string | null;
  lastSeenAt: Date | null;
  current: boolean;
}

/** A person's live sessions, the latest first. */
export async function sessionsOf(db: Database, userId: number, currentSid: string, now: Date): Promise<SessionRow[]> {
  const rows = await db
    .select({ sid: sessions.sid, userAgent: sessions.userAgent, ip: sessions.ip, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map(({ sid, ...r }) => ({ ...r, handle: sessionHandle(sid), current: sid === currentSid }));
}

/** Ends one of the person's sessions by its handle; false when there is no such session of theirs. */
export async function endSession(db: Database, userId: number, handle: string): Promise<boolean> {
  const rows = await db.select({ sid: sessions.sid }).from(sessions).where(eq(sessions.userId, userId));
  const row = rows.find((r) => sessionHandle(r.sid) === handle);
  if (!row) return false;
  await db.delete(sessions).where(and(eq(sessions.sid, row.sid), eq(sessions.userId, userId)));
  return true;
}

/** Ends every session of the person but `keepSid` (none kept when undefined); returns how many. */
export async function endSessionsOf(db: Database, userId: number, keepSid?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(keepSid ? and(eq(sessions.userId, userId), ne(sessions.sid, keepSid)) : eq(sessions.userId, userId))
    .returning({ sid: sessions.sid });
  return rows.length;
}

/** A short description of a browser from its user agent, e.g. "Chrome on Windows". */
export function describeUserAgent(ua: string | null): { browser: string; os: string } | undefined {
  if (!ua) return undefined;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Whale\//.test(ua)
      ? 'Whale'
      : /SamsungBrowser\//.test(ua)
        ? 'Samsung Internet'
        : /Firefox\//.test(ua)
          ? 'Firefox'
          : /Chrom(e|ium)\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : /node|undici|curl/i.test(ua)
                ? 'Script'
                : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '?';
  return { browser, os };
}
