import { eq, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/client.js';
import { webhookDeliveries } from '../db/schema.js';
import type { Clock } from '../time/seoul.js';
import { SIGNATURE_HEADER, signature } from './signing.js';

/** A delivery is retried for a day, then marked failed. */
export const RETRY_FOR_MS = 24 * 3_600_000;
/** A claimed delivery is someone's for this long; if its process dies, another takes it after. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

/** Exponential backoff: 30 s, 1 min, 2 min, … at most an hour between tries. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

interface Claimed {
  id: number;
  event_id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  created_at: string | Date;
  url: string;
  secret: string;
}

/**
 * Sends what is due from the outbox. Rows are claimed with a lease in one statement (SKIP
 * LOCKED), so however many processes run this, each delivery is attempted by one of them at a
 * time; the HTTP call happens outside any transaction. 2xx is delivered; anything else is
 * retried with backoff until a day has passed.
 */
export async function deliverDue(
  deps: { db: Database; clock: Clock; fetch?: typeof fetch },
  limit = 20,
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const now = deps.clock.now();
  const claimed = await queryRows<Claimed>(
    deps.db,
    sql`update webhook_deliveries d
          set lease_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz, attempts = d.attempts + 1
          from webhooks w
         where w.id = d.webhook_id and d.id in (
           select id from webhook_deliveries
            where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
              and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz)
            order by next_attempt_at, id
            limit ${limit}
            for update skip locked)
        returning d.id, d.event_id, d.event_type, d.payload, d.attempts, d.created_at, w.url, w.secret`,
  );
  const result = { delivered: 0, retrying: 0, failed: 0 };
  const send = deps.fetch ?? fetch;
  for (const row of claimed) {
    const body = JSON.stringify(typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload);
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await send(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SmartWorkSeoul-Webhooks/1',
          [SIGNATURE_HEADER]: signature(row.secret, timestamp, body),
          'X-SWS-Event-Id': row.event_id,
          'X-SWS-Event-Type': row.event_type,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 200) : 'delivery failed';
    }
    const at = deps.clock.now();
    if (status !== null && status >= 200 && status < 300) {
      await deps.db
        .update(webhookDeliveries)
        .set({ status: 'delivered', deliveredAt: at, lastStatusCode: status, lastError: null, leaseUntil: null })
        .where(eq(webhookDeliveries.id, row.id));
      result.delivered++;
      continue;
    }
    const givesUp = at.getTime() - new Date(row.created_at).getTime() >= RETRY_FOR_MS;
    await deps.db
      .update(webhookDeliveries)
      .set({
        status: givesUp ? 'failed' : 'pending',
        nextAttemptAt: new Date(at.getTime() + backoffMs(row.attempts)),
        lastStatusCode: status,
        lastError: error ?? `HTTP ${status}`,
        leaseUntil: null,
      })
      .where(eq(webhookDeliveries.id, row.id));
    if (givesUp) result.failed++;
    else result.retrying++;
  }
  return result;
}
