import type { Request, Response } from 'express';
import { bookingsForPerson } from '../../bookings/list-repository.js';
import { PRESETS } from '../../bookings/rules.js';
import { createBooking } from '../../bookings/service.js';
import { ACTIVE_STATUSES } from '../../bookings/statuses.js';
import { listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { DomainError } from '../../errors.js';
import { recentNotifications } from '../../notifications/repository.js';
import { countsOf, loadLiveCenter } from '../../occupancy/live.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { approvalQueue } from '../../schedules/service.js';
import { myWeek } from '../../schedules/team-calendar.js';
import { type Usual, usualBookingOn, usualOf } from '../../search/usual.js';
import { addDaysToDate, type Clock, formatMinute, isoWeekday, seoulDate } from '../../time/seoul.js';
import { dateText } from '../../validation/input.js';
import { bookingListItem } from '../bookings/view-models.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { noticeItems } from '../notifications/routes.js';
import { whereCell } from '../schedules/view-models.js';

export interface TodayDeps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  needsKey: Buffer;
}

/**
 * The signed-in home: where am I working today and how do I check in. Today's booking with its
 * check-in/out buttons and its center's live count, the next bookings, this week's plan, unread
 * notices, and one tap to book the usual desk and hours again.
 */
export async function renderToday(deps: TodayDeps, req: Request, res: Response, status = 200, extra = {}) {
  const { db, clock } = deps;
  const user = req.user!;
  const now = clock.now();
  const today = seoulDate(now);
  // Managers see their team's waiting plans and calendar here, not only behind the plans page.
  const managing = user.role === 'manager';
  const [coming, week, notices, usual, centers, queue] = await Promise.all([
    bookingsForPerson(db, user.id, { from: now, statuses: ACTIVE_STATUSES, order: 'asc', limit: 6 }),
    myWeek(db, user.id, today),
    recentNotifications(db, user.id, 10),
    usualOf(db, user.id),
    listCenters(db),
    managing ? approvalQueue(db, user.id, today) : undefined,
  ]);
  const items = coming.map((b) => bookingListItem(req.locale, b, user.id, now));
  const todays = items.filter((b) => b.date === today);
  const first = coming.find((b) => seoulDate(b.startsAt) === today);
  const live = first ? await loadLiveCenter(db, first.centerId, now) : undefined;
  const tomorrow = addDaysToDate(today, isoWeekday(today) >= 5 ? 8 - isoWeekday(today) : 1);
  res.status(status).render('home/today', {
    title: req.t('today.title'),
    live: Boolean(live),
    today,
    todays,
    next: items.filter((b) => b.date !== today).slice(0, 5),
    liveCenter:
      live && first ? { id: first.centerId, name: pick(req.locale, first.centerName, first.centerNameEn) } : undefined,
    counts: live && countsOf(live),
    week: week.map((d) => ({
      date: d.date,
      label: `${req.t(`weekday.${isoWeekday(d.date)}`)} ${d.date.slice(5)}`,
      isToday: d.date === today,
      ...whereCell(req, d.where, centers, undefined),
    })),
    notices: noticeItems(req.t, notices.filter((n) => !n.readAt).slice(0, 5), req.locale),
    usual: usual && usualView(req, usual),
    usualDate: tomorrow,
    team: queue && { pending: queue.length },
    ...extra,
  });
}

function usualView(req: Request, usual: Usual) {
  const center = pick(req.locale, usual.centerName, usual.centerNameEn);
  const time = usual.range
    ? `${formatMinute(usual.range.start)}–${formatMinute(usual.range.end)}`
    : req.t('booking.preset.day', { start: formatMinute(PRESETS.day.start), end: formatMinute(PRESETS.day.end) });
  const key =
    usual.source === 'favouriteDesk'
      ? 'today.usualFavourite'
      : usual.source === 'favouriteCenter'
        ? 'today.usualFavouriteCenter'
        : 'today.usualWhat';
  return { text: req.t(key, { center, desk: usual.deskLabel ?? '', time }) };
}

/**
 * "Book my usual" for a chosen day: a favourite desk, else a free desk at a favourite center,
 * else the last desk booked — at the same hours as last time — through createBooking (book(),
 * source 'form') like any booking.
 */
export async function bookUsual(deps: TodayDeps, req: Request, res: Response) {
  const user = req.user!;
  const date = dateText.safeParse((req.body as Record<string, unknown> | undefined)?.date);
  const usual = await usualOf(deps.db, user.id);
  if (!date.success || !usual) {
    await renderToday(deps, req, res, 422, {
      errors: formErrors(req.locale, { date: { key: 'booking.error.dateInvalid' } }, { date: 'usual-date' }),
    });
    return;
  }
  try {
    const chosen = await usualBookingOn(deps, user, usual, date.data);
    const booking = await createBooking(deps, user, {
      deskId: chosen.deskId,
      date: date.data,
      start: chosen.start,
      end: chosen.end,
    });
    flash(req, { key: 'today.usualBooked', params: { date: seoulDate(booking.startsAt) } });
    res.redirect(303, '/');
  } catch (err) {
    if (!(err instanceof DomainError) || err.status === 404) throw err;
    const params =
      err.key === 'today.usualNoFree' ? { center: pick(req.locale, usual.centerName, usual.centerNameEn) } : err.params;
    await renderToday(deps, req, res, err.status, {
      errors: formErrors(req.locale, { date: { key: err.key, params } }, { date: 'usual-date' }),
      usualDate: date.data,
    });
  }
}
