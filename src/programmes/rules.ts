import { distanceKm, TRANSIT_SPEED_KMH } from '../centers/distance.js';
import { groupBy } from '../collections/group.js';
import { addDaysToDate, datesBetween, isoWeekday } from '../time/seoul.js';

/**
 * Pilot programmes (시범사업): the vocabulary, and the outcome arithmetic as pure functions
 * of rows the repository reads. Nothing here touches the database, so every figure on the
 * dashboard and the public page can be computed by hand from a fixed scenario.
 */

/** Who a programme is for. 'everyone' admits anyone; the others are declared by the person, never proven. */
export const TARGET_GROUPS = ['parents', 'disabled', 'older', 'everyone'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
/** The groups a person may declare (eligibility); 'everyone' needs no declaration. */
export const DECLARABLE_GROUPS = ['parents', 'disabled', 'older'] as const satisfies readonly TargetGroup[];
export type DeclarableGroup = (typeof DECLARABLE_GROUPS)[number];

export const MEMBER_STATUSES = ['applied', 'invited', 'approved', 'declined'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const SURVEY_PHASES = ['before', 'after'] as const;
export type SurveyPhase = (typeof SURVEY_PHASES)[number];
export const SURVEY_QUESTIONS = ['satisfaction', 'productivity', 'balance'] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** Groups smaller than this are never shown in public (nor exported as open data): nobody can be singled out. */
export const SUPPRESSION_THRESHOLD = 5;

/** Weeks before a person's enrolment that make their baseline (smart-work days per week before the programme). */
export const BASELINE_WEEKS = 4;

/**
 * kg of CO2 a car emits per vehicle-km: the UK government's 2023 greenhouse-gas conversion
 * factors (DESNZ/DEFRA, "Passenger vehicles — average car, unknown fuel", 0.168 kg CO2e/km),
 * rounded to 0.17. Korea publishes no single commuter factor; this assumes the avoided trip
 * would have been by car, so it is an upper bound (by subway it is far less).
 */
export const CO2_KG_PER_CAR_KM = 0.17;
/** Commute time uses the same straight-line speed as "centers near home" (src/centers/distance.ts). */
export const COMMUTE_SPEED_KMH = TRANSIT_SPEED_KMH;

/** Statuses of a desk booking that count as a day of smart work: the person came. */
const ATTENDED = new Set(['checked_in', 'completed']);
/** Statuses of a booking whose time has come (to count no-shows against). */
const STARTED = new Set(['checked_in', 'completed', 'no_show']);

export interface Point {
  lat: number;
  lng: number;
}

/**
 * What one smart-work day at a center saves against going to headquarters, there and back:
 * straight-line kilometres (haversine) home→headquarters minus home→center, never below zero,
 * times two; minutes at COMMUTE_SPEED_KMH.
 */
export function commuteSaving(home: Point, headquarters: Point, center: Point): { km: number; minutes: number } {
  const oneWay = Math.max(0, distanceKm(home, headquarters) - distanceKm(home, center));
  const km = 2 * oneWay;
  return { km, minutes: (km / COMMUTE_SPEED_KMH) * 60 };
}

export const co2Kg = (km: number) => km * CO2_KG_PER_CAR_KM;

/** Weekdays (Monday to Friday) from `from` to `to` inclusive; 0 when the range is empty. */
export function weekdaysBetween(from: string, to: string): number {
  if (to < from) return 0;
  let n = 0;
  for (const d of datesBetween(from, to)) if (isoWeekday(d) <= 5) n++;
  return n;
}

/** Calendar days from `from` to `to` inclusive, as weeks (a fraction); 0 when the range is empty. */
export function weeksBetween(from: string, to: string): number {
  if (to < from) return 0;
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) + 86_400_000) / (7 * 86_400_000);
}

export interface OutcomeMember {
  /** An opaque key linking a member to their bookings; never shown. */
  key: number;
  /** Declared groups; every participant also counts in 'everyone'. */
  groups: readonly DeclarableGroup[];
  /** The Seoul date participation began. */
  approvedOn: string;
  home?: Point;
  headquarters?: Point;
}

export interface OutcomeBooking {
  member: number;
  date: string;
  centerId: number;
  /** The center's coordinates, for the commute (any center, in the programme or not). */
  center: Point;
  deskId: number;
  status: string;
}

export interface OutcomeCenter extends Point {
  id: number;
  /** Desks reserved for the programme at this center. */
  reservedDeskIds: readonly number[];
}

/** Totals kept of people who withdrew (no person in them), by group. */
export interface WithdrawnTotals {
  targetGroup: string;
  people: number;
  smartWorkDays: number;
  weeks: number;
  baselineDays: number;
  baselineWeeks: number;
  bookings: number;
  cancelled: number;
  noShows: number;
  started: number;
  kmSaved: number;
  minutesSaved: number;
}

