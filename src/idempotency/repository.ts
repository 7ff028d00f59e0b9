import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Claims a key for a user; returns the existing record instead when the key was used before. */
export async function claimKey(
  db: Database,
  userId: number,
  key: string,
  requestHash: string,
  now: Date,
): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRow }> {
  // Keys are remembered for a day; an older record no longer blocks its key.
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS))));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { claimed: true };
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (!existing) return claimKey(db, userId, key, requestHash, now);
  return { claimed: false, existing };
}

/**
 * Takes over a key whose first request never answered (its process died, or it ran past its
 * deadline) once it is older than `staleBefore`; true for the one caller that wins it.
 */
export async function reclaimStaleKey(
  db: Database,
  userId: number,
  key: string,
  staleBefore: Date,
  now: Date,
): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: now })
    .where(
      and(
        eq(idempotencyKeys.userId, userId),
        eq(idempotencyKeys.key, key),
        isNull(idempotencyKeys.status),
        lt(idempotencyKeys.createdAt, staleBefore),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0;
}

export async function recordResponse(
  db: Database,
  userId: number,
  key: string,
  response: { status: number; body: unknown; headers: Record<string, string> },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: response.status, body: response.body, headers: response.headers })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

export async function releaseKey(db: Database, userId: number, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
