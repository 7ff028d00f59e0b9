import { and, eq, inArray } from 'drizzle-orm';
import { recordAdminChange } from '../admin/audit.js';
import type { Database } from '../db/client.js';
import { desks, zonePlans, zones } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { type CheckedImage, checkPlacement, gridForImage, type Placement } from './plan.js';

/** A zone's plan without its picture's bytes (those are read only to serve them). */
export interface ZonePlan {
  zoneId: number;
  kind: 'grid' | 'image';
  cols: number;
  rows: number;
  imageType: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  imageHash: string | null;
}

interface Change {
  actorId: number;
  at: Date;
}

const planColumns = {
  zoneId: zonePlans.zoneId,
  kind: zonePlans.kind,
  cols: zonePlans.cols,
  rows: zonePlans.rows,
  imageType: zonePlans.imageType,
  imageWidth: zonePlans.imageWidth,
  imageHeight: zonePlans.imageHeight,
  imageHash: zonePlans.imageHash,
};

/** The plans of these zones (zones without one are absent). */
export async function plansOf(db: Database, zoneIds: readonly number[]): Promise<Map<number, ZonePlan>> {
  if (!zoneIds.length) return new Map();
  const rows = await db
    .select(planColumns)
    .from(zonePlans)
    .where(inArray(zonePlans.zoneId, [...zoneIds]));
  return new Map(rows.map((r) => [r.zoneId, r as ZonePlan]));
}

/** The plans of a center's zones, by zone id. */
export async function plansOfCenter(db: Database, centerId: number): Promise<Map<number, ZonePlan>> {
  const rows = await db
    .select(planColumns)
    .from(zonePlans)
    .innerJoin(zones, eq(zones.id, zonePlans.zoneId))
    .where(eq(zones.centerId, centerId));
  return new Map(rows.map((r) => [r.zoneId, r as ZonePlan]));
}

/** The picture of a zone's plan, to serve it. */
export async function planImage(db: Database, zoneId: number) {
  const [row] = await db
    .select({ image: zonePlans.image, type: zonePlans.imageType, hash: zonePlans.imageHash })
    .from(zonePlans)
    .where(and(eq(zonePlans.zoneId, zoneId), eq(zonePlans.kind, 'image')));
  return row?.image && row.type && row.hash ? { bytes: row.image, type: row.type, hash: row.hash } : undefined;
}

async function zoneIn(tx: Database, centerId: number, zoneId: number) {
  const [zone] = await tx
    .select({ id: zones.id })
    .from(zones)
    .where(and(eq(zones.id, zoneId), eq(zones.centerId, centerId)));
  if (!zone) throw new NotFoundError('space.zoneNotFound');
}

async function lockedPlan(tx: Database, zoneId: number) {
  const [row] = await tx.select(planColumns).from(zonePlans).where(eq(zonePlans.zoneId, zoneId)).for('update');
  return row as ZonePlan | undefined;
}

/**
 * Saves a zone's grid size and where its desks stand, in one transaction with its audit record.
 * Desks of the zone not in the placement keep their place; desks of other zones are refused.
 */
export async function savePlacement(
  db: Database,
  centerId: number,
  zoneId: number,
  placement: Placement,
  change: Change,
): Promise<void> {
  await db.transaction(async (tx) => {
    await zoneIn(tx, centerId, zoneId);
    const before = await lockedPlan(tx, zoneId);
    const zoneDesks = await tx
      .select({ id: desks.id, label: desks.label, planX: desks.planX, planY: desks.planY })
      .from(desks)
      .where(and(eq(desks.zoneId, zoneId), eq(desks.active, true)))
      .for('update');
    const labels = new Map(zoneDesks.map((d) => [d.id, d.label]));
    const unknown = placement.positions.find((p) => !labels.has(p.deskId));
    if (unknown) throw new NotFoundError('space.deskNotFound');
    // Every active desk counts for collisions: the ones not sent keep their stored cell.
    const sent = new Set(placement.positions.map((p) => p.deskId));
    const all = [
      ...placement.positions,
      ...zoneDesks
        .filter((d) => !sent.has(d.id) && d.planX !== null && d.planY !== null)
        .map((d) => ({ deskId: d.id, x: d.planX!, y: d.planY! })),
    ];
    const errors = checkPlacement({ ...placement, positions: all }, labels);
    if (Object.keys(errors).length) throw new ValidationError(errors);
    for (const p of placement.positions)
      await tx.update(desks).set({ planX: p.x, planY: p.y }).where(eq(desks.id, p.deskId));
    const values = { cols: placement.cols, rows: placement.rows, updatedAt: change.at };
    if (before) await tx.update(zonePlans).set(values).where(eq(zonePlans.zoneId, zoneId));
    else await tx.insert(zonePlans).values({ zoneId, kind: 'grid', ...values });
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: zoneId,
      action: 'place_desks',
      before: {
        cols: before?.cols ?? null,
        rows: before?.rows ?? null,
        positions: zoneDesks.map((d) => ({ deskId: d.id, x: d.planX, y: d.planY })),
      },
      after: { cols: placement.cols, rows: placement.rows, positions: placement.positions },
      at: change.at,
    });
  });
}

/**
 * Puts a checked picture under a zone's plan; the grid takes the picture's proportions (keeping
 * its number of columns) so that desks line up with the drawing. The audit keeps its type, size and
 * hash, not its bytes.
 */
export async function setPlanImage(
  db: Database,
  centerId: number,
  zoneId: number,
  bytes: Uint8Array,
  image: CheckedImage,
  fallbackCols: number,
  change: Change,
): Promise<void> {
  await db.transaction(async (tx) => {
    await zoneIn(tx, centerId, zoneId);
    const before = await lockedPlan(tx, zoneId);
    const grid = gridForImage(before?.cols ?? fallbackCols, image.width, image.height);
    const values = {
      kind: 'image',
      ...grid,
      image: bytes,
      imageType: image.type,
      imageWidth: image.width,
      imageHeight: image.height,
      imageHash: image.hash,
      updatedAt: change.at,
    };
    if (before) await tx.update(zonePlans).set(values).where(eq(zonePlans.zoneId, zoneId));
    else await tx.insert(zonePlans).values({ zoneId, ...values });
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: zoneId,
      action: 'plan_image',
      before: before ?? null,
      after: {
        ...grid,
        imageType: image.type,
        imageWidth: image.width,
        imageHeight: image.height,
        bytes: bytes.length,
        imageHash: image.hash,
      },
      at: change.at,
    });
  });
}

/** Takes the picture away: the plan becomes a plain grid of the same size. */
export async function removePlanImage(db: Database, centerId: number, zoneId: number, change: Change) {
  await db.transaction(async (tx) => {
    await zoneIn(tx, centerId, zoneId);
    const before = await lockedPlan(tx, zoneId);
    if (before?.kind !== 'image') return;
    await tx
      .update(zonePlans)
      .set({
        kind: 'grid',
        image: null,
        imageType: null,
        imageWidth: null,
        imageHeight: null,
        imageHash: null,
        updatedAt: change.at,
      })
      .where(eq(zonePlans.zoneId, zoneId));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'zone',
      entityId: zoneId,
      action: 'plan_image_remove',
      before,
      after: { kind: 'grid', cols: before.cols, rows: before.rows },
      at: change.at,
    });
  });
}
