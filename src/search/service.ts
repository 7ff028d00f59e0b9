import { heldFromPerson, ownNeeds, wishesFor } from '../accessibility/needs.js';
import type { SessionUser } from '../auth/users.js';
import { modeOf } from '../bookings/policy.js';
import type { MinuteRange } from '../bookings/ranges.js';
import { activeBookingsBetween, personDeskRanges } from '../bookings/repository.js';
import { checkBookingTimes, presetRange } from '../bookings/rules.js';
import { mayUseZone } from '../centers/access.js';
import { distanceKm } from '../centers/distance.js';
import { type Home, homeOf } from '../centers/homes.js';
import { type Opening, openingOn } from '../centers/hours.js';
import { closuresOfCenters, policiesOf } from '../centers/policy-repository.js';
import { type CenterWithHours, listCenters } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import type { FieldErrors } from '../errors.js';
import { extraHorizonDays } from '../programmes/benefits.js';
import { seoulDate, seoulInstant } from '../time/seoul.js';
import { activeResources, favouritesOf, type ResourceRow } from './repository.js';
import { compareCenters, deskFit, isKind, type SearchQuery } from './rules.js';

/** How many of a center's best places the results show. */
export const BEST_PER_CENTER = 3;

export interface SearchResult {
  center: CenterWithHours;
  km?: number;
  favourite: boolean;
  closure?: Opening['closure'];
  /** The range asked for at this center (a block is clipped to its hours); undefined when closed. */
  range?: MinuteRange;
  /** Places of the kind and features asked for that the person may use. */
  matching: number;
  /** Of those, free for the whole range and bookable by the center's rules. */
  free: number;
  best: (ResourceRow & { favourite: boolean; fit: number })[];
  /** Why nothing can be booked here, when the center's own rules say so (closed, too far ahead, mode). */
  refusal?: FieldErrors[string];
}

export interface SearchOutcome {
  results: SearchResult[];
  home?: Home;
  /** The person already holds a desk for part of that time (a person holds one desk at a time). */
  holdsDesk: boolean;
}

/**
 * Every center at once for one date and time: the places of the kind and features asked for,
 * which of them are free for the whole time, and the best of them for this person. A fixed number
 * of queries whatever the number of centers; each place is checked with the same time rule a
 * booking runs (hours, closures, horizon, mode) so what is offered can be booked.
 */
export async function searchCenters(
  deps: { db: Database; needsKey: Buffer },
  person: SessionUser,
  query: SearchQuery,
  now: Date,
): Promise<SearchOutcome> {
  const { db } = deps;
  const dayStart = seoulInstant(query.date, 0);
  const dayEnd = seoulInstant(query.date, 1440);
  const [centers, resources, bookings, favourites, needs, home, own] = await Promise.all([
    listCenters(db),
    activeResources(db),
    activeBookingsBetween(db, dayStart, dayEnd),
    favouritesOf(db, person.id),
    ownNeeds({ db, key: deps.needsKey }, person.id),
    query.near ? homeOf(db, person.id) : Promise.resolve(undefined),
    personDeskRanges(db, person.id, dayStart, dayEnd),
  ]);
  const ids = centers.map((c) => c.id);
  const [closures, centerPolicies, extraDays] = await Promise.all([
    closuresOfCenters(db, ids, query.date, query.date),
    policiesOf(db, ids),
    extraHorizonDays(db, person.id, seoulDate(now)),
  ]);
  // As in book(): a pilot programme's benefit extends every center's horizon for this person.
  const policies = new Map(
    [...centerPolicies].map(([id, p]) => [id, { ...p, horizonDays: p.horizonDays + extraDays }] as const),
  );
  const wishes = wishesFor(needs);
  const busyByDesk = new Map<number, { startsAt: Date; endsAt: Date }[]>();
  for (const b of bookings) busyByDesk.set(b.deskId, [...(busyByDesk.get(b.deskId) ?? []), b]);

  let holdsDesk = false;
  const results = centers.map((center): SearchResult => {
    const policy = policies.get(center.id)!;
    const opening = openingOn(center.hours, closures.get(center.id) ?? [], query.date);
    const km = home ? distanceKm(home, center) : undefined;
    const favourite = favourites.centerIds.includes(center.id);
    const places = resources.filter(
      (r) =>
        r.centerId === center.id &&
        isKind(query.kind, r.kind) &&
        query.features.every((f) => r.features.includes(f)) &&
        mayUseZone(person, r),
    );
    const base = { center, km, favourite, closure: opening.closure, matching: places.length, free: 0, best: [] };
    if (!opening.hours)
      return {
        ...base,
        refusal: {
          key: opening.closure ? 'booking.error.closure' : 'booking.error.closedDay',
          params: {
            reason: opening.closure?.reason ?? '',
            reasonEn: opening.closure?.reasonEn || (opening.closure?.reason ?? ''),
          },
        },
      };
    const range =
      query.block !== undefined ? presetRange(query.block, opening.hours) : { start: query.start!, end: query.end! };
    if (!range) return { ...base, refusal: { key: 'search.closedThen' } };
    const from = seoulInstant(query.date, range.start).getTime();
    const to = seoulInstant(query.date, range.end).getTime();
    if (query.kind === 'desk' && own.some((r) => r.startsAt.getTime() < to && from < r.endsAt.getTime()))
      holdsDesk = true;
    let refusal: FieldErrors[string] | undefined;
    const free = places.filter((p) => {
      if (p.outOfService) return false;
      const errors = checkBookingTimes(
        { date: query.date, start: range.start, end: range.end },
        { now, policy, hoursOnDate: () => opening.hours, mode: modeOf(policy, p) },
      );
      const first = Object.values(errors)[0];
      if (first) {
        refusal ??= first;
        return false;
      }
      // As in book(): an accessible desk or a nursing room waits for the people who need it until
      // the center releases it, so it is not offered to others before then.
      if (heldFromPerson(p, needs, new Date(from), now, policy.priorityReleaseHours).held) return false;
      return !(busyByDesk.get(p.id) ?? []).some((b) => b.startsAt.getTime() < to && from < b.endsAt.getTime());
    });
    const best = free
      .map((p) => {
        const fav = favourites.deskIds.includes(p.id);
        return { ...p, favourite: fav, fit: deskFit(p.features, wishes, fav) };
      })
      .sort((a, b) => b.fit - a.fit || a.id - b.id)
      .slice(0, 3);
    return { ...base, range, free: free.length, best, refusal: free.length === 0 ? refusal : undefined };
  });
  results.sort(
    (a, b) =>
      compareCenters(
        { name: a.center.name, km: a.km, free: a.free },
        { name: b.center.name, km: b.km, free: b.free },
      ) || Number(b.favourite) - Number(a.favourite),
  );
  return { results, home, holdsDesk };
}
