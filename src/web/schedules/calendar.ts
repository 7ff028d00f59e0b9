import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { Router } from 'express';
import { teamMembersOf } from '../../auth/teams.js';
import { listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { absences, schedulePlans } from '../../db/schema.js';
import { whereOn } from '../../schedules/service.js';
import { addDaysToDate, type Clock, formatMinute, isDateString, isoWeekday, seoulDate } from '../../time/seoul.js';
import { pick } from '../localise.js';
import { requireLogin } from '../middleware/require-login.js';

/** The team calendar: who works where on each day of a week. A manager sees only their own teams. */
export function teamCalendarRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();
  router.get('/team-calendar', requireLogin, async (req, res) => {
    const asked =
      typeof req.query.week === 'string' && isDateString(req.query.week) ? req.query.week : seoulDate(clock.now());
    const monday = addDaysToDate(asked, 1 - isoWeekday(asked));
    const dates = Array.from({ length: 7 }, (_, i) => addDaysToDate(monday, i));
    const members = await teamMembersOf(db, req.user!.id);
    const ids = members.map((m) => m.id);
    const sunday = dates[6]!;
    const [plans, leave, centers] = await Promise.all([
      ids.length
        ? db
            .select()
            .from(schedulePlans)
            .where(
              and(
                inArray(schedulePlans.userId, ids),
                eq(schedulePlans.status, 'approved'),
                lte(schedulePlans.fromDate, sunday),
                gte(schedulePlans.toDate, monday),
              ),
            )
        : [],
      ids.length
        ? db
            .select()
            .from(absences)
            .where(and(inArray(absences.userId, ids), lte(absences.startsOn, sunday), gte(absences.endsOn, monday)))
        : [],
      listCenters(db),
    ]);
    res.render('schedules/calendar', {
      title: req.t('calendarTeam.title'),
      prev: addDaysToDate(monday, -7),
      next: addDaysToDate(monday, 7),
      days: dates.map((d) => ({ date: d, label: `${req.t(`weekday.${isoWeekday(d)}`)} ${d.slice(5)}` })),
      rows: members.map((m) => ({
        name: pick(req.locale, m.displayName, m.displayNameEn),
        cells: dates.map((d) => {
          const w = whereOn(
            d,
            plans.filter((p) => p.userId === m.id),
            leave.filter((a) => a.userId === m.id),
          );
          const center = w.centerId ? centers.find((c) => c.id === w.centerId) : undefined;
          return {
            kind: w.kind,
            text: center ? pick(req.locale, center.name, center.nameEn) : req.t(`calendarTeam.${w.kind}`),
            time:
              w.start !== undefined && w.end !== undefined && w.end > w.start
                ? `${formatMinute(w.start)}–${formatMinute(w.end)}`
                : '',
          };
        }),
      })),
    });
  });
  return router;
}
