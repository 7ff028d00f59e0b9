import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { needsAccessLog, userNeeds } from '../db/schema.js';

/** What a person may declare. Kept encrypted; only the person sees them. */
export const NEEDS = [
  'wheelchair',
  'height_adjustable',
  'screen_reader',
  'hearing',
  'quiet',
  'nursing_room',
  'child_friendly',
  'near_home',
  'fewer_transfers',
] as const;
export type Need = (typeof NEEDS)[number];

/** AES-256-GCM, a fresh 12-byte nonce per write; stored as base64(nonce | tag | ciphertext). */
export function seal(key: Buffer, needs: readonly Need[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify([...needs]), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(key: Buffer, sealed: string): Need[] {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  const parsed = JSON.parse(text) as string[];
  return parsed.filter((n): n is Need => (NEEDS as readonly string[]).includes(n));
}

/** The desk features and rooms that meet each need, to offer matching desks first and to release held ones. */
export function wishesFor(needs: readonly Need[]): string[] {
  const wishes: string[] = [];
  if (needs.includes('wheelchair')) wishes.push('accessible', 'near_entrance');
  if (needs.includes('height_adjustable')) wishes.push('height_adjustable');
  if (needs.includes('quiet')) wishes.push('quiet');
  return wishes;
}

/** Whether the person needs an accessible desk: the one fact an operator may learn, on the day. */
export function needsAccessibleDesk(needs: readonly Need[]): boolean {
  return needs.includes('wheelchair') || needs.includes('height_adjustable');
}

/**
 * Accessible desks and nursing rooms are held for the people who need them until
 * `releaseHours` before the slot; after that anyone may book them.
 */
export function heldFromPerson(
  resource: { kind: string; features: readonly string[] },
  needs: readonly Need[],
  startsAt: Date,
  now: Date,
  releaseHours: number,
): { held: false } | { held: true; releasesAt: Date } {
  const accessibleDesk = resource.kind === 'desk' && resource.features.includes('accessible');
  const nursingRoom = resource.kind === 'nursing_room';
  const qualifies = (accessibleDesk && needsAccessibleDesk(needs)) || (nursingRoom && needs.includes('nursing_room'));
  // Zero hours means the center holds nothing back.
  if ((!accessibleDesk && !nursingRoom) || qualifies || releaseHours <= 0) return { held: false };
  const releasesAt = new Date(startsAt.getTime() - releaseHours * 3_600_000);
  return now < releasesAt ? { held: true, releasesAt } : { held: false };
}

export interface NeedsStore {
  db: Database;
  key: Buffer;
}

/** The person's own needs, for their own use (no log: nobody else read them). */
// Read on every signed-in view of a center and every booking: built once per database.
const needsById = preparedFor((db) =>
  db
    .select()
    .from(userNeeds)
    .where(eq(userNeeds.userId, sql.placeholder('userId')))
    .prepare('own_needs'),
);

export async function ownNeeds(store: NeedsStore, userId: number): Promise<Need[]> {
  const [row] = await needsById(store.db).execute({ userId });
  return row ? unseal(store.key, row.sealed) : [];
}

async function log(db: Database, subjectId: number, actorId: number | null, action: string, purpose: string, at: Date) {
  await db.insert(needsAccessLog).values({ subjectId, actorId, action, purpose, at });
}

export async function saveNeeds(store: NeedsStore, userId: number, needs: readonly Need[], at: Date): Promise<void> {
  const sealed = seal(store.key, needs);
  await store.db
    .insert(userNeeds)
    .values({ userId, sealed, updatedAt: at })
    .onConflictDoUpdate({ target: userNeeds.userId, set: { sealed, updatedAt: at } });
  await log(store.db, userId, userId, 'update', 'changed by the person', at);
}

/** Everything held about the person's needs, for them to take away; logged. */
export async function exportNeeds(store: NeedsStore, userId: number, at: Date) {
  const needs = await ownNeeds(store, userId);
  await log(store.db, userId, userId, 'export', 'exported by the person', at);
  const history = await store.db.select().from(needsAccessLog).where(eq(needsAccessLog.subjectId, userId));
  return {
    needs,
    accessLog: history.map((h) => ({
      action: h.action,
      purpose: h.purpose,
      actorId: h.actorId,
      at: h.at.toISOString(),
    })),
  };
}

export async function deleteNeeds(store: NeedsStore, userId: number, at: Date): Promise<void> {
  await store.db.delete(userNeeds).where(eq(userNeeds.userId, userId));
  await log(store.db, userId, userId, 'delete', 'deleted by the person', at);
}
