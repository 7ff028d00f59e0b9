import { isNoShowPending } from '../bookings/rules.js';
import type { CenterBookingRow } from './repository.js';

export type DeskState = 'free' | 'booked' | 'checked_in' | 'no_show_pending' | 'out_of_service';

export interface BoardDesk {
  id: number;
  label: string;
  kind: string;
  zoneId: number;
  outOfService: boolean;
  outOfServiceReason: string | null;
  features: string[];
}

export interface BoardEntry {
  deskId: number;
  state: DeskState;
  /** The booking under way now, if any, with its holder: operators only. */
  current:
    | {
        bookingId: number;
        userName: string;
        userNameEn: string;
        needsAccessible: boolean;
        start: Date;
        end: Date;
        status: string;
      }
    | undefined;
  next: { bookingId: number; userName: string; userNameEn: string; needsAccessible: boolean; start: Date; end: Date }[];
}

/** Each desk's state now, who is in, and what comes next today. */
export function boardEntries(
  desks: readonly BoardDesk[],
  bookings: readonly CenterBookingRow[],
  now: Date,
): BoardEntry[] {
  const t = now.getTime();
  const name = (b: CenterBookingRow) => ({
    userName: b.userName,
    userNameEn: b.userNameEn,
    needsAccessible: b.needsAccessible,
  });
  return desks.map((d) => {
    const mine = bookings.filter((b) => b.deskId === d.id && b.status !== 'completed');
    const current = mine.find((b) => b.startsAt.getTime() <= t && t < b.endsAt.getTime());
    let state: DeskState = 'free';
    if (d.outOfService) state = 'out_of_service';
    else if (current?.status === 'checked_in') state = 'checked_in';
    else if (current && isNoShowPending(current, now)) state = 'no_show_pending';
    else if (current) state = 'booked';
    return {
      deskId: d.id,
      state,
      current: current
        ? {
            bookingId: current.bookingId,
            ...name(current),
            start: current.startsAt,
            end: current.endsAt,
            status: current.status,
          }
        : undefined,
      next: mine
        .filter((b) => b.startsAt.getTime() > t)
        .slice(0, 3)
        .map((b) => ({ bookingId: b.bookingId, ...name(b), start: b.startsAt, end: b.endsAt })),
    };
  });
}

export type Alert =
  | { kind: 'nearly_full'; percent: number }
  | { kind: 'no_show_pending'; count: number }
  | { kind: 'out_of_service'; count: number };

export const NEARLY_FULL = 0.9;

export function boardAlerts(capacity: number, bookedNow: number, entries: readonly BoardEntry[]): Alert[] {
  const alerts: Alert[] = [];
  if (capacity > 0 && bookedNow / capacity >= NEARLY_FULL) {
    alerts.push({ kind: 'nearly_full', percent: Math.round((bookedNow / capacity) * 100) });
  }
  const pending = entries.filter((e) => e.state === 'no_show_pending').length;
  if (pending > 0) alerts.push({ kind: 'no_show_pending', count: pending });
  const broken = entries.filter((e) => e.state === 'out_of_service').length;
  if (broken > 0) alerts.push({ kind: 'out_of_service', count: broken });
  return alerts;
}
