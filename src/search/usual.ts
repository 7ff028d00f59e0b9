import { and, asc, eq, inArray } from 'drizzle-orm';
import { ownNeeds, wishesFor } from '../accessibility/needs.js';
import type { SessionUser } from '../auth/users.js';
import { lastDeskBooking } from '../bookings/list-repository.js';
import type { MinuteRange } from '../bookings/ranges.js';
import { presetRange } from '../bookings/rules.js';
import { freeDeskFor } from '../bookings/suggest.js';
import { findDeskContext, listCenters } from '../centers/repository.js';
import { openingOf } from '../centers/service.js';
import type { Database } from '../db/client.js';
import { favouriteDesksAtCenters } from '../db/joins.js';
import { centers, desks, userFavourites, zones } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { seoulMinuteOfDay } from '../time/seoul.js';

export interface Usual {
  /** Where "my usual" comes from: a favourite desk, a favourite center (any free desk there), or the last desk booked. */
  source: 'favouriteDesk' | 'favouriteCenter' | 'last';
  centerId: number;
  centerName: string;
  centerNameEn: string;
  deskId?: number;
  deskLabel?: string;
  /** The hours of the last desk booking (the same block); undefined: the whole day. */
  range?: MinuteRange;
}

/** The person's first favourite desk that can still be booked, with its center. */
async function firstFavouriteDesk(db: Database, userId: number) {
  const [row] = await favouriteDesksAtCenters(
    db.select({
      deskId: desks.id,
      deskLabel: desks.label,
      centerId: centers.id,
      centerName: centers.name,
      centerNameEn: centers.nameEn,
    }),
  )
    .where(
      and(
        eq(userFavourites.userId, userId),
        eq(desks.active, true),
        eq(desks.kind, 'desk'),
        eq(desks.outOfService, false),
        eq(zones.active, true),
      ),
    )
    .orderBy(asc(userFavourites.createdAt), asc(userFavourites.id))
    .limit(1);
  return row;
}

async function firstFavouriteCenter(db: Database, userId: number) {
  const [row] = await db
    .select({ centerId: centers.id, centerName: centers.name, centerNameEn: centers.nameEn })
    .from(userFavourites)
    .innerJoin(centers, eq(userFavourites.centerId, centers.id))
    .where(eq(userFavourites.userId, userId))
    .orderBy(asc(userFavourites.createdAt), asc(userFavourites.id))
    .limit(1);
  return row;
}

/**
 * "My usual": a favourite desk first, else a favourite center, else the last desk booked; at the
 * hours of the last desk booking (the same block), or the whole day when there is none.
 */
export async function usualOf(db: Database, userId: number): Promise<Usual | undefined> {
  const [last, favDesk, favCenter] = await Promise.all([
    lastDeskBooking(db, userId),
    firstFavouriteDesk(db, userId),
    firstFavouriteCenter(db, userId),
  ]);
  const range = last
    ? { start: seoulMinuteOfDay(last.startsAt), end: seoulMinuteOfDay(last.endsAt) || 1440 }
    : undefined;
  if (favDesk) return { source: 'favouriteDesk', ...favDesk, range };
  if (favCenter) return { source: 'favouriteCenter', ...favCenter, range };
  if (last)
    return {
      source: 'last',
      centerId: last.centerId,
      centerName: last.centerName,
      centerNameEn: last.centerNameEn,
      deskId: last.deskId,
      deskLabel: last.deskLabel,
      range,
    };
  return undefined;
}

/**
 * The desk and hours "my usual" means on a date: the usual desk, or for a favourite center the
 * free desk that suits the person best. The booking itself goes through book() like any other.
 */
export async function usualBookingOn(
  deps: { db: Database; needsKey: Buffer },
  person: SessionUser,
  usual: Usual,
  date: string,
): Promise<{ deskId: number; start: number | undefined; end: number | undefined }> {
  const { db } = deps;
  const center = (await listCenters(db)).find((c) => c.id === usual.centerId);
  if (!center) throw new NotFoundError('center.notFound');
  const { hours } = await openingOf(db, center, date);
  const range = usual.range ?? (hours ? presetRange('day', hours) : undefined);
  if (usual.deskId !== undefined) {
    if (!(await findDeskContext(db, usual.deskId))) throw new NotFoundError('booking.error.deskNotFound');
    return { deskId: usual.deskId, start: range?.start, end: range?.end };
  }
  // A favourite center: any free desk the person may use; when closed, book() says why on the first desk.
  if (!hours || !range) {
    const [any] = await db
      .select({ id: desks.id })
      .from(desks)
      .innerJoin(zones, eq(desks.zoneId, zones.id))
      .where(and(inArray(zones.centerId, [usual.centerId]), eq(desks.active, true), eq(desks.kind, 'desk')))
      .limit(1);
    if (!any) throw new ConflictError('today.usualNoFree', { center: usual.centerName });
    return { deskId: any.id, start: range?.start ?? 540, end: range?.end ?? 1080 };
  }
  const wishes = wishesFor(await ownNeeds({ db, key: deps.needsKey }, person.id));
  const desk = await freeDeskFor(db, person, usual.centerId, date, range, wishes);
  if (!desk) throw new ConflictError('today.usualNoFree', { center: usual.centerName });
  return { deskId: desk.id, start: range.start, end: range.end };
}