export interface SurveyAnswer {
  phase: SurveyPhase;
  satisfaction: number;
  productivity: number;
  balance: number;
}

export interface OutcomeInput {
  startsOn: string;
  endsOn: string;
  /** Outcomes are counted up to this date (today, or the end of the programme if it is over). */
  today: string;
  members: readonly OutcomeMember[];
  /** Desk bookings of the members from BASELINE_WEEKS before their enrolment up to `today`. */
  bookings: readonly OutcomeBooking[];
  centers: readonly OutcomeCenter[];
  withdrawn: readonly WithdrawnTotals[];
  surveys: readonly SurveyAnswer[];
}

export interface GroupOutcome {
  group: TargetGroup;
  /** Current participants. */
  people: number;
  /** People who took part and withdrew (their figures stay in the totals, without them). */
  withdrawn: number;
  smartWorkDays: number;
  weeks: number;
  /** Smart-work days per person per week since enrolment. */
  daysPerWeek: number | null;
  /** The same in the BASELINE_WEEKS before enrolment. */
  baselineDaysPerWeek: number | null;
  bookings: number;
  cancelled: number;
  noShows: number;
  started: number;
  cancellationRate: number | null;
  noShowRate: number | null;
  kmSaved: number;
  minutesSaved: number;
  co2Kg: number;
  /** Participants whose commute could be estimated (home and headquarters both known). */
  commuteCounted: number;
}

export interface CenterOutcome {
  centerId: number;
  /** Distinct participants who worked there. */
  people: number;
  smartWorkDays: number;
  reservedDesks: number;
  reservedDeskDaysUsed: number;
  reservedDeskDaysOffered: number;
  utilisation: number | null;
}

export interface SurveyOutcome {
  phase: SurveyPhase;
  responses: number;
  responseRate: number | null;
  means: Record<SurveyQuestion, number | null>;
}

