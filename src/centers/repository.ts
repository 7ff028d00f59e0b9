import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { centerHours, centers, desks, organisations, zones } from '../db/schema.js';
import type { DayHours } from './hours.js';

export type CenterRow = typeof centers.$inferSelect;
export type ZoneRow = typeof zones.$inferSelect;
export type DeskRow = typeof desks.$inferSelect;

export interface CenterWithHours extends CenterRow {
  hours: DayHours[];
}
export interface ZoneWithDesks extends ZoneRow {
  partnerName: string | null;
  partnerNameEn: string | null;
  desks: DeskRow[];
}
export interface CenterDetail extends CenterWithHours {
  zones: ZoneWithDesks[];
}

async function hoursFor(db: Database, centerIds: number[]): Promise<Map<number, DayHours[]>> {
  const rows = centerIds.length
    ? await db
        .select()
        .from(centerHours)
        .where(inArray(centerHours.centerId, centerIds))
        .orderBy(asc(centerHours.weekday))
    : [];
  const byCenter = new Map<number, DayHours[]>();
  for (const r of rows) {
    const list = byCenter.get(r.centerId) ?? [];
    list.push({ weekday: r.weekday, opensMinute: r.opensMinute, closesMinute: r.closesMinute });
    byCenter.set(r.centerId, list);
  }
  return byCenter;
}

export async function listCenters(db: Database): Promise<CenterWithHours[]> {
  const rows = await db.select().from(centers).orderBy(asc(centers.name));
  const hours = await hoursFor(
    db,
    rows.map((c) => c.id),
  );
  return rows.map((c) => ({ ...c, hours: hours.get(c.id) ?? [] }));
}

/** Whether a center with this id exists (any state). */
export async function centerExists(db: Database, id: number): Promise<boolean> {
  const [row] = await db.select({ id: centers.id }).from(centers).where(eq(centers.id, id));
  return row !== undefined;
}

export async function findCenter(db: Database, id: number): Promise<CenterDetail | undefined> {
  const [center] = await db.select().from(centers).where(eq(centers.id, id));
  if (!center) return undefined;
  const [hours, zoneRows, deskRows] = await Promise.all([
    hoursFor(db, [id]),
    db
      .select({ zone: zones, partnerName: organisations.name, partnerNameEn: organisations.nameEn })
      .from(zones)
      .leftJoin(organisations, eq(zones.partnerOrganisationId, organisations.id))
      .where(eq(zones.centerId, id))
      .orderBy(asc(zones.sortOrder), asc(zones.id)),
    db
      .select({ desk: desks })
      .from(desks)
      .innerJoin(zones, eq(desks.zoneId, zones.id))
      .where(eq(zones.centerId, id))
      .orderBy(asc(desks.id)),
  ]);
  return {
    ...center,
    hours: hours.get(id) ?? [],
    zones: zoneRows.map(({ zone, partnerName, partnerNameEn }) => ({
      ...zone,
      partnerName,
      partnerNameEn,
      desks: deskRows.map((r) => r.desk).filter((d) => d.zoneId === zone.id),
    })),
  };
}

export interface DeskContext {
  desk: DeskRow;
  zone: ZoneRow;
  center: CenterWithHours;
}

/** A desk with what booking it depends on: its zone (who may use it) and its center's hours. */
export async function findDeskContext(db: Database, deskId: number): Promise<DeskContext | undefined> {
  const [row] = await db
    .select({ desk: desks, zone: zones, center: centers })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .innerJoin(centers, eq(zones.centerId, centers.id))
    .where(eq(desks.id, deskId));
  if (!row) return undefined;
  const hours = await hoursFor(db, [row.center.id]);
  return { desk: row.desk, zone: row.zone, center: { ...row.center, hours: hours.get(row.center.id) ?? [] } };
}
/** Every desk and room with its center, for listings that need them all at once. */
export async function desksWithCenter(db: Database): Promise<(DeskRow & { centerId: number })[]> {
  const rows = await db
    .select({ desk: desks, centerId: zones.centerId })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(eq(desks.active, true))
    .orderBy(asc(desks.id));
  return rows.map((r) => ({ ...r.desk, centerId: r.centerId }));
}

/** A desk's or room's own booking mode; null follows its center. */
export async function setResourceMode(db: Database, deskId: number, mode: string | null): Promise<void> {
  await db.update(desks).set({ bookingMode: mode }).where(eq(desks.id, deskId));
}
