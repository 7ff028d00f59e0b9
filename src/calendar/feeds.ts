import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calendarFeeds } from '../db/schema.js';

/** A new secret for the person's feed URL; the previous URL stops working at once. */
export async function resetFeed(db: Database, userId: number, at: Date): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db
    .insert(calendarFeeds)
    .values({ userId, token, createdAt: at })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token, createdAt: at } });
  return token;
}

export async function feedToken(db: Database, userId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ token: calendarFeeds.token })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId));
  return row?.token;
}

export async function userOfFeed(db: Database, token: string): Promise<number | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined;
  const [row] = await db
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.token, token));
  return row?.userId;
}

export async function deleteFeed(db: Database, userId: number): Promise<void> {
  await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}
