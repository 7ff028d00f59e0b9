import { type Request, type Response, Router } from 'express';
import { teamMembersOf } from '../../auth/teams.js';
import { bookingCursor } from '../../bookings/cursor.js';
import { type BookingListItem, bookingsForPerson, findBookingListItem } from '../../bookings/list-repository.js';
import { noticeParams } from '../../bookings/notices.js';
import { DEFAULT_POLICY, modeOf } from '../../bookings/policy.js';
import { activeBookingsBetween } from '../../bookings/repository.js';
import { checkBookingTimes, fitsMode, presetRange, slotEnds, slotStarts } from '../../bookings/rules.js';
import { bookSeries, cancelRestOfSeries, planSeries } from '../../bookings/series.js';
import { SERIES_MAX_DAYS, weeklyRrule } from '../../bookings/series-rules.js';
import { cancelBooking, checkIn, createBooking } from '../../bookings/service.js';
import { freeDesksBetween } from '../../bookings/suggest.js';
import { waitlistOf } from '../../bookings/waitlist.js';
import { mayUseZone } from '../../centers/access.js';
import { deskDay } from '../../centers/availability.js';
import { hoursOn } from '../../centers/hours.js';
import { policyFor } from '../../centers/policy-repository.js';
import { type DeskContext, findDeskContext } from '../../centers/repository.js';
import { openingOf } from '../../centers/service.js';
import type { Database } from '../../db/client.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import { recentNotifications } from '../../notifications/repository.js';
import type { ChangeBus } from '../../realtime/bus.js';
import {
  addDaysToDate,
  type Clock,
  formatMinute,
  isDateString,
  parseMinute,
  seoulDate,
  seoulInstant,
} from '../../time/seoul.js';
import { dateText, idText } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { pick, rangesText } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';
import { requireAbility, requireLogin } from '../middleware/require-login.js';
import { noticeItems } from '../notifications/routes.js';
import { type BookingForm, bookingFormSchema, minuteOf } from './schema.js';
import { bookingListItem } from './view-models.js';

interface Deps {
  db: Database;
  clock: Clock;
  events: ChangeBus;
  needsKey: Buffer;
}

const idParam = idText;
const dateField = dateText;

async function renderForm(
  deps: Deps,
  req: Request,
  res: Response,
  context: DeskContext,
  form: Pick<BookingForm, 'date' | 'start' | 'end'> & {
    forUserId?: number;
    weekday?: number[];
    until?: string;
    title?: string;
    attendees?: string;
  },
  status: number,
  errors: FieldErrors = {},
) {
  const { desk, zone, center } = context;
  const date = isDateString(form.date) ? form.date : seoulDate(deps.clock.now());
  const { hours, closure } = await openingOf(deps.db, center, date);
  const bookings = hours
    ? await activeBookingsBetween(deps.db, seoulInstant(date, 0), seoulInstant(date, 1440), center.id)
    : [];
  const day = deskDay(
    date,
    hours,
    bookings.filter((b) => b.deskId === desk.id),
    req.user?.id,
  );
  const mode = modeOf(await policyFor(deps.db, center.id), desk);
  const presets = hours
    ? (['morning', 'afternoon', 'day'] as const).flatMap((p) => {
        const r = presetRange(p, hours);
        return r && fitsMode(mode, hours, r)
          ? [
              {
                value: p,
                label: req.t(`booking.preset.${p}`, { start: formatMinute(r.start), end: formatMinute(r.end) }),
                // The block the person already chose (from the search) stands out.
                chosen: formatMinute(r.start) === form.start && formatMinute(r.end) === form.end,
              },
            ]
          : [];
      })
    : [];
  const option = (m: number, chosen: string) => ({ value: formatMinute(m), selected: formatMinute(m) === chosen });
  res.locals.csrfToken ??= req.csrfToken?.();
  const team =
    req.user!.role === 'manager' || req.user!.role === 'admin' ? await teamMembersOf(deps.db, req.user!.id) : [];
  // Waiting in line is offered only when no desk the person may use is free for that time:
  // otherwise they are pointed at the free ones.
  const taken = errors.start?.key === 'booking.error.deskTaken' && desk.kind === 'desk';
  const start = parseMinute(form.start);
  const end = parseMinute(form.end);
  const othersFree =
    taken && start !== undefined && end !== undefined
      ? (await freeDesksBetween(deps.db, center.id, seoulInstant(date, start), seoulInstant(date, end))).filter((d) =>
          mayUseZone(req.user!, d),
        ).length
      : 0;
  res.status(status).render('bookings/new', {
    othersFree: othersFree > 0 ? { count: othersFree, href: `/centers/${center.id}?date=${date}&free=1` } : undefined,
    waitlist:
      taken && othersFree === 0
        ? {
            centerId: center.id,
            features: desk.features
              .filter((f) => ['accessible', 'height_adjustable', 'quiet', 'dual_monitor', 'window'].includes(f))
              .map((f) => ({ value: f, label: req.t(`feature.${f}`) })),
          }
        : undefined,
    team: team.map((m) => ({
      id: m.id,
      name: pick(req.locale, m.displayName, m.displayNameEn),
      selected: m.id === form.forUserId,
    })),
    title: req.t('booking.newTitle'),
    colleagueScript: desk.kind !== 'desk',
    where: req.t('booking.where', {
      center: pick(req.locale, center.name, center.nameEn),
      zone: pick(req.locale, zone.name, zone.nameEn),
      desk: desk.label,
    }),
    centerId: center.id,
    deskId: desk.id,
    form,
    presets,
    weekdayOptions: [1, 2, 3, 4, 5, 6, 7]
      .filter((w) => center.hours.some((h) => h.weekday === w))
      .map((w) => ({ value: w, label: req.t(`weekday.${w}`), checked: (form.weekday ?? []).includes(w) })),
    // Blocks only (half or whole days): the presets are the choices. Otherwise the times, on the mode's steps.
    customTimes: mode === 'free' || mode === 'hourly',
    isRoom: desk.kind !== 'desk',
    capacity: desk.capacity,
    starts: hours
      ? slotStarts(hours)
          .filter((m) => mode !== 'hourly' || m % 60 === 0)
          .map((m) => option(m, form.start))
      : [],
    ends: hours
      ? slotEnds(hours)
          .filter((m) => mode !== 'hourly' || m % 60 === 0)
          .map((m) => option(m, form.end))
      : [],
    freeText: hours
      ? day.free.length
        ? req.t('booking.freeThatDay', { ranges: rangesText(day.free) })
        : req.t('booking.noneFreeThatDay')
      : closure
        ? req.t('center.closedFor', { reason: pick(req.locale, closure.reason, closure.reasonEn) })
        : req.t('center.closedOn'),
    errors: formErrors(req.locale, errors),
  });
}

