import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { bookingCursor } from '../bookings/cursor.js';
import { checkOut } from '../bookings/desk-actions.js';
import {
  attendeesOf,
  type BookingListItem,
  bookingsForPerson,
  findBookingListItem,
} from '../bookings/list-repository.js';
import { changeStamps } from '../bookings/repository.js';
import { type BookingDeps, cancelBooking, checkIn, createBooking, rescheduleBooking } from '../bookings/service.js';
import { bookingsCalendar } from '../calendar/ics.js';
import { DomainError, NotFoundError, ValidationError } from '../errors.js';
import { recordResponse } from '../idempotency/repository.js';
import { localRange, toSeoulIso } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { idempotent, type StoredResponse } from './idempotency.js';
import { apiLocale, problemFromDomainError } from './problem.js';
import { type Booking, BookingChange, BookingRequest, MyBookingsQuery } from './schemas.js';
import { parseQuery, validateBody } from './validate.js';

const bookingId = (req: Request) => idOrNotFound(req.params.id, 'booking.error.notFound');

/** A booking as the API shows it to one caller: what it is, and who the caller is to it. */
export function bookingJson(b: BookingListItem, callerId: number, attendees: readonly string[] = []) {
  const role: z.infer<typeof Booking>['role'] =
    b.userId !== callerId ? 'attendee' : b.createdById !== b.userId ? 'booked_for_me' : 'organiser';
  return {
    id: b.id,
    deskId: b.deskId,
    deskLabel: b.deskLabel,
    kind: b.deskKind as z.infer<typeof Booking>['kind'],
    centerId: b.centerId,
    centerName: b.centerName,
    start: toSeoulIso(b.startsAt),
    end: toSeoulIso(b.endsAt),
    status: b.status,
    title: b.title,
    attendees: [...attendees],
    role,
    seriesId: b.seriesId,
  } satisfies z.infer<typeof Booking>;
}

/** A booking's start and end as the Seoul date and minutes the booking rules work in. */
function toLocalRange(start: string, end: string) {
  const range = localRange(new Date(start), new Date(end));
  if (range.end > 1440) throw new ValidationError({ end: { key: 'api.sameDay' } });
  return range;
}

