import type { BookingRow } from './repository.js';

type Status = BookingRow['status'];

/** The only moves a booking's status can make; the database enforces the same table (migration 0006). */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  booked: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}
