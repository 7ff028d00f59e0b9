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
 *
 * A sweep line, linear in hours + bookings (plus sorting each desk's bookings): every booking
 * becomes the range of hour slots it touches; a desk's ranges are merged so it counts once per
 * hour, and the merged ranges go into a difference array (+1 at the first hour, −1 after the last).
 */
export function hourlySeries(from: Date, to: Date, bookings: readonly OccupancyBooking[]): OccupancyPoint[] {
  const t0 = from.getTime();
  const slots = Math.max(0, Math.ceil((to.getTime() - t0) / HOUR));
  const booked = sweep(t0, slots, bookings, HOLDING);
  const present = sweep(t0, slots, bookings, PRESENT);
  const points: OccupancyPoint[] = [];
  for (let k = 0; k < slots; k++)
    points.push({ at: new Date(t0 + k * HOUR), booked: booked[k]!, checkedIn: present[k]! });
  return points;
}

const HOUR = 3_600_000;

/** Per hour slot, the number of distinct desks with a booking in `statuses` touching it. */
function sweep(t0: number, slots: number, bookings: readonly OccupancyBooking[], statuses: Set<string>): Int32Array {
  const diff = new Int32Array(slots + 1);
  if (slots === 0) return diff.subarray(0, 0);
  // Slot ranges [first, last) per desk.
  const perDesk = new Map<number, number[]>();
  for (const b of bookings) {
    if (!statuses.has(b.status)) continue;
    const s = b.startsAt.getTime() - t0;
    const e = b.endsAt.getTime() - t0;
    // The hour [kH, (k+1)H) is touched when start < (k+1)H and end > kH.
    const first = Math.max(0, Math.floor(s / HOUR));
    const last = Math.min(slots, Math.ceil(e / HOUR));
    if (first >= last) continue;
    let list = perDesk.get(b.deskId);
    if (!list) {
      list = [];
      perDesk.set(b.deskId, list);
    }
    list.push(first, last);
  }
  for (const list of perDesk.values()) {
    if (list.length === 2) {
      diff[list[0]!]! += 1;
      diff[list[1]!]! -= 1;
      continue;
    }
    const pairs: [number, number][] = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i]!, list[i + 1]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    let [a, z] = pairs[0]!;
    for (let i = 1; i < pairs.length; i++) {
      const [s, e] = pairs[i]!;
      if (s <= z) z = Math.max(z, e);
      else {
        diff[a]! += 1;
        diff[z]! -= 1;
        a = s;
        z = e;
      }
    }
    diff[a]! += 1;
    diff[z]! -= 1;
  }
  const counts = new Int32Array(slots);
  let running = 0;
  for (let k = 0; k < slots; k++) {
    running += diff[k]!;
    counts[k] = running;
  }
  return counts;
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
