import { type Response, Router } from 'express';
import { type BookingListItem, bookingsOfUser, findBookingListItem } from '../../bookings/list-repository.js';
import { changeStamps } from '../../bookings/repository.js';
import { deleteFeed, resetFeed, userOfFeed } from '../../calendar/feeds.js';
import { bookingsCalendar } from '../../calendar/ics.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import type { Clock } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

/** Private calendar feeds (a secret URL, no login, revocable) and a single booking as .ics. */
export function calendarRouter({
  db,
  clock,
  config,
}: {
  db: Database;
  clock: Clock;
  config: { publicUrl: string };
}): Router {
  const calendar = async (items: BookingListItem[], locale: Locale) =>
    bookingsCalendar(
      items,
      locale,
      config.publicUrl,
      await changeStamps(
        db,
        items.map((i) => i.id),
      ),
    );
  const router = Router();
  const send = (res: Response, body: string, filename: string) =>
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${filename}"`)
      .set('Cache-Control', 'private, max-age=300')
      .send(body);

  router.get('/calendar/:token.ics', async (req, res) => {
    const userId = await userOfFeed(db, req.params.token);
    if (!userId) throw new NotFoundError('calendar.notFound');
    const now = clock.now();
    const items = await bookingsOfUser(db, userId, {
      from: new Date(now.getTime() - 30 * 86_400_000),
      to: new Date(now.getTime() + 120 * 86_400_000),
    });
    const lang = isLocale(req.query.lang) ? req.query.lang : 'ko';
    send(res, await calendar(items, lang), 'smart-work-seoul.ics');
  });

  router.get('/bookings/:id/ics', requireLogin, async (req, res) => {
    const item = await findBookingListItem(db, idOrNotFound(req.params.id, 'booking.error.notFound'));
    if (!item || item.userId !== req.user!.id) throw new NotFoundError('booking.error.notFound');
    send(res, await calendar([item], req.locale), `booking-${item.id}.ics`);
  });

  router.post('/profile/calendar', requireLogin, async (req, res) => {
    await resetFeed(db, req.user!.id, clock.now());
    flash(req, { key: 'calendar.reset' });
    res.redirect(303, '/profile#calendar');
  });

  router.get('/profile/calendar/delete', requireLogin, (req, res) => {
    renderConfirmation(req, res, {
      title: { key: 'confirm.calendar.title' },
      lead: { key: 'confirm.calendar.lead' },
      action: '/profile/calendar/delete',
      button: { key: 'confirm.calendar.button' },
      back: '/profile#calendar',
    });
  });

  router.post('/profile/calendar/delete', requireLogin, async (req, res) => {
    await deleteFeed(db, req.user!.id);
    flash(req, { key: 'calendar.deleted' });
    res.redirect(303, '/profile#calendar');
  });
  return router;
}
