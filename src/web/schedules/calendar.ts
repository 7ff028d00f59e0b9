import { Router } from 'express';
import { listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { intlLocale } from '../../i18n/index.js';
import { teamCalendar } from '../../schedules/team-calendar.js';
import { addDaysToDate, type Clock, isoWeekday, seoulDate, seoulInstant, ZONE } from '../../time/seoul.js';
import { pick } from '../localise.js';
import { requireLogin } from '../middleware/require-login.js';
import { calendarQuery } from './schema.js';
import { whereCell } from './view-models.js';

/**
 * The team calendar: who works where on each day of a week, with public holidays and
 * network-wide closures, and where people actually checked in. A manager sees only their own teams.
 */
export function teamCalendarRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();
  router.get('/team-calendar', requireLogin, async (req, res) => {
    const asked = calendarQuery.parse(req.query).week ?? seoulDate(clock.now());
    const monday = addDaysToDate(asked, 1 - isoWeekday(asked));
    const [calendar, centers] = await Promise.all([teamCalendar(db, req.user!.id, monday), listCenters(db)]);
    // The week in words for the heading ("2026년 11월 23일~29일", "23–29 November 2026").
    const week = new Intl.DateTimeFormat(intlLocale(req.locale), { dateStyle: 'long', timeZone: ZONE }).formatRange(
      seoulInstant(monday, 720),
      seoulInstant(addDaysToDate(monday, 6), 720),
    );
    res.render('schedules/calendar', {
      title: `${req.t('calendarTeam.title')} · ${week}`,
      week,
      prev: addDaysToDate(monday, -7),
      next: addDaysToDate(monday, 7),
      days: calendar.dates.map((d) => ({
        date: d.date,
        label: `${req.t(`weekday.${isoWeekday(d.date)}`)} ${d.date.slice(5)}`,
        closed: d.closed ? pick(req.locale, d.closed.reason, d.closed.reasonEn) : '',
      })),
      rows: calendar.rows.map((m) => ({
        name: pick(req.locale, m.displayName, m.displayNameEn),
        cells: m.cells.map((w, i) => whereCell(req, w, centers, calendar.dates[i]?.closed)),
      })),
    });
  });
  return router;
}