/** Bookings of the caller: list, read, book, change, check in and out, cancel, and as iCalendar. */
export function bookingsApiRouter({ db, clock, config, events }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);
  const deps: BookingDeps = { db, clock, events, needsKey: config.needsKey };

  /** The caller's view of one booking: theirs, or a room they are invited to; anyone else's is "not found". */
  async function visible(id: number, caller: { id: number; username: string }) {
    const item = await findBookingListItem(db, id);
    const attendees = item ? ((await attendeesOf(db, [item.id])).get(item.id) ?? []) : [];
    if (!item || (item.userId !== caller.id && !attendees.includes(caller.username)))
      throw new NotFoundError('booking.error.notFound');
    return { item, attendees };
  }
  const sendBooking = async (req: Request, res: Response, id: number) => {
    const { item, attendees } = await visible(id, req.apiUser!);
    res.set('Cache-Control', 'private, no-cache').json(bookingJson(item, req.apiUser!.id, attendees));
  };

  router.get('/me/bookings', auth, async (req, res) => {
    const q = parseQuery(MyBookingsQuery, req);
    const from = q.from ? new Date(q.from) : clock.now();
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 14 * 86_400_000);
    if (to <= from) throw new ValidationError({ to: { key: 'booking.error.endBeforeStart' } });
    const limit = q.limit ?? 50;
    const rows = await bookingsForPerson(db, req.apiUser!.id, {
      from,
      to,
      statuses: q.status ? (q.status.split(',') as BookingListItem['status'][]) : undefined,
      centerId: q.centerId,
      kind: q.kind,
      order: 'asc',
      after: q.cursor ? bookingCursor.decode(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const attendees = await attendeesOf(
      db,
      page.map((b) => b.id),
    );
    const last = page.at(-1);
    res.set('Cache-Control', 'private, no-cache').json({
      data: page.map((b) => bookingJson(b, req.apiUser!.id, attendees.get(b.id))),
      next: rows.length > limit && last ? bookingCursor.encode(last) : null,
    });
  });

  router.get('/me/calendar.ics', auth, async (req, res) => {
    const now = clock.now();
    const items = await bookingsForPerson(db, req.apiUser!.id, {
      from: new Date(now.getTime() - 30 * 86_400_000),
      to: new Date(now.getTime() + 120 * 86_400_000),
    });
    const stamps = await changeStamps(
      db,
      items.map((i) => i.id),
    );
    res
      .type('text/calendar; charset=utf-8')
      .set('Cache-Control', 'private, no-cache')
      .send(bookingsCalendar(items, apiLocale(req), config.publicUrl, stamps));
  });

  router.post('/bookings', auth, async (req, res) => {
    const user = req.apiUser!;
    const locale = apiLocale(req);
    const key = req.get('idempotency-key');
    const result = await idempotent(
      db,
      user.id,
      key,
      req.body,
      clock.now(),
      async (): Promise<StoredResponse> => {
        try {
          const body = validateBody(BookingRequest, req);
          const range = toLocalRange(body.start, body.end);
          let answer: StoredResponse | undefined;
          await createBooking(
            deps,
            user,
            { deskId: body.deskId, ...range, title: body.title, attendees: body.attendees },
            'api',
            // The answer is stored with the booking, in its transaction: a crash after the commit
            // leaves a key that replays this 201, never one that runs the booking again.
            async (tx, booking) => {
              const [item, attending] = await Promise.all([
                findBookingListItem(tx, booking.id),
                attendeesOf(tx, [booking.id]),
              ]);
              if (!item) throw new Error('booking vanished after insert');
              const attendees = attending.get(item.id);
              answer = {
                status: 201,
                body: bookingJson(item, user.id, attendees),
                headers: { Location: `/api/v1/bookings/${booking.id}` },
              };
              if (key !== undefined) await recordResponse(tx, user.id, key, answer);
            },
          );
          return answer!;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // Problems are kept like successes, so a retry with the same key gets the same answer.
          const problem = problemFromDomainError(locale, err);
          return { status: problem.status, body: problem, headers: {} };
        }
      },
      // Twice the deadline: by then the first request has been answered or its process is gone.
      2 * config.requestTimeoutMs,
    );
    res.set(result.headers).set('Cache-Control', 'no-store');
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    if (result.status >= 400)
      res.status(result.status).type('application/problem+json').send(JSON.stringify(result.body));
    else res.status(result.status).json(result.body);
  });

  router.get('/bookings/:id.ics', auth, async (req, res) => {
    const { item } = await visible(bookingId(req), req.apiUser!);
    const stamps = await changeStamps(db, [item.id]);
    res
      .type('text/calendar; charset=utf-8')
      .set('Cache-Control', 'private, no-cache')
      .send(bookingsCalendar([item], apiLocale(req), config.publicUrl, stamps));
  });

  router.get('/bookings/:id', auth, async (req, res) => {
    await sendBooking(req, res, bookingId(req));
  });

  router.patch('/bookings/:id', auth, async (req, res) => {
    const id = bookingId(req);
    const body = validateBody(BookingChange, req);
    const range = toLocalRange(body.start, body.end);
    await rescheduleBooking(deps, req.apiUser!, id, { deskId: body.deskId, ...range });
    await sendBooking(req, res, id);
  });

  router.delete('/bookings/:id', auth, async (req, res) => {
    await cancelBooking(deps, req.apiUser!, bookingId(req));
    res.status(204).end();
  });

  router.post('/bookings/:id/check-in', auth, async (req, res) => {
    const id = bookingId(req);
    await visible(id, req.apiUser!);
    await checkIn(deps, req.apiUser!, id);
    await sendBooking(req, res, id);
  });

  router.post('/bookings/:id/check-out', auth, async (req, res) => {
    const id = bookingId(req);
    await checkOut(deps, req.apiUser!, id);
    await sendBooking(req, res, id);
  });

  return router;
}