/** A repeating booking: plan every date first; collisions are shown, and the person books the free ones or none. */
async function handleSeries(
  deps: Deps,
  req: Request,
  res: Response,
  context: DeskContext,
  form: BookingForm,
  start: number | undefined,
  end: number | undefined,
) {
  const fail = (errors: FieldErrors, status = 422) => renderForm(deps, req, res, context, form, status, errors);
  const single = checkBookingTimes(
    { date: form.date, start, end },
    {
      now: deps.clock.now(),
      policy: { ...DEFAULT_POLICY, horizonDays: SERIES_MAX_DAYS },
      hoursOnDate: (d) => hoursOn(context.center.hours, d),
    },
  );
  if (Object.keys(single).some((k) => k !== 'date') || !isDateString(form.date)) return fail(single);
  if (!isDateString(form.until)) return fail({ until: { key: 'series.error.untilRequired' } });
  if (form.weekday.length === 0) return fail({ repeat: { key: 'series.error.weekdays' } });
  const lastAllowed = addDaysToDate(seoulDate(deps.clock.now()), SERIES_MAX_DAYS);
  if (form.until < form.date || form.until > lastAllowed)
    return fail({ until: { key: 'series.error.until', params: { lastDay: lastAllowed } } });
  const request = {
    deskId: form.deskId,
    firstDate: form.date,
    rrule: weeklyRrule(form.weekday, form.until),
    start: start!,
    end: end!,
  };
  try {
    const plan = await planSeries(deps, req.user!, request);
    if (plan.free.length === 0) return fail({ repeat: { key: 'series.error.noneFree' } }, 409);
    if (plan.blocked.length > 0 && form.seriesChoice !== 'free') {
      res.locals.csrfToken ??= req.csrfToken?.();
      res.status(409).render('bookings/series-confirm', {
        title: req.t('series.confirmTitle'),
        form,
        weekdays: form.weekday,
        free: plan.free,
        blocked: plan.blocked.map((b) => ({ date: b.date, reason: req.t(b.key, b.params) })),
        centerId: context.center.id,
      });
      return;
    }
    const result = await bookSeries(deps, req.user!, request, plan.free);
    flash(req, { key: 'series.booked', params: { count: result.booked.length, lost: result.lost.length } });
    res.redirect(303, '/bookings');
  } catch (err) {
    if (!(err instanceof DomainError) || Object.keys(err.fieldErrors).length === 0) throw err;
    await fail(err.fieldErrors, err.status);
  }
}

