import { eq, sql } from 'drizzle-orm';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { type Database, queryRows } from '../db/client.js';
import { rateLimitCounters } from '../db/schema.js';
import type { Clock } from '../time/seoul.js';

/**
 * express-rate-limit's counters in the database, so every app process behind the load
 * balancer counts the same hits (an in-memory store lets N processes allow N times the limit).
 * A fixed window per key, incremented with one upsert.
 */
export class DatabaseRateLimitStore implements Store {
  private windowMs = 60_000;
  /** Counters live in the database: express-rate-limit must not assume they are per process. */
  readonly localKeys = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly prefix = 'api:',
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.clock.now();
    const fresh = new Date(now.getTime() + this.windowMs).toISOString();
    const [row] = await queryRows<{ hits: number; resets_at: string | Date }>(
      this.db,
      sql`insert into rate_limit_counters (key, hits, resets_at) values (${this.prefix + key}, 1, ${fresh}::timestamptz)
          on conflict (key) do update set
            hits = case when rate_limit_counters.resets_at <= ${now.toISOString()}::timestamptz then 1 else rate_limit_counters.hits + 1 end,
            resets_at = case when rate_limit_counters.resets_at <= ${now.toISOString()}::timestamptz then excluded.resets_at else rate_limit_counters.resets_at end
          returning hits, resets_at`,
    );
    return { totalHits: Number(row?.hits ?? 1), resetTime: new Date(row?.resets_at ?? fresh) };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .update(rateLimitCounters)
      .set({ hits: sql`greatest(${rateLimitCounters.hits} - 1, 0)` })
      .where(eq(rateLimitCounters.key, this.prefix + key));
  }

  async resetKey(key: string): Promise<void> {
    await this.db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, this.prefix + key));
  }
}
