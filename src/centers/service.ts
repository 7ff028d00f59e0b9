import type { Closure } from '../bookings/policy.js';
import { activeBookingsBetween, type BusyRange } from '../bookings/repository.js';
import { groupBy } from '../collections/group.js';
import type { Database } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { type CenterCounts, centerCounts } from '../occupancy/counts.js';
import { deskBookingsBetween } from '../occupancy/repository.js';
import type { CenterCache } from '../realtime/center-cache.js';
import { seoulDate, seoulInstant } from '../time/seoul.js';
import { type DeskDay, deskDay } from './availability.js';
import { type DayHours, type Opening, openingOn } from './hours.js';
import { closuresBetween, closuresOfCenters } from './policy-repository.js';
import {
  type CenterDetail,
  type CenterWithHours,
  type DeskRow,
  desksWithCenter,
  findCenter,
  listCenters,
  type ZoneWithDesks,
} from './repository.js';

export interface CenterSummary extends CenterWithHours {
  today: DayHours | undefined;
  closure?: Opening['closure'];
  counts: CenterCounts;
  nursingRoom: boolean;
}

/** Whether and when a center is open on a date, closures and holidays included. */
export async function openingOf(db: Database, center: CenterWithHours, date: string): Promise<Opening> {
  return openingOn(center.hours, await closuresBetween(db, center.id, date, date), date);
}

/** Every center with its live numbers now, computed exactly as the sockets compute them. */
export async function centersWithTodayCounts(db: Database, now: Date): Promise<CenterSummary[]> {
  const today = seoulDate(now);
  const [centers, allDesks, bookings] = await Promise.all([
    listCenters(db),
    desksWithCenter(db),
    deskBookingsBetween(db, seoulInstant(today, 0), seoulInstant(today, 1440)),
  ]);
  const closed = await closuresOfCenters(
    db,
    centers.map((c) => c.id),
    today,
    today,
  );
  const openings = centers.map((c) => openingOn(c.hours, closed.get(c.id) ?? [], today));
  return centers.map((c, i) => {
    const { hours, closure } = openings[i]!;
    return {
      closure,
      ...c,
      today: hours,
      nursingRoom: allDesks.some((d) => d.centerId === c.id && d.kind === 'nursing_room' && d.active),
      counts: centerCounts(
        allDesks.filter((d) => d.centerId === c.id),
        hours,
        bookings.filter((b) => b.centerId === c.id),
        now,
      ),
    };
  });
}

export interface DeskWithDay extends DeskRow {
  day: DeskDay;
}
export interface CenterDay {
  center: CenterDetail;
  date: string;
  /** Undefined when the center is closed that day (its weekly hours, a closure or a holiday). */
  hours: DayHours | undefined;
  closure?: Opening['closure'];
  zones: (Omit<ZoneWithDesks, 'desks'> & { desks: DeskWithDay[] })[];
}

/** What a center's day is made of, before anyone's view of it: the same for every viewer. */
export interface CenterDayReads {
  center: CenterDetail | undefined;
  closures: Closure[];
  bookings: BusyRange[];
}

/** A center's days, shared by the viewers of one process for a few seconds (src/realtime/center-cache.ts). */
export type CenterDayCache = CenterCache<CenterDayReads>;

async function readCenterDay(db: Database, centerId: number, date: string): Promise<CenterDayReads> {
  // The three reads need only the id and the date: sent together.
  const [center, closures, bookings] = await Promise.all([
    findCenter(db, centerId),
    closuresBetween(db, centerId, date, date),
    activeBookingsBetween(db, seoulInstant(date, 0), seoulInstant(date, 1440), centerId),
  ]);
  return { center, closures, bookings };
}

/**
 * A center on one date: every zone's desks with their booked and free ranges. With a cache,
 * the reads are shared with other viewers of the same day; the viewer's own bookings are still
 * marked per viewer.
 */
export async function centerOnDate(
  db: Database,
  centerId: number,
  date: string,
  viewerId: number | undefined,
  cache?: CenterDayCache,
): Promise<CenterDay> {
  const { center, closures, bookings } = await (cache
    ? cache.get(centerId, date, () => readCenterDay(db, centerId, date))
    : readCenterDay(db, centerId, date));
  if (!center) throw new NotFoundError('center.notFound');
  const { hours, closure } = openingOn(center.hours, closures, date);
  const byDesk = groupBy(bookings, (b) => b.deskId);
  return {
    center,
    date,
    hours,
    closure,
    zones: center.zones.map((z) => ({
      ...z,
      desks: z.desks
        .filter((d) => d.active)
        .map((d) => ({
          ...d,
          day: deskDay(
            date,
            // An out-of-service desk has no free time to offer.
            d.outOfService ? undefined : hours,
            byDesk.get(d.id) ?? [],
            viewerId,
          ),
        })),
    })),
  };
}
