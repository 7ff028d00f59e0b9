import { HELD_STATUSES, PRESENT_STATUSES } from '../bookings/statuses.js';
export interface OccupancyBooking {
  deskId: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
}

export interface OccupancyPoint {
  at: Date;
  booked: number;
  checkedIn: number;
}

const HOLDING = new Set<string>(HELD_STATUSES);
const PRESENT = new Set<string>(PRESENT_STATUSES);

/**
 * Occupancy per hour from `from` (inclusive) to `to` (exclusive): how many distinct desks were
 * booked, and how many had someone checked in, at any moment of each hour. Cancelled and
 * no-show bookings did not hold a desk and do not count. Anonymous by construction: only counts.
 */
export function hourlySeries(from: Date, to: Date, bookings: readonly OccupancyBooking[]): OccupancyPoint[] {
  const points: OccupancyPoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
    const end = t + 3_600_000;
    const booked = new Set<number>();
    const present = new Set<number>();
    for (const b of bookings) {
      if (b.startsAt.getTime() >= end || b.endsAt.getTime() <= t) continue;
      if (HOLDING.has(b.status)) booked.add(b.deskId);
      if (PRESENT.has(b.status)) present.add(b.deskId);
    }
    points.push({ at: new Date(t), booked: booked.size, checkedIn: present.size });
  }
  return points;
}

/** Desks held at one instant: booked, and with someone checked in. */
export function occupancyAt(at: Date, bookings: readonly OccupancyBooking[]): { booked: number; checkedIn: number } {
  const t = at.getTime();
  const active = bookings.filter((b) => b.startsAt.getTime() <= t && t < b.endsAt.getTime());
  return {
    booked: new Set(active.filter((b) => b.status === 'booked' || b.status === 'checked_in').map((b) => b.deskId)).size,
    checkedIn: new Set(active.filter((b) => b.status === 'checked_in').map((b) => b.deskId)).size,
  };
}
