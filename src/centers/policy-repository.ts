import { and, asc, eq, gte, lte, max } from 'drizzle-orm';
import { type BookingMode, type CenterPolicy, type Closure, DEFAULT_POLICY } from '../bookings/policy.js';
import type { Database } from '../db/client.js';
import { centerPolicies, closures } from '../db/schema.js';

export async function policyFor(db: Database, centerId: number): Promise<CenterPolicy> {
  const [row] = await db.select().from(centerPolicies).where(eq(centerPolicies.centerId, centerId));
  if (!row) return DEFAULT_POLICY;
  const { centerId: _c, updatedAt: _u, updatedById: _b, deskMode, roomMode, ...rest } = row;
  return { ...rest, deskMode: deskMode as BookingMode, roomMode: roomMode as BookingMode };
}

/** Every center's policy at once (the default for a center with none of its own). */
export async function policiesOf(db: Database, centerIds: readonly number[]): Promise<Map<number, CenterPolicy>> {
  const rows = await db.select().from(centerPolicies);
  const own = new Map(rows.map((row) => [row.centerId, row]));
  return new Map(
    centerIds.map((id) => {
      const row = own.get(id);
      if (!row) return [id, DEFAULT_POLICY];
      const { centerId: _c, updatedAt: _u, updatedById: _b, deskMode, roomMode, ...rest } = row;
      return [id, { ...rest, deskMode: deskMode as BookingMode, roomMode: roomMode as BookingMode }];
    }),
  );
}

/** The furthest any center lets people book ahead (the default where a center has no policy of its own). */
export async function longestHorizonDays(db: Database): Promise<number> {
  const [row] = await db.select({ days: max(centerPolicies.horizonDays) }).from(centerPolicies);
  return Math.max(row?.days ?? 0, DEFAULT_POLICY.horizonDays);
}

export async function savePolicy(db: Database, centerId: number, policy: CenterPolicy, byUserId: number, at: Date) {
  await db
    .insert(centerPolicies)
    .values({ centerId, ...policy, updatedAt: at, updatedById: byUserId })
    .onConflictDoUpdate({ target: centerPolicies.centerId, set: { ...policy, updatedAt: at, updatedById: byUserId } });
}

export interface ClosureRow extends Closure {
  id: number;
  kind: string;
}

/** Closures of a center that touch [fromDate, toDate] (inclusive dates). */
export async function closuresBetween(
  db: Database,
  centerId: number,
  fromDate: string,
  toDate: string,
): Promise<ClosureRow[]> {
  return db
    .select({
      id: closures.id,
      startsOn: closures.startsOn,
      endsOn: closures.endsOn,
      reason: closures.reason,
      kind: closures.kind,
    })
    .from(closures)
    .where(and(eq(closures.centerId, centerId), lte(closures.startsOn, toDate), gte(closures.endsOn, fromDate)))
    .orderBy(asc(closures.startsOn));
}

export async function insertClosure(
  db: Database,
  values: {
    centerId: number;
    startsOn: string;
    endsOn: string;
    kind: 'holiday' | 'maintenance' | 'other';
    reason: string;
    createdById: number;
  },
): Promise<number> {
  const [row] = await db.insert(closures).values(values).returning({ id: closures.id });
  return row!.id;
}

export async function deleteClosure(db: Database, centerId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(closures)
    .where(and(eq(closures.id, id), eq(closures.centerId, centerId)))
    .returning({ id: closures.id });
  return rows.length > 0;
}
