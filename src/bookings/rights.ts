import type { SessionUser } from '../auth/users.js';
import { policiesOf } from '../centers/policy-repository.js';
import { listCenters } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import { extraHorizonDays } from '../programmes/benefits.js';
import { addDaysToDate, type Clock, seoulDate, seoulInstant } from '../time/seoul.js';
import { isoWeekOf } from './policy.js';
import { activeBan, heldDeskMinutes } from './repository.js';

/**
 * What a person may book, read from the same facts the admission path uses: how far ahead at
 * each center (with pilot-programme days), desk hours used and left this week, a no-show hold,
 * and which zones are theirs. For clients that want to offer only what will be accepted.
 */
export async function bookingRightsOf(db: Database, clock: Clock, person: SessionUser) {
  const now = clock.now();
  const today = seoulDate(now);
  const week = isoWeekOf(today);
  const centers = await listCenters(db);
  const [extraDays, usedMinutes, ban, policies] = await Promise.all([
    extraHorizonDays(db, person.id, today),
    heldDeskMinutes(db, person.id, seoulInstant(week.from, 0), seoulInstant(week.to, 0)),
    activeBan(db, person.id, now),
    policiesOf(
      db,
      centers.map((c) => c.id),
    ),
  ]);
  return {
    zones: person.organisationKind === 'private' ? ('partner' as const) : ('public' as const),
    extraHorizonDays: extraDays,
    hold: ban ? { until: seoulDate(ban.endsAt), sameDayOnly: true } : null,
    week: { from: week.from, to: addDaysToDate(week.to, -1), deskHoursUsed: usedMinutes / 60 },
    centers: centers.map((c) => {
      const policy = policies.get(c.id)!;
      return {
        centerId: c.id,
        horizonEnds: addDaysToDate(today, policy.horizonDays + extraDays),
        maxWeekHours: policy.maxWeekMinutes / 60,
        hoursLeftThisWeek: Math.max(0, policy.maxWeekMinutes - usedMinutes) / 60,
      };
    }),
  };
}
