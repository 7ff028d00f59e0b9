import type { Database } from '../db/client.js';
import type { ScheduleType } from '../schedules/rules.js';
import * as repo from './repository.js';
import {
  addFigures,
  anonymousGroups,
  type DayFigures,
  type Granularity,
  granularityFor,
  type HourCell,
  hourProfile,
  openDeskHours,
  peakDays,
  periods,
  type ReportRange,
  rates,
  share,
  uptakeByType,
  weekdayHourGrid,
  ZERO,
} from './rules.js';

type Rates = ReturnType<typeof rates>;
type Named = { name: string; nameEn: string };

export interface Report {
  range: ReportRange;
  granularity: Granularity;
  /** The centers in scope (all of them for the network), with their desks in use. */
  centers: ({ id: number; capacity: number } & Named)[];
  network: boolean;
  totals: DayFigures & Rates & { occupancy: number | null; people: number; repeat: number };
  periods: { start: string; figures: DayFigures }[];
  grid: HourCell[];
  hours: { hour: number; averageBooked: number }[];
  peakDays: { date: string; booked: number }[];
  byCenter: ({ centerId: number } & Named & DayFigures & Rates)[];
  byZone: ({ zoneId: number; centerId: number } & Named & DayFigures & Rates)[];
  byFeature: ({ feature: string } & DayFigures & Rates)[];
  /** Only for a report on one center. */
  byDesk: ({ deskId: number; label: string; kind: string; zoneName: string; zoneNameEn: string } & DayFigures &
    Rates)[];
  /** Home districts (area codes; null is "other"), groups under 5 people merged. */
  districts: { key: string | null; people: number | null }[];
  teams: ({ key: number | null; people: number | null } & Partial<Named>)[];
  /** Flexible-work plans (network reports only: plans belong to people, not to centers). */
  uptake?: {
    byType: Record<ScheduleType, number>;
    byTeam: ({ key: number | null; people: number | null } & Partial<Named>)[];
    people: number;
  };
  /** Days with changes the job has not aggregated yet. */
  pending: number;
}

const withRates = <T extends DayFigures>(f: T): T & Rates => ({ ...f, ...rates(f) });

/**
 * One report for a range and a set of centers (undefined: the whole network), read from the
 * aggregates the rollup job keeps current.
 */
export async function buildReport(
  db: Database,
  input: { range: ReportRange; centers?: readonly number[] },
): Promise<Report> {
  const scope: repo.Scope = { range: input.range, centers: input.centers };
  const network = input.centers === undefined;
  const [centers, hoursOpen, daily, byCenter, byZone, byFeature, hourly, people, districts, teams, pending] =
    await Promise.all([
      repo.centersInScope(db, input.centers),
      repo.openingHours(db, input.centers),
      repo.dailyFigures(db, scope),
      repo.centerFigures(db, scope),
      repo.zoneFigures(db, scope),
      repo.featureFigures(db, scope),
      repo.hourlyFigures(db, scope),
      repo.peopleFigures(db, scope),
      repo.districtCounts(db, scope),
      repo.teamCounts(db, scope),
      repo.pendingDays(db, scope),
    ]);
  const single = centers.length === 1;
  const byDesk = single ? await repo.deskFigures(db, scope) : [];
  const plans = network ? await repo.approvedPlans(db, input.range) : undefined;
  const names = network || teams.length ? new Map((await repo.teamNames(db)).map((t) => [t.id, t])) : new Map();
  const teamName = (key: number | null) =>
    key === null ? {} : { name: names.get(key)?.name, nameEn: names.get(key)?.nameEn };

  const days = new Map(daily.map((d) => [d.day, d]));
  const total = daily.reduce<DayFigures>((a, d) => addFigures(a, d), ZERO);
  const capacity = new Map(centers.map((c) => [c.id, c.capacity]));
  const grid = weekdayHourGrid(input.range, hourly, hoursOpen, capacity);
  const bookedSlots = hourly.reduce((a, h) => a + h.desksBooked, 0);
  const openSlots = openDeskHours(input.range, hoursOpen, capacity);
  const centerName = new Map(centers.map((c) => [c.id, c]));

  let uptake: Report['uptake'];
  if (plans) {
    const teamsOfPlans = new Map<number | null, Set<number>>();
    for (const p of plans) {
      const set = teamsOfPlans.get(p.teamId) ?? new Set<number>();
      set.add(p.userId);
      teamsOfPlans.set(p.teamId, set);
    }
    uptake = {
      byType: uptakeByType(plans),
      byTeam: anonymousGroups([...teamsOfPlans].map(([key, set]) => ({ key, people: set.size }))).map((g) => ({
        ...g,
        ...teamName(g.key),
      })),
      people: new Set(plans.map((p) => p.userId)).size,
    };
  }

  return {
    range: input.range,
    granularity: granularityFor(input.range),
    centers,
    network,
    totals: {
      ...withRates(total),
      occupancy: openSlots > 0 ? share(bookedSlots, openSlots) : null,
      people: people.people,
      repeat: people.repeat,
    },
    periods: periods(input.range, granularityFor(input.range), days),
    grid,
    hours: hourProfile(grid, input.range),
    peakDays: peakDays(days),
    byCenter: byCenter
      .map((c) =>
        withRates({
          ...c,
          name: centerName.get(c.centerId)?.name ?? '',
          nameEn: centerName.get(c.centerId)?.nameEn ?? '',
        }),
      )
      .sort((a, b) => b.booked - a.booked),
    byZone: byZone.map(withRates),
    byFeature: byFeature.map(withRates),
    byDesk: byDesk.map(withRates),
    districts: anonymousGroups(districts),
    teams: anonymousGroups(teams).map((g) => ({ ...g, ...teamName(g.key) })),
    uptake,
    pending,
  };
}
