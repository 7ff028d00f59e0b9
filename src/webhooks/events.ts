import { randomUUID } from 'node:crypto';
import { and, arrayContains, eq, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { webhookDeliveries, webhooks } from '../db/schema.js';
import { toSeoulIso } from '../time/seoul.js';

/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  'booking.created',
  'booking.changed',
  'booking.cancelled',
  'booking.checked_in',
  'plan.decided',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | 'ping';

/** A booking as events carry it: the facts, no names (receivers fetch more with their own token). */
export function bookingPayload(b: {
  id: number;
  deskId: number;
  userId: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
  seriesId: number | null;
}) {
  return {
    booking: {
      id: b.id,
      deskId: b.deskId,
      userId: b.userId,
      start: toSeoulIso(b.startsAt),
      end: toSeoulIso(b.endsAt),
      status: b.status,
      seriesId: b.seriesId,
    },
  };
}

/** A flexible-work decision as events carry it. */
export function planPayload(p: { id: number; userId: number; status: string; fromDate: string; toDate: string }) {
  return { plan: { id: p.id, userId: p.userId, status: p.status, from: p.fromDate, to: p.toDate } };
}

/**
 * Writes one outbox row per subscribed webhook, inside the caller's transaction: the event
 * exists exactly when the change it announces has committed. The person's own hooks get their
 * events; administrators' hooks with scope 'all' get everyone's.
 */
export async function enqueueEvent(
  tx: Database,
  event: { type: WebhookEvent; userId: number; data: Record<string, unknown>; at: Date },
  onlyWebhookId?: number,
): Promise<number> {
  const hooks = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      onlyWebhookId !== undefined
        ? eq(webhooks.id, onlyWebhookId)
        : and(
            eq(webhooks.active, true),
            arrayContains(webhooks.events, [event.type]),
            or(and(eq(webhooks.ownerId, event.userId), eq(webhooks.scope, 'own')), eq(webhooks.scope, 'all')),
          ),
    );
  if (hooks.length === 0) return 0;
  const eventId = randomUUID();
  const payload = { id: eventId, type: event.type, createdAt: toSeoulIso(event.at), data: event.data };
  await tx.insert(webhookDeliveries).values(
    hooks.map((h) => ({
      webhookId: h.id,
      eventId,
      eventType: event.type,
      payload,
      nextAttemptAt: event.at,
      createdAt: event.at,
    })),
  );
  return hooks.length;
}
