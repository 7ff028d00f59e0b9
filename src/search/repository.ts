import { and, asc, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { favouriteDesksAtCenters } from '../db/joins.js';
import { preparedFor } from '../db/prepared.js';
import { centers, desks, teams, userFavourites, users, zones } from '../db/schema.js';

/** Every active desk and room of the network with its zone, in one query (the search reads all centers at once). */
export async function activeResources(db: Database) {
  return db
    .select({
      id: desks.id,
      label: desks.label,
      kind: desks.kind,
      capacity: desks.capacity,
      features: desks.features,
      bookingMode: desks.bookingMode,
      outOfService: desks.outOfService,
      zoneId: zones.id,
      zoneName: zones.name,
      zoneNameEn: zones.nameEn,
      centerId: zones.centerId,
      partnerOrganisationId: zones.partnerOrganisationId,
    })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(and(eq(desks.active, true), eq(zones.active, true)))
    .orderBy(asc(zones.sortOrder), asc(zones.id), asc(desks.id));
}
export type ResourceRow = Awaited<ReturnType<typeof activeResources>>[number];

export interface Favourites {
  centerIds: number[];
  deskIds: number[];
}

// Read on every signed-in view of a center: built once.
const favouritesById = preparedFor((db) =>
  db
    .select({ centerId: userFavourites.centerId, deskId: userFavourites.deskId })
    .from(userFavourites)
    .where(eq(userFavourites.userId, sql.placeholder('userId')))
    .orderBy(asc(userFavourites.createdAt), asc(userFavourites.id))
    .prepare('favourites_of'),
);

export async function favouritesOf(db: Database, userId: number): Promise<Favourites> {
  const rows = await favouritesById(db).execute({ userId });
  return {
    centerIds: rows.flatMap((r) => (r.centerId === null ? [] : [r.centerId])),
    deskIds: rows.flatMap((r) => (r.deskId === null ? [] : [r.deskId])),
  };
}

/** The person's favourites with names, for the profile and Today: centers first, then desks. */
export async function favouritesListed(db: Database, userId: number) {
  const [centerRows, deskRows] = await Promise.all([
    db
      .select({ id: centers.id, name: centers.name, nameEn: centers.nameEn })
      .from(userFavourites)
      .innerJoin(centers, eq(userFavourites.centerId, centers.id))
      .where(eq(userFavourites.userId, userId))
      .orderBy(asc(userFavourites.createdAt), asc(userFavourites.id)),
    favouriteDesksAtCenters(
      db.select({
        id: desks.id,
        label: desks.label,
        kind: desks.kind,
        active: desks.active,
        zoneName: zones.name,
        zoneNameEn: zones.nameEn,
        centerId: centers.id,
        centerName: centers.name,
        centerNameEn: centers.nameEn,
      }),
    )
      .where(eq(userFavourites.userId, userId))
      .orderBy(asc(userFavourites.createdAt), asc(userFavourites.id)),
  ]);
  return { centers: centerRows, desks: deskRows };
}

export type FavouriteTarget = { centerId: number } | { deskId: number };

/** Marks a center or desk as a favourite; marking it twice changes nothing. */
export async function addFavourite(db: Database, userId: number, target: FavouriteTarget, at: Date): Promise<void> {
  await db
    .insert(userFavourites)
    .values({ userId, ...target, createdAt: at })
    .onConflictDoNothing();
}

export async function removeFavourite(db: Database, userId: number, target: FavouriteTarget): Promise<void> {
  await db
    .delete(userFavourites)
    .where(
      and(
        eq(userFavourites.userId, userId),
        'centerId' in target ? eq(userFavourites.centerId, target.centerId) : eq(userFavourites.deskId, target.deskId),
      ),
    );
}

/** Whether a center or an active desk with this id exists (a favourite must point at something real). */
export async function targetExists(db: Database, target: FavouriteTarget): Promise<boolean> {
  const [row] =
    'centerId' in target
      ? await db.select({ id: centers.id }).from(centers).where(eq(centers.id, target.centerId))
      : await db
          .select({ id: desks.id })
          .from(desks)
          .where(and(eq(desks.id, target.deskId), eq(desks.active, true)));
  return row !== undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Colleagues of one organisation whose name (either language), username or team matches the text:
 * only name, username and team — nothing else about them — and never people of another organisation.
 */
export async function colleaguesMatching(
  db: Database,
  organisationId: number,
  excludeUserId: number,
  text: string,
  limit: number,
) {
  const like = `%${escapeLike(text)}%`;
  return db
    .select({
      username: users.username,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      teamName: teams.name,
      teamNameEn: teams.nameEn,
    })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(
      and(
        eq(users.organisationId, organisationId),
        eq(users.disabled, false),
        ne(users.id, excludeUserId),
        or(
          ilike(users.displayName, like),
          ilike(users.displayNameEn, like),
          ilike(users.username, like),
          ilike(teams.name, like),
          ilike(teams.nameEn, like),
        ),
      ),
    )
    .orderBy(
      // Names that start with the text first, then the rest by name.
      sql`case when ${users.displayName} ilike ${`${escapeLike(text)}%`} or ${users.username} ilike ${`${escapeLike(text)}%`} then 0 else 1 end`,
      asc(users.displayName),
      asc(users.id),
    )
    .limit(limit);
}

/** The desks among these ids that are active, with their center, for "my usual" from a favourite desk. */
export async function activeDeskIds(db: Database, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: desks.id })
    .from(desks)
    .where(and(inArray(desks.id, [...ids]), eq(desks.active, true), eq(desks.outOfService, false)));
  return rows.map((r) => r.id);
}
