import { and, asc, eq, gte, inArray, isNull, lte, max, or } from 'drizzle-orm';
import { recordAdminChange } from '../admin/audit.js';
import { type BookingMode, type CenterPolicy, type Closure, DEFAULT_POLICY } from '../bookings/policy.js';
import type { Database } from '../db/client.js';
import { centerPolicies, closures } from '../db/schema.js';
import { addDaysToDate } from '../time/seoul.js';
import { publicHolidaysBetween } from './holidays.js';

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

/** Saves a center's policy with its audit record (before and after) in one transaction. */
export async function savePolicy(db: Database, centerId: number, policy: CenterPolicy, byUserId: number, at: Date) {
  await db.transaction(async (tx) => {
    const before = await policyFor(tx, centerId);
    await tx
      .insert(centerPolicies)
      .values({ centerId, ...policy, updatedAt: at, updatedById: byUserId })
      .onConflictDoUpdate({
        target: centerPolicies.centerId,
        set: { ...policy, updatedAt: at, updatedById: byUserId },
      });
    await recordAdminChange(tx, {
      actorId: byUserId,
      entity: 'center_policy',
      entityId: centerId,
      action: 'update',
      before,
      after: policy,
      at,
    });
  });
}

export interface ClosureRow extends Closure {
  /** 0 for a public holiday, which is data rather than a row. */
  id: number;
  kind: string;
  reasonEn: string;
  /** This center's own closure, a network-wide one (every center), or a public holiday. */
  scope: 'center' | 'network' | 'holiday';
}

/**
 * Every day a center is closed in [fromDate, toDate] (inclusive dates): its own closures, the
 * network-wide ones (임시공휴일, election days) and the public holidays, weekends included, so a
 * center open on Saturdays closes on a Saturday holiday. A holiday already stored as the center's
 * own closure is listed once.
 */
export async function closuresBetween(
  db: Database,
  centerId: number,
  fromDate: string,
  toDate: string,
): Promise<ClosureRow[]> {
  return (await closuresOfCenters(db, [centerId], fromDate, toDate)).get(centerId) ?? [];
}

/**
 * Closures touching [fromDate, toDate] for several centers in one query: each center's own, the
 * network-wide ones and the public holidays (from the data file), sorted by date.
 */
export async function closuresOfCenters(
  db: Database,
  centerIds: readonly number[],
  fromDate: string,
  toDate: string,
): Promise<Map<number, ClosureRow[]>> {
  const rows = centerIds.length
    ? await db
        .select({
          id: closures.id,
          centerId: closures.centerId,
          startsOn: closures.startsOn,
          endsOn: closures.endsOn,
          reason: closures.reason,
          reasonEn: closures.reasonEn,
          kind: closures.kind,
        })
        .from(closures)
        .where(
          and(
            or(inArray(closures.centerId, [...centerIds]), isNull(closures.centerId)),
            lte(closures.startsOn, toDate),
            gte(closures.endsOn, fromDate),
          ),
        )
        .orderBy(asc(closures.startsOn), asc(closures.id))
    : [];
  const publicHolidays = publicHolidaysBetween(fromDate, toDate);
  const out = new Map<number, ClosureRow[]>();
  for (const id of centerIds) {
    const stored: ClosureRow[] = rows
      .filter((r) => r.centerId === id || r.centerId === null)
      .map(({ centerId: c, ...r }) => ({ ...r, scope: c === null ? 'network' : 'center' }));
    const holidays: ClosureRow[] = publicHolidays
      .filter((h) => !stored.some((c) => c.kind === 'holiday' && c.startsOn <= h.date && h.date <= c.endsOn))
      .map((h) => ({
        id: 0,
        startsOn: h.date,
        endsOn: h.date,
        reason: h.name,
        reasonEn: h.nameEn,
        kind: 'holiday',
        scope: 'holiday',
      }));
    out.set(
      id,
      [...stored, ...holidays].sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
    );
  }
  return out;
}

/** The network-wide closures (every center) that touch [fromDate, toDate], for the administrators' page and plans. */
export async function networkClosuresBetween(db: Database, fromDate: string, toDate: string) {
  return db
    .select()
    .from(closures)
    .where(and(isNull(closures.centerId), lte(closures.startsOn, toDate), gte(closures.endsOn, fromDate)))
    .orderBy(asc(closures.startsOn), asc(closures.id));
}

export async function deleteNetworkClosure(db: Database, id: number, change?: AuditActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(closures)
      .where(and(eq(closures.id, id), isNull(closures.centerId)))
      .returning();
    if (rows[0] && change) await auditClosureRemoved(tx, rows[0], change);
    return rows.length > 0;
  });
}

interface AuditActor {
  actorId: number;
  at: Date;
}

async function auditClosureRemoved(tx: Database, row: typeof closures.$inferSelect, change: AuditActor) {
  await recordAdminChange(tx, {
    actorId: change.actorId,
    entity: 'closure',
    entityId: row.id,
    action: 'delete',
    before: row,
    at: change.at,
  });
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

export async function deleteClosure(db: Database, centerId: number, id: number, change?: AuditActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(closures)
      .where(and(eq(closures.id, id), eq(closures.centerId, centerId)))
      .returning();
    if (rows[0] && change) await auditClosureRemoved(tx, rows[0], change);
    return rows.length > 0;
  });
}

/**
 * The days in [fromDate, toDate] on which every center is closed and nobody works: public
 * holidays and network-wide closures, each with its reason. Plans and the team calendar use them.
 */
export async function networkClosedDays(
  db: Database,
  fromDate: string,
  toDate: string,
): Promise<Map<string, { reason: string; reasonEn: string }>> {
  const days = new Map<string, { reason: string; reasonEn: string }>();
  for (const h of publicHolidaysBetween(fromDate, toDate)) days.set(h.date, { reason: h.name, reasonEn: h.nameEn });
  for (const c of await networkClosuresBetween(db, fromDate, toDate)) {
    for (let d = c.startsOn > fromDate ? c.startsOn : fromDate; d <= c.endsOn && d <= toDate; d = addDaysToDate(d, 1))
      days.set(d, { reason: c.reason, reasonEn: c.reasonEn || c.reason });
  }
  return days;
}
