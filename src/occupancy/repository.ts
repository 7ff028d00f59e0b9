import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookings, desks, zones } from '../db/schema.js';
import type { OccupancyBooking } from './series.js';

/** Bookings of desks (not rooms) that overlap [from, to), with no person in them. */
export async function deskBookingsBetween(
  db: Database,
  from: Date,
  to: Date,
  centerId?: number,
): Promise<(OccupancyBooking & { centerId: number })[]> {
  return db
    .select({
      centerId: zones.centerId,
      deskId: bookings.deskId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
    })
    .from(bookings)
    .innerJoin(desks, eq(bookings.deskId, desks.id))
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(
      and(
        eq(desks.kind, 'desk'),
        inArray(bookings.status, ['booked', 'checked_in', 'completed']),
        lt(bookings.startsAt, to),
        gt(bookings.endsAt, from),
        centerId === undefined ? undefined : eq(zones.centerId, centerId),
      ),
    );
}
