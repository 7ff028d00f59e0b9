import { eq } from 'drizzle-orm';
import type { PgSelectBase, PgSelectBuilder, SelectedFields } from 'drizzle-orm/pg-core';
import { bookings } from './schema/bookings.js';
import { centers, desks, zones } from './schema/centers.js';
import { userFavourites } from './schema/personal.js';

// The one way to say where a booking (or a favourite desk) is: → desks → zones (→ centers). Each
// helper starts a query from the caller's `db.select({ … })` or `db.selectDistinct({ … })`, so the
// caller keeps its fields, its distinctness, its further joins (the holder), `.where`, `.groupBy`
// and `.orderBy`. The joins are inner joins along foreign keys: a booking is there exactly once.

/** A select from `TFrom` joined to `TTables`, typed as Drizzle types the same chain written out. */
type Joined<TFrom extends string, TSelection extends SelectedFields, TTables extends string> = PgSelectBase<
  TFrom,
  TSelection,
  'partial',
  Record<TFrom | TTables, 'not-null'>
>;
type BookingsAtZones<T extends SelectedFields> = Joined<'bookings', T, 'desks' | 'zones'>;
type BookingsAtCenters<T extends SelectedFields> = Joined<'bookings', T, 'desks' | 'zones' | 'centers'>;
type FavouriteDesksAtCenters<T extends SelectedFields> = Joined<'user_favourites', T, 'desks' | 'zones' | 'centers'>;

// Drizzle's join types cannot be resolved over a generic selection, so each chain is built on the
// widest selection and handed back with the caller's (the SQL does not depend on the type).
const widest = <TSelection extends SelectedFields>(select: PgSelectBuilder<TSelection>) =>
  select as PgSelectBuilder<SelectedFields>;

/** Bookings with their desk and zone; `zones.centerId` names the center. */
export function bookingsAtZones<TSelection extends SelectedFields>(
  select: PgSelectBuilder<TSelection>,
): BookingsAtZones<TSelection> {
  return widest(select)
    .from(bookings)
    .innerJoin(desks, eq(bookings.deskId, desks.id))
    .innerJoin(zones, eq(desks.zoneId, zones.id)) as unknown as BookingsAtZones<TSelection>;
}

/** Bookings with their desk, zone and center (for a center's names or coordinates). */
export function bookingsAtCenters<TSelection extends SelectedFields>(
  select: PgSelectBuilder<TSelection>,
): BookingsAtCenters<TSelection> {
  return bookingsAtZones(widest(select)).innerJoin(
    centers,
    eq(zones.centerId, centers.id),
  ) as unknown as BookingsAtCenters<TSelection>;
}

/** Favourite desks (rows naming a center instead drop out) with their zone and center. */
export function favouriteDesksAtCenters<TSelection extends SelectedFields>(
  select: PgSelectBuilder<TSelection>,
): FavouriteDesksAtCenters<TSelection> {
  return widest(select)
    .from(userFavourites)
    .innerJoin(desks, eq(userFavourites.deskId, desks.id))
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .innerJoin(centers, eq(zones.centerId, centers.id)) as unknown as FavouriteDesksAtCenters<TSelection>;
}
