import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { webhookDeliveries, webhooks } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { enqueueEvent, WEBHOOK_EVENTS, type WebhookEvent } from './events.js';

export type WebhookRow = typeof webhooks.$inferSelect;

/**
 * An address we will send people's events to: HTTPS in production (http allowed elsewhere),
 * no credentials in it, and in production never a loopback or private address.
 */
export function checkWebhookUrl(text: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError({ url: { key: 'webhooks.error.url' } });
  }
  const okScheme = url.protocol === 'https:' || (!production && url.protocol === 'http:');
  if (!okScheme || url.username || url.password || text.length > 500)
    throw new ValidationError({ url: { key: production ? 'webhooks.error.https' : 'webhooks.error.url' } });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const privateAddress =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (isIP(host) !== 0 &&
      /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.|::1$|fc|fd|fe80)/i.test(host));
  if (production && privateAddress) throw new ValidationError({ url: { key: 'webhooks.error.private' } });
  return url.toString();
}

export async function createWebhook(
  db: Database,
  owner: { id: number; role: string },
  input: { url: string; events: readonly string[]; all: boolean },
  production: boolean,
): Promise<{ row: WebhookRow; secret: string }> {
  const url = checkWebhookUrl(input.url, production);
  const events = input.events.filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (events.length === 0) throw new ValidationError({ events: { key: 'webhooks.error.events' } });
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(webhooks)
    .values({ ownerId: owner.id, url, secret, events, scope: input.all && owner.role === 'admin' ? 'all' : 'own' })
    .returning();
  return { row: row!, secret };
}

export function webhooksOf(db: Database, ownerId: number) {
  return db.select().from(webhooks).where(eq(webhooks.ownerId, ownerId)).orderBy(desc(webhooks.id));
}

export async function deleteWebhook(db: Database, ownerId: number, id: number): Promise<void> {
  const rows = await db
    .delete(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.ownerId, ownerId)))
    .returning({ id: webhooks.id });
  if (rows.length === 0) throw new NotFoundError('webhooks.notFound');
}

/** The latest deliveries of a person's webhooks, for the delivery log. */
export async function deliveriesOf(db: Database, ownerId: number, limit = 30) {
  const mine = (await webhooksOf(db, ownerId)).map((w) => w.id);
  if (mine.length === 0) return [];
  return db
    .select()
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.webhookId, mine))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

/** A "ping" to one of the person's webhooks, through the outbox like any event. */
export async function sendTestEvent(db: Database, owner: { id: number }, id: number, at: Date): Promise<void> {
  const [hook] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.ownerId, owner.id)));
  if (!hook) throw new NotFoundError('webhooks.notFound');
  await enqueueEvent(db, { type: 'ping', userId: owner.id, data: { webhookId: id }, at }, id);
}

/** The outbox's depth for /metrics: deliveries pending, and how long the oldest due one has waited (seconds). */
export async function outboxDepth(db: Database, now: Date): Promise<{ pending: number; oldestDueSeconds: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      oldestDue: sql<
        string | null
      >`min(${webhookDeliveries.nextAttemptAt}) filter (where ${webhookDeliveries.nextAttemptAt} <= ${now.toISOString()}::timestamptz)`,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, 'pending'));
  const oldest = row?.oldestDue ? new Date(row.oldestDue).getTime() : now.getTime();
  return { pending: row?.pending ?? 0, oldestDueSeconds: Math.max(0, (now.getTime() - oldest) / 1000) };
}
