import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { apiTokens } from '../db/schema.js';
import { sendSecurityMail } from '../mail/security.js';
import { findTokenOwner, type SessionUser } from './users.js';

export const TOKEN_TTL_DAYS = 90;
/** How stale a token's "last used" may be before a request writes it again. */
const LAST_USED_PRECISION_MS = 60_000;
const PREFIX = 'sws_';

/** Tokens carry 256 random bits, so a fast hash is enough to store them (unlike passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewToken {
  id: number;
  name: string;
  token: string;
  expiresAt: Date;
}

export async function createApiToken(db: Database, userId: number, name: string, now: Date): Promise<NewToken> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_DAYS * 86_400_000);
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiTokens)
      .values({ userId, name, tokenHash: hashToken(token), expiresAt, createdAt: now })
      .returning({ id: apiTokens.id });
    if (!inserted) throw new Error('token insert failed');
    await sendSecurityMail(tx, userId, 'tokenCreated', now, { name });
    return inserted;
  });
  return { id: row.id, name, token, expiresAt };
}

/** The user a bearer token stands for, if it is ours, unexpired, unrevoked and its user active. */
export async function authenticateToken(db: Database, token: string, now: Date): Promise<SessionUser | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 100) return undefined;
  const valid = and(
    eq(apiTokens.tokenHash, hashToken(token)),
    isNull(apiTokens.revokedAt),
    gt(apiTokens.expiresAt, now),
  );
  const found = await findTokenOwner(db, valid);
  if (!found) return undefined;
  // "Last used" to the minute: writing it on every request cost a commit (a WAL flush) per API call.
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(valid);
  }
  return found.user;
}

export function listApiTokens(db: Database, userId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's own tokens; false when there is no such active token of theirs. */
export async function revokeApiToken(db: Database, userId: number, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
