import { hoursOn } from '../centers/hours.js';
import { type CenterDetail, findCenter } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import { formatMinute, seoulDate, seoulInstant, seoulMinuteOfDay, toSeoulIso } from '../time/seoul.js';
import { type Alert, boardAlerts, boardEntries, type DeskState } from './board.js';
import { type CenterCounts, centerCounts } from './counts.js';
import { type CenterBookingRow, centerBookingsBetween, snapshotVersion } from './repository.js';

export interface LiveCenter {
  version: string;
  center: CenterDetail;
  bookings: CenterBookingRow[];
  now: Date;
}

/** Everything a live screen of one center needs, read in one consistent snapshot with its version. */
export async function loadLiveCenter(db: Database, centerId: number, now: Date): Promise<LiveCenter | undefined> {
  return db.transaction(
    async (tx) => {
      const t = tx as unknown as Database;
      const version = await snapshotVersion(t);
      const center = await findCenter(t, centerId);
      if (!center) return undefined;
      const date = seoulDate(now);
      const bookings = await centerBookingsBetween(t, centerId, seoulInstant(date, 0), seoulInstant(date, 1440));
      return { version, center, bookings, now };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export function countsOf(live: LiveCenter): CenterCounts {
  const desks = live.center.zones.flatMap((z) => z.desks);
  return centerCounts(desks, hoursOn(live.center.hours, seoulDate(live.now)), live.bookings, live.now);
}

/** What anyone may see, including the public display: counts only, never a person. */
export interface PublicCounts extends CenterCounts {
  centerId: number;
  version: string;
  at: string;
  zoneNames: Record<number, { name: string; nameEn: string }>;
}

export function publicCounts(live: LiveCenter): PublicCounts {
  return {
    centerId: live.center.id,
    version: live.version,
    at: toSeoulIso(live.now),
    ...countsOf(live),
    zoneNames: Object.fromEntries(live.center.zones.map((z) => [z.id, { name: z.name, nameEn: z.nameEn }])),
  };
}

export interface BoardDeskView {
  id: number;
  label: string;
  kind: string;
  zoneId: number;
  state: DeskState;
  outOfServiceReason: string | null;
  current?: {
    bookingId: number;
    userName: string;
    userNameEn: string;
    needsAccessible: boolean;
    start: string;
    end: string;
    status: string;
  };
  next: {
    bookingId: number;
    userName: string;
    userNameEn: string;
    needsAccessible: boolean;
    start: string;
    end: string;
  }[];
}

/** The operator's floor board: every desk and room, who is in, what comes next, and alerts. Operators only. */
export interface OperatorBoard {
  centerId: number;
  version: string;
  at: string;
  counts: PublicCounts;
  desks: BoardDeskView[];
  alerts: Alert[];
}

const hhmm = (d: Date, date: string) => (seoulDate(d) === date ? formatMinute(seoulMinuteOfDay(d)) : '24:00');

export function operatorBoard(live: LiveCenter): OperatorBoard {
  const counts = publicCounts(live);
  const date = seoulDate(live.now);
  const desks = live.center.zones.flatMap((z) => z.desks.filter((d) => d.active));
  const entries = boardEntries(desks, live.bookings, live.now);
  return {
    centerId: live.center.id,
    version: live.version,
    at: counts.at,
    counts,
    alerts: boardAlerts(
      counts.capacity,
      counts.now.booked,
      entries.filter((e) => desks.find((d) => d.id === e.deskId)?.kind === 'desk'),
    ),
    desks: desks.map((d, i) => {
      const e = entries[i]!;
      return {
        id: d.id,
        label: d.label,
        kind: d.kind,
        zoneId: d.zoneId,
        state: e.state,
        outOfServiceReason: d.outOfServiceReason,
        current: e.current && { ...e.current, start: hhmm(e.current.start, date), end: hhmm(e.current.end, date) },
        next: e.next.map((n) => ({ ...n, start: hhmm(n.start, date), end: hhmm(n.end, date) })),
      };
    }),
  };
}