export interface Outcomes {
  groups: GroupOutcome[];
  centers: CenterOutcome[];
  surveys: SurveyOutcome[];
  /** Weekdays of the programme counted so far. */
  weekdaysSoFar: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function emptyGroup(group: TargetGroup): GroupOutcome {
  return {
    group,
    people: 0,
    withdrawn: 0,
    smartWorkDays: 0,
    weeks: 0,
    daysPerWeek: null,
    baselineDaysPerWeek: null,
    bookings: 0,
    cancelled: 0,
    noShows: 0,
    started: 0,
    cancellationRate: null,
    noShowRate: null,
    kmSaved: 0,
    minutesSaved: 0,
    co2Kg: 0,
    commuteCounted: 0,
  };
}

/**
 * Every outcome figure of a programme, from its members' own bookings:
 * - a smart-work day is a date on which the person checked in to a desk (checked in or completed);
 * - days per week = smart-work days since enrolment ÷ person-weeks since enrolment (calendar days ÷ 7),
 *   against the same in the BASELINE_WEEKS before enrolment;
 * - cancellation rate = cancelled ÷ all desk bookings in the period; no-show rate = no-shows ÷ bookings
 *   whose time came (checked in, completed, no-show);
 * - commute saved per smart-work day = commuteSaving(home, headquarters, center), CO2 = km × factor;
 * - reserved-desk utilisation = reserved desk-days used ÷ (reserved desks × weekdays so far).
 */
export function computeOutcomes(input: OutcomeInput): Outcomes {
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text; Math.min would make them NaN
  const until = input.today < input.endsOn ? input.today : input.endsOn;
  const groups = new Map<TargetGroup, GroupOutcome>(TARGET_GROUPS.map((g) => [g, emptyGroup(g)]));
  const baseline = new Map<TargetGroup, { days: number; weeks: number }>(
    TARGET_GROUPS.map((g) => [g, { days: 0, weeks: 0 }]),
  );
  const centerById = new Map(input.centers.map((c) => [c.id, c]));
  const reserved = new Set(input.centers.flatMap((c) => c.reservedDeskIds));
  const centerDays = new Map<number, { people: Set<number>; days: number; reservedDays: Set<string> }>(
    input.centers.map((c) => [c.id, { people: new Set(), days: 0, reservedDays: new Set() }]),
  );
  const byMember = groupBy(input.bookings, (b) => b.member);

  for (const m of input.members) {
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text; Math.min would make them NaN
    const from = m.approvedOn > input.startsOn ? m.approvedOn : input.startsOn;
    const baseFrom = addDaysToDate(m.approvedOn, -7 * BASELINE_WEEKS);
    const baseTo = addDaysToDate(m.approvedOn, -1);
    const weeks = weeksBetween(from, until);
    const own = byMember.get(m.key) ?? [];
    const inPeriod = own.filter((b) => b.date >= from && b.date <= until);
    // One smart-work day per date: the first attended booking's center counts for the commute.
    const attendedDays = new Map<string, OutcomeBooking>();
    for (const b of [...inPeriod].sort((x, y) => x.date.localeCompare(y.date) || x.deskId - y.deskId)) {
      if (ATTENDED.has(b.status) && !attendedDays.has(b.date)) attendedDays.set(b.date, b);
    }
    const baselineDays = new Set(
      own.filter((b) => b.date >= baseFrom && b.date <= baseTo && ATTENDED.has(b.status)).map((b) => b.date),
    ).size;
    let km = 0;
    let minutes = 0;
    const commuteKnown = m.home !== undefined && m.headquarters !== undefined;
    for (const day of attendedDays.values()) {
      const center = centerById.get(day.centerId);
      if (center) {
        const cd = centerDays.get(center.id)!;
        cd.days++;
        cd.people.add(m.key);
      }
      if (commuteKnown) {
        const s = commuteSaving(m.home!, m.headquarters!, day.center);
        km += s.km;
        minutes += s.minutes;
      }
    }
    for (const b of inPeriod) {
      if (ATTENDED.has(b.status) && reserved.has(b.deskId))
        centerDays.get(b.centerId)?.reservedDays.add(`${b.deskId}|${b.date}`);
    }
    for (const g of ['everyone', ...m.groups] as TargetGroup[]) {
      const row = groups.get(g)!;
      row.people++;
      row.smartWorkDays += attendedDays.size;
      row.weeks += weeks;
      row.bookings += inPeriod.length;
      row.cancelled += inPeriod.filter((b) => b.status === 'cancelled').length;
      row.noShows += inPeriod.filter((b) => b.status === 'no_show').length;
      row.started += inPeriod.filter((b) => STARTED.has(b.status)).length;
      row.kmSaved += km;
      row.minutesSaved += minutes;
      if (commuteKnown) row.commuteCounted++;
      const base = baseline.get(g)!;
      base.days += baselineDays;
      base.weeks += BASELINE_WEEKS;
    }
  }
  for (const w of input.withdrawn) {
    const row = groups.get(w.targetGroup as TargetGroup);
    if (!row) continue;
    row.withdrawn += w.people;
    row.smartWorkDays += w.smartWorkDays;
    row.weeks += w.weeks;
    row.bookings += w.bookings;
    row.cancelled += w.cancelled;
    row.noShows += w.noShows;
    row.started += w.started;
    row.kmSaved += w.kmSaved;
    row.minutesSaved += w.minutesSaved;
    const base = baseline.get(row.group)!;
    base.days += w.baselineDays;
    base.weeks += w.baselineWeeks;
  }
  for (const row of groups.values()) {
    row.daysPerWeek = ratio(row.smartWorkDays, row.weeks);
    const base = baseline.get(row.group)!;
    row.baselineDaysPerWeek = ratio(base.days, base.weeks);
    row.cancellationRate = ratio(row.cancelled, row.bookings);
    row.noShowRate = ratio(row.noShows, row.started);
    row.co2Kg = co2Kg(row.kmSaved);
  }

  const weekdaysSoFar = weekdaysBetween(input.startsOn, until);
  const centers: CenterOutcome[] = input.centers.map((c) => {
    const cd = centerDays.get(c.id)!;
    const offered = c.reservedDeskIds.length * weekdaysSoFar;
    return {
      centerId: c.id,
      people: cd.people.size,
      smartWorkDays: cd.days,
      reservedDesks: c.reservedDeskIds.length,
      reservedDeskDaysUsed: cd.reservedDays.size,
      reservedDeskDaysOffered: offered,
      utilisation: ratio(cd.reservedDays.size, offered),
    };
  });

  const participants = groups.get('everyone')!.people;
  const surveys: SurveyOutcome[] = SURVEY_PHASES.map((phase) => {
    const answers = input.surveys.filter((s) => s.phase === phase);
    const mean = (q: SurveyQuestion) =>
      ratio(
        answers.reduce((sum, a) => sum + a[q], 0),
        answers.length,
      );
    return {
      phase,
      responses: answers.length,
      responseRate: ratio(answers.length, participants),
      means: { satisfaction: mean('satisfaction'), productivity: mean('productivity'), balance: mean('balance') },
    };
  });
  return { groups: [...groups.values()], centers, surveys, weekdaysSoFar };
}

/** What one member adds to the withdrawn totals of each of their groups when they leave. */
export function withdrawnContribution(outcomeOfOne: Outcomes, groups: readonly DeclarableGroup[]): WithdrawnTotals[] {
  const everyone = outcomeOfOne.groups.find((g) => g.group === 'everyone')!;
  return (['everyone', ...groups] as TargetGroup[]).map((targetGroup) => ({
    targetGroup,
    people: 1,
    smartWorkDays: everyone.smartWorkDays,
    weeks: everyone.weeks,
    baselineDays: Math.round((everyone.baselineDaysPerWeek ?? 0) * BASELINE_WEEKS),
    baselineWeeks: BASELINE_WEEKS,
    bookings: everyone.bookings,
    cancelled: everyone.cancelled,
    noShows: everyone.noShows,
    started: everyone.started,
    kmSaved: everyone.kmSaved,
    minutesSaved: everyone.minutesSaved,
  }));
}

/** A row shown in public: its figures, or only that it is withheld because it counts fewer than the threshold. */
export type Published<T> = ({ suppressed: false } & T) | { suppressed: true };

/** Withholds any row counting fewer than SUPPRESSION_THRESHOLD people (current and withdrawn together). */
export function suppress<T extends object>(row: T, people: number): Published<T> {
  return people < SUPPRESSION_THRESHOLD ? { suppressed: true } : { suppressed: false, ...row };
}

export interface PublicSummary {
  participants: Published<{ people: number }>;
  groups: ({ group: TargetGroup } & Published<{
    people: number;
    smartWorkDays: number;
    daysPerWeek: number | null;
    baselineDaysPerWeek: number | null;
    cancellationRate: number | null;
    noShowRate: number | null;
    kmSaved: number;
    minutesSaved: number;
    co2Kg: number;
  }>)[];
  centers: ({ centerId: number } & Published<{ people: number; smartWorkDays: number; utilisation: number | null }>)[];
  surveys: ({ phase: SurveyPhase } & Published<{
    responses: number;
    responseRate: number | null;
    means: Record<SurveyQuestion, number | null>;
  }>)[];
}

const r2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The anonymous summary for the public page and open data: rounded, and every group of fewer
 * than SUPPRESSION_THRESHOLD people (participants, a target group, a center's users, a survey
 * phase's respondents) withheld.
 */
export function publicSummary(outcomes: Outcomes, targetGroups: readonly TargetGroup[]): PublicSummary {
  const everyone = outcomes.groups.find((g) => g.group === 'everyone')!;
  const total = everyone.people + everyone.withdrawn;
  const shown = new Set<TargetGroup>(['everyone', ...targetGroups]);
  return {
    participants: suppress({ people: total }, total),
    groups: outcomes.groups
      .filter((g) => shown.has(g.group))
      .map((g) => ({
        group: g.group,
        ...suppress(
          {
            people: g.people + g.withdrawn,
            smartWorkDays: g.smartWorkDays,
            daysPerWeek: r2(g.daysPerWeek),
            baselineDaysPerWeek: r2(g.baselineDaysPerWeek),
            cancellationRate: r2(g.cancellationRate),
            noShowRate: r2(g.noShowRate),
            kmSaved: r1(g.kmSaved),
            minutesSaved: Math.round(g.minutesSaved),
            co2Kg: r1(g.co2Kg),
          },
          g.people + g.withdrawn,
        ),
      })),
    centers: outcomes.centers.map((c) => ({
      centerId: c.centerId,
      ...suppress({ people: c.people, smartWorkDays: c.smartWorkDays, utilisation: r2(c.utilisation) }, c.people),
    })),
    surveys: outcomes.surveys.map((s) => ({
      phase: s.phase,
      ...suppress(
        {
          responses: s.responses,
          responseRate: r2(s.responseRate),
          means: {
            satisfaction: r2(s.means.satisfaction),
            productivity: r2(s.means.productivity),
            balance: r2(s.means.balance),
          },
        },
        s.responses,
      ),
    })),
  };
}

/** May a person with these declared groups join a programme for these target groups? */
export function eligible(targetGroups: readonly TargetGroup[], declared: readonly DeclarableGroup[]): boolean {
  return targetGroups.includes('everyone') || declared.some((g) => targetGroups.includes(g));
}

/**
 * The weekly quota on reserved desks: a participant may hold a programme's reserved desk on at
 * most `quota` distinct days of an ISO week. `daysHeld` are the dates (other than the one being
 * booked) on which they already hold one.
 */
export function withinWeeklyQuota(quota: number | null, daysHeld: readonly string[], date: string): boolean {
  if (quota === null) return true;
  const others = new Set(daysHeld.filter((d) => d !== date));
  return others.size < quota;
}