/** Past bookings shown per page of My bookings. */
const PAST_PAGE = 20;

export function bookingsRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();
  router.use('/bookings', requireLogin, requireAbility('book'));
  router.use('/series', requireLogin);

  router.get('/bookings', async (req, res) => {
    const user = req.user!;
    const now = clock.now();
    // Coming and current bookings in full; the past a page at a time, newest first, so the page costs
    // the same after ten years of bookings as after ten.
    const before = typeof req.query.before === 'string' ? bookingCursor.decode(req.query.before, 'before') : undefined;
    const [current, ended] = await Promise.all([
      before ? [] : bookingsForPerson(db, user.id, { from: now, order: 'asc', limit: 200 }),
      bookingsForPerson(db, user.id, { endedBy: now, after: before, limit: PAST_PAGE + 1 }),
    ]);
    const older = ended.length > PAST_PAGE ? ended[PAST_PAGE - 1] : undefined;
    const item = (b: BookingListItem) => bookingListItem(req.locale, b, user.id, now);
    const upcoming = current.map(item).filter((b) => b.upcoming);
    const pastNow = current
      .map(item)
      .filter((b) => !b.upcoming)
      .reverse();
    const waiting = await waitlistOf(db, user.id, now);
    // Only unread notices, and reading this page does not mark them read: the notices page does.
    const notices = (await recentNotifications(db, user.id, 20)).filter((n) => n.readAt === null).slice(0, 5);
    res.render('bookings/index', {
      title: req.t('bookings.title'),
      waiting: waiting.map((w) => ({
        id: w.id,
        text: req.t('waitlist.entry', {
          ...noticeParams(w),
          feature: w.feature ? req.t(`feature.${w.feature}`) : req.t('center.anyFeature'),
        }),
        state: req.t(`waitlist.status.${w.status}`),
      })),
      notices: noticeItems(req.t, notices, req.locale),
      upcoming,
      past: [...pastNow, ...ended.slice(0, PAST_PAGE).map(item)],
      pager:
        older || before
          ? {
              older: older ? `/bookings?before=${bookingCursor.encode(older)}#past-title` : undefined,
              newer: before ? '/bookings#past-title' : undefined,
            }
          : undefined,
    });
  });

  router.get('/bookings/new', async (req, res) => {
    const deskId = idParam.safeParse(req.query.desk);
    const context = deskId.success ? await findDeskContext(db, deskId.data) : undefined;
    if (!context) throw new NotFoundError('booking.error.deskNotFound');
    const askedDate = typeof req.query.date === 'string' ? req.query.date : undefined;
    const dateOk = askedDate === undefined || isDateString(askedDate);
    const date = askedDate && dateOk ? askedDate : seoulDate(clock.now());
    const { hours } = await openingOf(db, context.center, date);
    // A time chosen elsewhere (the search across centers) comes along when it is a real time that day.
    const startText = typeof req.query.start === 'string' ? req.query.start : undefined;
    const endText = typeof req.query.end === 'string' ? req.query.end : undefined;
    const askedStart = startText !== undefined ? parseMinute(startText) : undefined;
    const askedEnd = endText !== undefined ? parseMinute(endText) : undefined;
    const asked =
      hours &&
      askedStart !== undefined &&
      askedEnd !== undefined &&
      slotStarts(hours).includes(askedStart) &&
      slotEnds(hours).includes(askedEnd) &&
      askedStart < askedEnd
        ? { start: askedStart, end: askedEnd }
        : undefined;
    const first = asked ?? (hours ? presetRange('day', hours) : undefined);
    // A link (a bookmark, a colleague's message) with a date or times that cannot be: the form still
    // opens, on today or the whole day, and says so at the field instead of silently changing them.
    const errors: FieldErrors = {};
    const shown = (text: string) => text.slice(0, 40);
    if (!dateOk) errors.date = { key: 'booking.error.linkDate', params: { value: shown(askedDate!) } };
    if (startText !== undefined && endText !== undefined && !asked)
      errors.start = {
        key: 'booking.error.linkTimes',
        params: { start: shown(startText), end: shown(endText), date },
      };
    await renderForm(
      deps,
      req,
      res,
      context,
      {
        date,
        start: first ? formatMinute(first.start) : '',
        end: first ? formatMinute(first.end) : '',
      },
      Object.keys(errors).length > 0 ? 400 : 200,
      errors,
    );
  });

  router.post('/bookings', async (req, res) => {
    const parsed = bookingFormSchema.safeParse(req.body);
    if (!parsed.success) {
      if (parsed.error.issues.some((i) => i.path[0] === 'deskId'))
        throw new NotFoundError('booking.error.deskNotFound');
      throw new DomainError('error.badRequest');
    }
    const form = parsed.data;
    const context = await findDeskContext(db, form.deskId);
    if (!context) throw new NotFoundError('booking.error.deskNotFound');
    let start = minuteOf(form.start);
    let end = minuteOf(form.end);
    const hours = isDateString(form.date) ? hoursOn(context.center.hours, form.date) : undefined;
    if (form.preset && hours) {
      const range = presetRange(form.preset, hours);
      if (range) {
        start = range.start;
        end = range.end;
        form.start = formatMinute(start);
        form.end = formatMinute(end);
      }
    }
    if (form.weekday.length > 0 || form.until) {
      await handleSeries(deps, req, res, context, form, start, end);
      return;
    }
    try {
      const booking = await createBooking(deps, req.user!, {
        deskId: form.deskId,
        date: form.date,
        start,
        end,
        forUserId: form.forUserId,
        title: form.title,
        attendees: form.attendees.split(/[\s,]+/).filter(Boolean),
      });
      flash(req, {
        key: 'booking.created',
        params: {
          center: pick(req.locale, context.center.name, context.center.nameEn),
          desk: context.desk.label,
          date: form.date,
          start: formatMinute(start ?? 0),
          end: formatMinute(end ?? 0),
        },
      });
      res.redirect(303, `/bookings#booking-${booking.id}`);
    } catch (err) {
      if (!(err instanceof DomainError) || Object.keys(err.fieldErrors).length === 0) throw err;
      await renderForm(deps, req, res, context, form, err.status, err.fieldErrors);
    }
  });

  router.post('/bookings/:id/check-in', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    try {
      await checkIn(deps, req.user!, id.data);
      flash(req, { key: 'bookings.checkedIn' });
    } catch (err) {
      if (!(err instanceof DomainError) || err.status === 404) throw err;
      flashError(req, { key: err.key, params: err.params });
    }
    // From the Today page, back to it.
    res.redirect(303, backToToday(req) ? '/' : `/bookings#booking-${id.data}`);
  });

  // Destructive actions ask first (GOV.UK "Are you sure?"): the list links here, the page posts.
  router.get('/series/:id/cancel-rest', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    const from = dateField.safeParse(req.query.from);
    renderConfirmation(req, res, {
      title: { key: 'confirm.cancelRest.title' },
      lead: from.success
        ? { key: 'confirm.cancelRest.leadFrom', params: { date: from.data } }
        : { key: 'confirm.cancelRest.lead' },
      action: `/series/${id.data}/cancel-rest`,
      fields: from.success ? { from: from.data } : {},
      button: { key: 'series.cancelRest' },
      back: '/bookings',
    });
  });

  router.post('/series/:id/cancel-rest', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    const from = dateField.safeParse((req.body as Record<string, unknown>).from);
    const count = await cancelRestOfSeries(deps, req.user!, id.data, from.success ? from.data : undefined);
    flash(req, { key: 'series.cancelledRest', params: { count } });
    res.redirect(303, '/bookings');
  });

  // A booking's own address (a notice, a calendar entry, a shared link) leads to it in My bookings.
  router.get('/bookings/:id', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    const booking = await findBookingListItem(deps.db, id.data);
    if (!booking || booking.userId !== req.user!.id) throw new NotFoundError('booking.error.notFound');
    res.redirect(303, `/bookings#booking-${id.data}`);
  });

  router.get('/bookings/:id/cancel', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    const booking = await findBookingListItem(deps.db, id.data);
    if (!booking || booking.userId !== req.user!.id) throw new NotFoundError('booking.error.notFound');
    // Which booking, in words: the center and desk as well as the time (a person may hold several that day).
    const place = `${pick(req.locale, booking.centerName, booking.centerNameEn)} ${booking.deskLabel}`;
    renderConfirmation(req, res, {
      title: { key: 'confirm.cancel.title' },
      lead: { key: 'confirm.cancel.lead', params: { ...noticeParams(booking), place } },
      action: `/bookings/${id.data}/cancel`,
      // Not a bare "Cancel", which reads as "leave this page".
      button: { key: 'confirm.cancel.button' },
      back: `/bookings#booking-${id.data}`,
    });
  });

  router.post('/bookings/:id/cancel', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('booking.error.notFound');
    await cancelBooking(deps, req.user!, id.data);
    flash(req, { key: 'booking.cancelled' });
    res.redirect(303, '/bookings');
  });
  return router;
}

/** Forms on the Today page say so, and come back to it. */
export function backToToday(req: { body?: unknown }): boolean {
  return (req.body as Record<string, unknown> | undefined)?.back === 'today';
}
