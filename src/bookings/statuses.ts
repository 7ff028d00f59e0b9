/** The booking vocabulary, in one place: which statuses hold a resource, which count as used. */

/** A booking in one of these still holds its desk or room (the exclusion constraints read the same list). */
export const ACTIVE_STATUSES = ['booked', 'checked_in'] as const;

/** Bookings that happened or are happening: occupancy counts and history read these. */
export const HELD_STATUSES = ['booked', 'checked_in', 'completed'] as const;

/** Bookings the person actually came for: checked in, or checked in and since left. */
export const PRESENT_STATUSES = ['checked_in', 'completed'] as const;

export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

export function isActiveStatus(status: string): status is ActiveStatus {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
