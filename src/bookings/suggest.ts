import { and, asc, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import type { Database } from '../db/client.js';
import { bookings, desks, zones } from '../db/schema.js';
import type { MinuteRange } from './ranges.js';
import { activeOverlapping } from './repository.js';
import { bookingInstants } from './rules.js';

/** Features that suit a person's needs, best first (empty when they declared none). */
export type FeatureWish = readonly string[];

/**
 * A free desk for the whole range at a center that the person may use, preferring desks with
 * the features they wish for (an accessible desk for a wheelchair user, say).
 */
export async function freeDeskFor(
  db: Database,
  user: SessionUser,
  centerId: number,
  date: string,
  range: MinuteRange,
  wishes: FeatureWish = [],
  /** Desks already tried (and found taken meanwhile). */
  except: ReadonlySet<number> = new Set(),
): Promise<{ id: number; label: string; features: string[] } | undefined> {
  const { startsAt, endsAt } = bookingInstants(date, range);
  const rows = await freeDesksBetween(db, centerId, startsAt, endsAt);
  const usable = rows.filter((d) => mayUseZone(user, d) && !except.has(d.id));
  const score = (d: { features: string[] }) => wishes.filter((w) => d.features.includes(w)).length;
  // Desks with held features (accessible) go to people who wished for them; others get the rest first.
  const sorted = [...usable].sort(
    (a, b) =>
      score(b) - score(a) || Number(a.features.includes('accessible')) - Number(b.features.includes('accessible')),
  );
  const desk = sorted[0];
  return desk && { id: desk.id, label: desk.label, features: desk.features };
}

export interface FreeDesk {
  id: number;
  label: string;
  zoneId: number;
  partnerOrganisationId: number | null;
  features: string[];
}

/** A center's bookable desks (not rooms) that nobody holds at any moment of [startsAt, endsAt). */
export async function freeDesksBetween(
  db: Database,
  centerId: number,
  startsAt: Date,
  endsAt: Date,
): Promise<FreeDesk[]> {
  const rows = await db
    .select({
      id: desks.id,
      label: desks.label,
      zoneId: desks.zoneId,
      features: desks.features,
      partnerOrganisationId: zones.partnerOrganisationId,
    })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(
      and(eq(zones.centerId, centerId), eq(desks.kind, 'desk'), eq(desks.active, true), eq(desks.outOfService, false)),
    )
    .orderBy(asc(desks.id));
  const busy = new Set(
    (await db.select({ deskId: bookings.deskId }).from(bookings).where(activeOverlapping(startsAt, endsAt))).map(
      (b) => b.deskId,
    ),
  );
  return rows.filter((d) => !busy.has(d.id));
}
