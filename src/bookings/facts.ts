import { type Need, ownNeeds } from '../accessibility/needs.js';
import type { SessionUser } from '../auth/users.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import type { DeskContext } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import { type CivilianFact, civilianFact } from '../partners/civilians.js';
import { partnerQuotaFact } from '../partners/repository.js';
import type { PartnerQuotaFact } from '../partners/rules.js';
import { type ProgrammeDeskFacts, programmeDeskFacts } from '../programmes/benefits.js';
import { seoulDate, seoulInstant } from '../time/seoul.js';
import { absencesBetween } from './absences.js';
import type { BookDeps } from './book.js';
import { type CenterPolicy, type Closure, isoWeekOf } from './policy.js';
import { activeBan, heldDeskMinutes } from './repository.js';

// The facts of the one admission path (src/bookings/book.ts): read here, judged there by a pure
// function. Each read is its feature's own query; they go to the database together (pipelined).

/**
 * What the rules need to know about one person at one center on one date, read once. A single
 * booking reads it for its one desk; availability reads it once and checks every desk and slot.
 */
export interface AdmissionFacts {
  now: Date;
  today: string;
  person: SessionUser;
  date: string;
  center: DeskContext['center'];
  /** The center's policy, with the person's pilot-programme horizon benefit added. */
  policy: CenterPolicy;
  closures: Closure[];
  /** Desk minutes the person already holds in the date's ISO week (less the booking being replaced). */
  weekMinutes: number;
  ban: { endsAt: Date } | undefined;
  needs: Need[];
  onLeave: boolean;
  /** The person's organisation's share of this center that day, when it has one (src/partners). */
  partnerQuota: PartnerQuotaFact | undefined;
  /** For a civilian: the organisation running the center and the person's approval there; undefined for staff. */
  civilian: CivilianFact | undefined;
  /** Desks pilot programmes reserve at this center, and the person's programmes with their weekly quota. */
  programmes: ProgrammeDeskFacts;
}

export async function loadFacts(
  db: Database,
  deps: BookDeps,
  person: SessionUser,
  center: DeskContext['center'],
  date: string,
  replaces?: number,
): Promise<AdmissionFacts> {
  const now = deps.clock.now();
  const today = seoulDate(now);
  const week = isoWeekOf(date);
  const [centerPolicy, closures, weekMinutes, ban, needs, away, civilian, programmes] = await Promise.all([
    policyFor(db, center.id),
    closuresBetween(db, center.id, date, date),
    heldDeskMinutes(db, person.id, seoulInstant(week.from, 0), seoulInstant(week.to, 0), replaces),
    activeBan(db, person.id, now),
    ownNeeds({ db, key: deps.needsKey }, person.id),
    absencesBetween(db, person.id, date, date),
    civilianFact(db, person, center),
    programmeDeskFacts(db, person.id, center.id, date, replaces, today),
  ]);
  const extraDays = programmes.extraHorizonDays;
  // Last and on its own: inside a booking's transaction it takes the (center, organisation, day) lock.
  const partnerQuota = await partnerQuotaFact(db, person, center.id, date, replaces);
  // A pilot programme's benefit extends this person's horizon (parents or disabled staff booking earlier).
  const policy = { ...centerPolicy, horizonDays: centerPolicy.horizonDays + extraDays };
  return {
    now,
    today,
    person,
    date,
    center,
    policy,
    closures,
    weekMinutes,
    ban,
    needs,
    onLeave: away.length > 0,
    partnerQuota,
    civilian,
    programmes,
  };
}
