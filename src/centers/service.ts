import { activeBookingsBetween } from '../bookings/repository.js';
import type { Database } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { type DeskDay, deskDay, freeForRestOfDay } from './availability.js';
import { type DayHours, hoursOn } from './hours.js';
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
  deskCount: number;
  /** Desks with no booking from now to closing today; undefined when closed now. */
  freeToday: number | undefined;
}

export async function centersWithTodayCounts(db: Database, now: Date): Promise<CenterSummary[]> {
  const today = seoulDate(now);
  const [centers, allDesks, bookings] = await Promise.all([
    listCenters(db),
    desksWithCenter(db),
    activeBookingsBetween(db, seoulInstant(today, 0), seoulInstant(today, 1440)),
  ]);
  const minute = seoulMinuteOfDay(now);
  return centers.map((c) => {
    const hours = hoursOn(c.hours, today);
    const ids = allDesks.filter((d) => d.centerId === c.id && d.kind === 'desk').map((d) => d.id);
    return {
      ...c,
      today: hours,
      deskCount: ids.length,
      freeToday: freeForRestOfDay(
        today,
        hours,
        minute,
        ids,
        bookings.filter((b) => b.centerId === c.id),
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
  hours: DayHours | undefined;
  zones: (Omit<ZoneWithDesks, 'desks'> & { desks: DeskWithDay[] })[];
}

/** A center on one date: every zone's desks with their booked and free ranges. */
export async function centerOnDate(
  db: Database,
  centerId: number,
  date: string,
  viewerId: number | undefined,
): Promise<CenterDay> {
  const center = await findCenter(db, centerId);
  if (!center) throw new NotFoundError('center.notFound');
  const hours = hoursOn(center.hours, date);
  const bookings = await activeBookingsBetween(db, seoulInstant(date, 0), seoulInstant(date, 1440), centerId);
  return {
    center,
    date,
    hours,
    zones: center.zones.map((z) => ({
      ...z,
      desks: z.desks
        .filter((d) => d.active)
        .map((d) => ({
          ...d,
          day: deskDay(
            date,
            hours,
            bookings.filter((b) => b.deskId === d.id),
            viewerId,
          ),
        })),
    })),
  };
}
