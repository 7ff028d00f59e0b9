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
  /**
   * From the cache only: the same object for every view made from the same version of the day,
   * so a page can keep what it renders from it for everyone (src/web/helpers/memo.ts).
   */
  version?: object;
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
 * the reads and the desks' days are shared with other viewers of the same day; the viewer's own
 * bookings are still marked per viewer.
 */
export async function centerOnDate(
  db: Database,
  centerId: number,
  date: string,
  viewerId: number | undefined,
  cache?: CenterDayCache,
): Promise<CenterDay> {
  if (!cache) {
    const { bookingsByDesk: _, ...day } = dayOf(await readCenterDay(db, centerId, date), date, viewerId);
    return day;
  }
  const reads = await cache.get(centerId, date, () => readCenterDay(db, centerId, date));
  let shared = sharedDays.get(reads);
  if (!shared) {
    shared = { ...dayOf(reads, date, undefined), version: reads };
    sharedDays.set(reads, shared);
  }
  const { bookingsByDesk, ...day } = shared;
  if (viewerId === undefined || !reads.bookings.some((b) => b.userId === viewerId)) return day;
  // Only the desks the viewer holds differ from everyone's view.
  const held = (id: number) => bookingsByDesk.get(id)?.some((b) => b.userId === viewerId) ?? false;
  return {
    ...day,
    zones: day.zones.map((z) => ({
      ...z,
      desks: z.desks.map((d) =>
        held(d.id)
          ? { ...d, day: deskDay(date, d.outOfService ? undefined : day.hours, bookingsByDesk.get(d.id)!, viewerId) }
          : d,
      ),
    })),
  };
}

/**
 * Everyone's view of a cached day, made once per version of the reads: the cache replaces the
 * reads object when the center changes, so the view made from the old one is dropped with it.
 */
const sharedDays = new WeakMap<CenterDayReads, CenterDay & { bookingsByDesk: Map<number, BusyRange[]> }>();

function dayOf(
  { center, closures, bookings }: CenterDayReads,
  date: string,
  viewerId: number | undefined,
): CenterDay & { bookingsByDesk: Map<number, BusyRange[]> } {
  if (!center) throw new NotFoundError('center.notFound');
  const { hours, closure } = openingOn(center.hours, closures, date);
  const bookingsByDesk = groupBy(bookings, (b) => b.deskId);
  return {
    center,
    date,
    hours,
    closure,
    bookingsByDesk,
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
            bookingsByDesk.get(d.id) ?? [],
            viewerId,
          ),
        })),
    })),
  };
}
