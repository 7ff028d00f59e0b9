import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';
import { ConflictError, DomainError } from '../errors.js';
import { claimKey, reclaimStaleKey, recordResponse, releaseKey } from '../idempotency/repository.js';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const KEY_RE = /^[\x21-\x7e]{1,200}$/;

export class IdempotencyKeyReused extends DomainError {
  override readonly status = 422;
}

/**
 * Runs `handle` once per (user, Idempotency-Key): a retry with the same key and body gets the
 * first response again; the same key with another body is refused; a retry while the first
 * is still running gets 409. Responses of 5xx are not kept, so those can be retried.
 */
export async function idempotent(
  db: Database,
  userId: number,
  key: string | undefined,
  body: unknown,
  now: Date,
  handle: () => Promise<StoredResponse>,
  /** A key still "in progress" after this long was abandoned (a crash): a retry runs it again. */
  abandonedAfterMs = Number.POSITIVE_INFINITY,
): Promise<StoredResponse & { replayed: boolean }> {
  if (key === undefined) return { ...(await handle()), replayed: false };
  if (!KEY_RE.test(key)) throw new DomainError('api.idempotencyKeyInvalid', {}, 'Idempotency-Key');
  const hash = createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  const claim = await claimKey(db, userId, key, hash, now);
  if (!claim.claimed) {
    const { existing } = claim;
    if (existing.requestHash !== hash)
      throw new IdempotencyKeyReused('api.idempotencyKeyReused', {}, 'Idempotency-Key');
    if (existing.status === null) {
      // Its request cannot still be running past the deadline: the process died. Run it again
      // (the booking constraints refuse a second booking if the first was committed).
      const stale = new Date(now.getTime() - abandonedAfterMs);
      if (!Number.isFinite(abandonedAfterMs) || !(await reclaimStaleKey(db, userId, key, stale, now)))
        throw new ConflictError('api.idempotencyInProgress');
      return runAndRecord(db, userId, key, handle);
    }
    return {
      status: existing.status,
      body: existing.body,
      headers: (existing.headers ?? {}) as Record<string, string>,
      replayed: true,
    };
  }
  return runAndRecord(db, userId, key, handle);
}

async function runAndRecord(
  db: Database,
  userId: number,
  key: string,
  handle: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  let response: StoredResponse;
  try {
    response = await handle();
  } catch (err) {
    await releaseKey(db, userId, key);
    throw err;
  }
  if (response.status >= 500) await releaseKey(db, userId, key);
  else await recordResponse(db, userId, key, response);
  return { ...response, replayed: false };
}
