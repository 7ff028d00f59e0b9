import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { recordAdminChange } from '../admin/audit.js';
import { activeFrom } from '../bookings/repository.js';
import type { Database } from '../db/client.js';
import { bookings, centerHours, centers, desks, organisations, zones } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { DayHours } from './hours.js';

/**
 * Administrators' changes to the network's places: centers (with their weekly hours), zones and
 * desks or rooms. Each is one transaction with its audit record (recordAdminChange).
 */

export interface CenterInput {
  code: string;
  name: string;
  nameEn: string;
  district: string;
  districtEn: string;
  address: string;
  addressEn: string;
  lat: number;
  lng: number;
  phone: string | null;
  directions: string;
  directionsEn: string;
  stepFree: boolean;
  accessibleParking: boolean;
  operatorOrganisationId: number | null;
  /** Open weekdays only; a weekday left out is closed. */
  hours: DayHours[];
}

export interface ZoneInput {
  code: string;
  name: string;
  nameEn: string;
  network: 'government' | 'internet';
}

export const RESOURCE_KINDS = ['desk', 'meeting_room', 'phone_booth', 'nursing_room'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface BulkDesksInput {
  prefix: string;
  start: number;
  count: number;
  kind: ResourceKind;
  capacity: number;
  features: string[];
}

interface Change {
  actorId: number;
  at: Date;
}

export async function listOrganisations(db: Database) {
  return db.select().from(organisations).orderBy(asc(organisations.name));
}

async function centerSnapshot(tx: Database, id: number) {
  const [center] = await tx.select().from(centers).where(eq(centers.id, id));
  if (!center) return undefined;
  const hours = await tx
    .select({
      weekday: centerHours.weekday,
      opensMinute: centerHours.opensMinute,
      closesMinute: centerHours.closesMinute,
    })
    .from(centerHours)
    .where(eq(centerHours.centerId, id))
    .orderBy(asc(centerHours.weekday));
  const { createdAt: _createdAt, ...rest } = center;
  return { ...rest, hours };
}

async function refuseTakenCode(tx: Database, code: string, exceptId?: number) {
  const [taken] = await tx.select({ id: centers.id }).from(centers).where(eq(centers.code, code));
  if (taken && taken.id !== exceptId)
    throw new ValidationError({ code: { key: 'space.error.codeTaken', params: { code } } });
}

function centerValues(input: CenterInput) {
  const { hours: _hours, ...values } = input;
  return values;
}

export async function createCenter(db: Database, input: CenterInput, change: Change): Promise<number> {
  return db.transaction(async (tx) => {
    await refuseTakenCode(tx, input.code);
    const [row] = await tx.insert(centers).values(centerValues(input)).returning({ id: centers.id });
    const id = row!.id;
    if (input.hours.length) await tx.insert(centerHours).values(input.hours.map((h) => ({ centerId: id, ...h })));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'center',
      entityId: id,
      action: 'create',
      after: await centerSnapshot(tx, id),
      at: change.at,
    });
    return id;
  });
}

export async function updateCenter(db: Database, id: number, input: CenterInput, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await centerSnapshot(tx, id);
    if (!before) throw new NotFoundError('center.notFound');
    await refuseTakenCode(tx, input.code, id);
    await tx.update(centers).set(centerValues(input)).where(eq(centers.id, id));
    await tx.delete(centerHours).where(eq(centerHours.centerId, id));
    if (input.hours.length) await tx.insert(centerHours).values(input.hours.map((h) => ({ centerId: id, ...h })));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'center',
      entityId: id,
      action: 'update',
      before,
      after: await centerSnapshot(tx, id),
      at: change.at,
    });
  });
}

export async function createZone(db: Database, centerId: number, input: ZoneInput, change: Change): Promise<number> {
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: zones.id })
      .from(zones)
      .where(and(eq(zones.centerId, centerId), eq(zones.code, input.code)));
    if (taken)
      throw new ValidationError({ zoneCode: { key: 'space.error.zoneCodeTaken', params: { code: input.code } } });
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${zones.sortOrder}), 0) + 1` })
      .from(zones)
      .where(eq(zones.centerId, centerId));
    const [row] = await tx
      .insert(zones)
      .values({ centerId, ...input, sortOrder: Number(next) })
      .returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: row!.id,
      action: 'create',
      after: row,
      at: change.at,
    });
    return row!.id;
  });
}

/** "A-" from 1, 20 → A-01 … A-20: at least two digits, more when the numbers need them. */
export function deskLabels(prefix: string, start: number, count: number): string[] {
  const width = Math.max(2, String(start + count - 1).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(width, '0')}`);
}

async function zoneOf(tx: Database, centerId: number, zoneId: number) {
  const [zone] = await tx
    .select()
    .from(zones)
    .where(and(eq(zones.id, zoneId), eq(zones.centerId, centerId)));
  if (!zone) throw new NotFoundError('space.zoneNotFound');
  return zone;
}

