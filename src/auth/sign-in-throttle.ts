import { inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { signInFailures } from '../db/schema.js';

/**
 * Failed sign-ins, counted in the database so that every app process shares them:
 * - per account: the first `freeFailures` failures cost nothing; after that each attempt must
 *   wait a delay that doubles with every further failure (1 s, 2 s, 4 s … up to 15 minutes);
 * - per address: a generous number of failures in the window, after which the address waits
 *   for the window to end (a whole ministry behind one NAT address is not locked out by a few
 *   mistyped passwords, but a password-guessing address is).
 * A successful sign-in is never counted, and clears its account's failures. Counters expire
 * with the window (15 minutes after the first failure).
 */
export interface ThrottlePolicy {
  windowMs: number;
  /** Failures per account before the progressive delay starts. */
  freeFailures: number;
  /** Longest delay per account. */
  maxDelayMs: number;
  /** Failures per address in one window. */
  addressLimit: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  freeFailures: 5,
  maxDelayMs: 15 * 60_000,
  addressLimit: 100,
};

export const accountKey = (username: string) => `account:${username}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** The delay an account must wait after its latest failure, given how many failures it has. */
export function accountDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.maxDelayMs, 1000 * 2 ** (failures - policy.freeFailures));
}

/** How long to wait before a sign-in attempt is even checked; 0 when it may go ahead. */
export async function signInWaitMs(
  db: Database,
  username: string,
  ip: string,
  now: Date,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<number> {
  const rows = await db
    .select()
    .from(signInFailures)
    .where(inArray(signInFailures.key, [accountKey(username), addressKey(ip)]));
  let wait = 0;
  for (const row of rows) {
    const windowEnds = row.windowStartedAt.getTime() + policy.windowMs;
    if (windowEnds <= now.getTime()) continue;
    if (row.key.startsWith('address:')) {
      if (row.failures >= policy.addressLimit) wait = Math.max(wait, windowEnds - now.getTime());
    } else {
      const until = row.lastFailureAt.getTime() + accountDelayMs(row.failures, policy);
      wait = Math.max(wait, until - now.getTime());
    }
  }
  return Math.max(0, wait);
}

/** Counts one failure against the account and the address, atomically (one upsert per key). */
export async function recordSignInFailure(
  db: Database,
  username: string,
  ip: string,
  now: Date,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const expired = sql`${signInFailures.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
  await db
    .insert(signInFailures)
    .values(
      [accountKey(username), addressKey(ip)].map((key) => ({
        key,
        failures: 1,
        windowStartedAt: now,
        lastFailureAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: signInFailures.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${signInFailures.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then excluded.window_started_at else ${signInFailures.windowStartedAt} end`,
        lastFailureAt: sql`excluded.last_failure_at`,
      },
    });
  // Expired counters are removed as new failures arrive, so the table stays small.
  await db.delete(signInFailures).where(lt(signInFailures.windowStartedAt, windowStart));
}

/** A correct password (and second factor) clears the account's failures; the address keeps its count. */
export async function clearAccountFailures(db: Database, username: string): Promise<void> {
  await db.delete(signInFailures).where(inArray(signInFailures.key, [accountKey(username)]));
}
