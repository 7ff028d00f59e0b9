import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { notifications } from '../db/schema.js';

export type NotificationRow = typeof notifications.$inferSelect;

export async function addNotification(
  db: Database,
  userId: number,
  messageKey: string,
  params: Record<string, string | number>,
  at: Date,
): Promise<void> {
  await db.insert(notifications).values({ userId, messageKey, params, createdAt: at });
}

export function recentNotifications(db: Database, userId: number, limit = 10): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

// Read on every signed-in page: built once.
const unreadOf = preparedFor((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare('unread_count'),
);

export async function unreadCount(db: Database, userId: number): Promise<number> {
  const [row] = await unreadOf(db).execute({ userId });
  return row?.n ?? 0;
}

export async function markAllRead(db: Database, userId: number, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
