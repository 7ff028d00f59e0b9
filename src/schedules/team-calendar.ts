import { teamMembersOf } from '../auth/teams.js';
import { closuresBetween, networkClosedDays } from '../centers/policy-repository.js';
import type { Database } from '../db/client.js';
import { addDaysToDate, isoWeekday } from '../time/seoul.js';
import { teamWeek } from './repository.js';
import { type Whereabouts, whereOn } from './rules.js';

export interface TeamCalendar {
  dates: { date: string; closed?: { reason: string; reasonEn: string } }[];
  rows: { id: number; displayName: string; displayNameEn: string; cells: Whereabouts[] }[];
}

/**
 * Who works where on each day of the week of `date`, for the teams a manager leads: public
 * holidays and network-wide closures marked on their days, and where people actually were (a
 * check-in at a center beats the plan's headquarters day).
 */
export async function teamCalendar(db: Database, managerId: number, date: string): Promise<TeamCalendar> {
  const monday = addDaysToDate(date, 1 - isoWeekday(date));
  const sunday = addDaysToDate(monday, 6);
  const members = await teamMembersOf(db, managerId);
  const [week, closed] = await Promise.all([
    teamWeek(
      db,
      members.map((m) => m.id),
      monday,
      sunday,
    ),
    networkClosedDays(db, monday, sunday),
  ]);
  const dates = Array.from({ length: 7 }, (_, i) => addDaysToDate(monday, i));
  // The centers people planned to work at, and the days of this week each is closed on its own.
  const planned = new Set(week.plans.flatMap((p) => p.pattern.flatMap((d) => (d.centerId ? [d.centerId] : []))));
  const closedOn = new Map<string, Set<number>>();
  for (const centerId of planned) {
    for (const c of await closuresBetween(db, centerId, monday, sunday)) {
      if (c.scope !== 'center') continue;
      for (const d of dates)
        if (c.startsOn <= d && d <= c.endsOn) closedOn.set(d, (closedOn.get(d) ?? new Set()).add(centerId));
    }
  }
  return {
    dates: dates.map((d) => ({ date: d, closed: closed.get(d) })),
    rows: members.map((m) => ({
      ...m,
      cells: dates.map((d) =>
        whereOn(d, {
          plans: week.plans.filter((p) => p.userId === m.id),
          absences: week.leave.filter((a) => a.userId === m.id),
          checkIns: week.checkIns.filter((c) => c.userId === m.id),
          holiday: closed.has(d),
          closedCenters: closedOn.get(d),
        }),
      ),
    })),
  };
}

/** Where one person works on each day of the week of `date` (the Today page), by the same rule as the team calendar. */
export async function myWeek(
  db: Database,
  userId: number,
  date: string,
): Promise<{ date: string; where: Whereabouts }[]> {
  const monday = addDaysToDate(date, 1 - isoWeekday(date));
  const sunday = addDaysToDate(monday, 6);
  const [week, closed] = await Promise.all([
    teamWeek(db, [userId], monday, sunday),
    networkClosedDays(db, monday, sunday),
  ]);
  return Array.from({ length: 7 }, (_, i) => addDaysToDate(monday, i)).map((d) => ({
    date: d,
    where: whereOn(d, { plans: week.plans, absences: week.leave, checkIns: week.checkIns, holiday: closed.has(d) }),
  }));
}