export async function bulkAddDesks(
  db: Database,
  centerId: number,
  zoneId: number,
  input: BulkDesksInput,
  change: Change,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const zone = await zoneOf(tx, centerId, zoneId);
    if (!zone.active) throw new ValidationError({ zoneId: { key: 'space.error.zoneRetired' } });
    const labels = deskLabels(input.prefix, input.start, input.count);
    const taken = await tx
      .select({ label: desks.label })
      .from(desks)
      .where(and(eq(desks.zoneId, zoneId), inArray(desks.label, labels)));
    if (taken.length)
      throw new ValidationError({
        start: { key: 'space.error.labelsTaken', params: { labels: taken.map((t) => t.label).join(', ') } },
      });
    const rows = await tx
      .insert(desks)
      .values(
        labels.map((label) => ({
          zoneId,
          label,
          kind: input.kind,
          capacity: input.kind === 'desk' ? 1 : input.capacity,
          features: input.features,
        })),
      )
      .returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: zoneId,
      action: 'add_desks',
      after: rows,
      at: change.at,
    });
    return labels;
  });
}

export interface FutureBookings {
  count: number;
  /** When the last of them ends. */
  until: Date | null;
}

/** Bookings on these desks that still hold them at or after `now`: what retiring would strand. */
export async function futureBookingsOn(db: Database, deskIds: number[], now: Date): Promise<FutureBookings> {
  if (!deskIds.length) return { count: 0, until: null };
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, until: max(bookings.endsAt) })
    .from(bookings)
    .where(and(inArray(bookings.deskId, deskIds), activeFrom(now)));
  return { count: Number(row?.count ?? 0), until: row?.until ? new Date(row.until) : null };
}

/** What a retirement concerns: one desk or a whole zone (with its desks), in a center. */
export type RetireTarget = { kind: 'desk'; id: number } | { kind: 'zone'; id: number };

export async function retireTargetDesks(db: Database, centerId: number, target: RetireTarget) {
  const rows = await db
    .select({ desk: desks, zone: zones })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(
      and(eq(zones.centerId, centerId), target.kind === 'desk' ? eq(desks.id, target.id) : eq(zones.id, target.id)),
    );
  return rows;
}

/**
 * Retires a desk or a zone: it stays, with its history, but is never offered again. Refused while
 * bookings still hold it (how many, until when); they are to be moved or cancelled first.
 */
export async function retire(db: Database, centerId: number, target: RetireTarget, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    let zoneRow: typeof zones.$inferSelect | undefined;
    if (target.kind === 'zone') zoneRow = await zoneOf(tx, centerId, target.id);
    const rows = await retireTargetDesks(tx, centerId, target);
    if (target.kind === 'desk' && !rows.length) throw new NotFoundError('space.deskNotFound');
    const deskIds = rows.map((r) => r.desk.id);
    // Lock the desks so no booking slips in between the check and the change.
    if (deskIds.length) await tx.select({ id: desks.id }).from(desks).where(inArray(desks.id, deskIds)).for('update');
    const stranded = await futureBookingsOn(tx, deskIds, change.at);
    if (stranded.count > 0)
      throw new ConflictError('space.retire.refused', {
        count: stranded.count,
        until: stranded.until ? stranded.until.toISOString() : '',
      });
    if (deskIds.length) await tx.update(desks).set({ active: false }).where(inArray(desks.id, deskIds));
    if (zoneRow) await tx.update(zones).set({ active: false }).where(eq(zones.id, zoneRow.id));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: target.kind,
      entityId: target.id,
      action: 'retire',
      before: zoneRow ? { ...zoneRow, desks: rows.map((r) => r.desk) } : rows[0]!.desk,
      after: { active: false, desks: deskIds },
      at: change.at,
    });
  });
}

export interface DeskEdit {
  label: string;
  kind: ResourceKind;
  capacity: number;
  features: string[];
}

/** Edits a desk or room of the center: its label (unique in its zone), kind, capacity and features. */
export async function updateDesk(db: Database, centerId: number, deskId: number, input: DeskEdit, change: Change) {
  await db.transaction(async (tx) => {
    const [row] = await retireTargetDesks(tx, centerId, { kind: 'desk', id: deskId });
    if (!row) throw new NotFoundError('space.deskNotFound');
    const [taken] = await tx
      .select({ id: desks.id })
      .from(desks)
      .where(and(eq(desks.zoneId, row.zone.id), eq(desks.label, input.label)));
    if (taken && taken.id !== deskId)
      throw new ValidationError({ label: { key: 'space.error.labelTaken', params: { label: input.label } } });
    const [after] = await tx
      .update(desks)
      .set({ ...input, capacity: input.kind === 'desk' ? 1 : input.capacity })
      .where(eq(desks.id, deskId))
      .returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'desk',
      entityId: deskId,
      action: 'update',
      before: row.desk,
      after,
      at: change.at,
    });
  });
}

/** Edits a zone's names and network (its code stays: desk labels and people know it). */
export async function updateZone(
  db: Database,
  centerId: number,
  zoneId: number,
  input: Omit<ZoneInput, 'code'>,
  change: Change,
) {
  await db.transaction(async (tx) => {
    const before = await zoneOf(tx, centerId, zoneId);
    const [after] = await tx.update(zones).set(input).where(eq(zones.id, zoneId)).returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: zoneId,
      action: 'update',
      before,
      after,
      at: change.at,
    });
  });
}
