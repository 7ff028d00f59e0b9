import { type Request, Router } from 'express';
import { attendeesOf, bookingsForPerson } from '../bookings/list-repository.js';
import { bookSeries, cancelRestOfSeries, findSeries, planSeries } from '../bookings/series.js';
import type { BookingDeps } from '../bookings/service.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { translate } from '../i18n/index.js';
import { formatMinute, isDateString, localRange, seoulInstant, toSeoulIso } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import { bookingJson } from './bookings.js';
import type { ApiDeps } from './deps.js';
import { apiLocale } from './problem.js';
import { slugOfMessage } from './problem-types.js';
import { SeriesRequestBody } from './schemas.js';
import { validateBody } from './validate.js';

const seriesId = (req: Request) => idOrNotFound(req.params.id, 'booking.error.notFound');

/**
 * Repeating bookings: an RFC 5545 RRULE from the first occurrence. Every occurrence goes through
 * the same admission path as a single booking; `dryRun` shows which would be booked and why the
 * others would not, without writing anything.
 */
export function seriesApiRouter({ db, clock, config, events }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);
  const deps: BookingDeps = { db, clock, events, needsKey: config.needsKey };

  router.post('/series', auth, async (req, res) => {
    const body = validateBody(SeriesRequestBody, req);
    const range = localRange(new Date(body.start), new Date(body.end));
    if (range.end > 1440) throw new ValidationError({ end: { key: 'api.sameDay' } });
    const request = {
      deskId: body.deskId,
      firstDate: range.date,
      rrule: body.rrule,
      start: range.start,
      end: range.end,
    };
    const plan = await planSeries(deps, req.apiUser!, request);
    const locale = apiLocale(req);
    const at = (date: string) => ({
      start: toSeoulIso(seoulInstant(date, range.start)),
      end: toSeoulIso(seoulInstant(date, range.end)),
    });
    const refused = plan.blocked.map((b) => ({
      date: b.date,
      type: `/api/problems/${slugOfMessage(b.key)}`,
      detail: translate(locale, b.key, b.params),
    }));
    res.set('Cache-Control', 'no-store');
    if (body.dryRun) {
      res.json({ dryRun: true, bookable: plan.free.map(at), refused });
      return;
    }
    if (plan.free.length === 0) throw new ValidationError({ rrule: { key: 'series.error.noneFree' } });
    const result = await bookSeries(deps, req.apiUser!, request, plan.free);
    res
      .status(201)
      .set('Location', `/api/v1/series/${result.seriesId}`)
      .json({
        id: result.seriesId,
        booked: result.booked.map(at),
        refused: [
          ...refused,
          ...result.lost.map((date) => ({
            date,
            type: '/api/problems/desk-taken',
            detail: translate(locale, 'booking.error.deskTaken'),
          })),
        ],
      });
  });

  router.get('/series/:id', auth, async (req, res) => {
    const series = await findSeries(db, seriesId(req), req.apiUser!.id);
    if (!series) throw new NotFoundError('booking.error.notFound');
    const occurrences = (await bookingsForPerson(db, req.apiUser!.id, { order: 'asc', limit: 500 })).filter(
      (b) => b.seriesId === series.id,
    );
    const attendees = await attendeesOf(
      db,
      occurrences.map((b) => b.id),
    );
    res.set('Cache-Control', 'private, no-cache').json({
      id: series.id,
      deskId: series.deskId,
      rrule: series.rrule,
      firstDate: series.firstDate,
      untilDate: series.untilDate,
      start: formatMinute(series.startMinute),
      end: formatMinute(series.endMinute),
      cancelled: series.cancelledAt !== null,
      occurrences: occurrences.map((b) => bookingJson(b, req.apiUser!.id, attendees.get(b.id))),
    });
  });

  router.delete('/series/:id', auth, async (req, res) => {
    const from = typeof req.query.from === 'string' ? req.query.from : undefined;
    if (from !== undefined && !isDateString(from))
      throw new ValidationError({ from: { key: 'api.invalidQuery', params: { field: 'from' } } });
    const cancelled = await cancelRestOfSeries(deps, req.apiUser!, seriesId(req), from);
    res.set('Cache-Control', 'no-store').json({ cancelled });
  });
  return router;
}
