import { ACTIVE_STATUSES, HELD_STATUSES } from '../bookings/statuses.js';
import { toMinuteRange } from '../centers/availability.js';
import type { DayHours } from '../centers/hours.js';
import { seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';

export interface CountDesk {
  id: number;
  zoneId: number;
  kind: string;
  active: boolean;
  outOfService: boolean;
}
export interface CountBooking {
  deskId: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
}

export interface CenterCounts {
  /** Open at this moment. */
  openNow: boolean;
  /** Open at some point today. */
  openToday: boolean;
  capacity: number;
  outOfService: number;
  now: { free: number; booked: number; checkedIn: number };
  /** Desks with no booking from now (or opening) to closing today. */
  freeRestOfDay: number;
  zones: { zoneId: number; free: number; total: number }[];
  /** Desks booked in each opening hour today, for the day's curve. */
  hourly: { hour: number; booked: number }[];
}

const ACTIVE = new Set<string>(ACTIVE_STATUSES);
const HELD = new Set<string>(HELD_STATUSES);

/**
 * The one computation of a center's live numbers, used by the pages (without JavaScript),
 * the sockets and the public display alike. Rooms are not desks and are not counted.
 */
export function centerCounts(
  desks: readonly CountDesk[],
  hoursToday: DayHours | undefined,
  bookings: readonly CountBooking[],
  now: Date,
): CenterCounts {
  const date = seoulDate(now);
  const minute = seoulMinuteOfDay(now);
  const usable = desks.filter((d) => d.kind === 'desk' && d.active);
  const inService = usable.filter((d) => !d.outOfService);
  const t = now.getTime();
  const deskIds = new Set(usable.map((d) => d.id));
  const deskBookings = bookings.filter((b) => deskIds.has(b.deskId));
  const current = deskBookings.filter(
    (b) => ACTIVE.has(b.status) && b.startsAt.getTime() <= t && t < b.endsAt.getTime(),
  );
  const bookedNow = new Set(current.map((b) => b.deskId));
  const checkedInNow = new Set(current.filter((b) => b.status === 'checked_in').map((b) => b.deskId));
  const openNow = hoursToday !== undefined && hoursToday.opensMinute <= minute && minute < hoursToday.closesMinute;

  const windowStart = hoursToday ? Math.max(minute, hoursToday.opensMinute) : 0;
  const busyLater = new Set(
    deskBookings
      .filter((b) => ACTIVE.has(b.status))
      .filter((b) => {
        if (!hoursToday) return false;
        const r = toMinuteRange(date, b.startsAt, b.endsAt);
        return r.start < hoursToday.closesMinute && windowStart < r.end;
      })
      .map((b) => b.deskId),
  );
  const freeNow = (d: CountDesk) => openNow && !bookedNow.has(d.id);
  const zoneIds = [...new Set(usable.map((d) => d.zoneId))];

  const hourly: CenterCounts['hourly'] = [];
  if (hoursToday) {
    for (let h = Math.floor(hoursToday.opensMinute / 60); h * 60 < hoursToday.closesMinute; h++) {
      const from = seoulInstant(date, h * 60).getTime();
      const to = from + 3_600_000;
      const held = deskBookings.filter(
        (b) => HELD.has(b.status) && b.startsAt.getTime() < to && from < b.endsAt.getTime(),
      );
      hourly.push({ hour: h, booked: new Set(held.map((b) => b.deskId)).size });
    }
  }

  return {
    openNow,
    openToday: hoursToday !== undefined,
    capacity: usable.length,
    outOfService: usable.length - inService.length,
    now: {
      free: inService.filter(freeNow).length,
      booked: bookedNow.size,
      checkedIn: checkedInNow.size,
    },
    freeRestOfDay:
      hoursToday && windowStart < hoursToday.closesMinute ? inService.filter((d) => !busyLater.has(d.id)).length : 0,
    zones: zoneIds.map((zoneId) => {
      const inZone = inService.filter((d) => d.zoneId === zoneId);
      return { zoneId, free: inZone.filter(freeNow).length, total: usable.filter((d) => d.zoneId === zoneId).length };
    }),
    hourly,
  };
}
