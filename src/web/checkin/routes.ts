import { Router } from 'express';
import { checkOut, deskActionFor, useDeskNow } from '../../bookings/desk-actions.js';
import type { BookingDeps } from '../../bookings/service.js';
import { findDeskContext } from '../../centers/repository.js';
import { DomainError, type FieldErrors, NotFoundError } from '../../errors.js';
import { formatMinute, seoulMinuteOfDay } from '../../time/seoul.js';
import { idText } from '../../validation/input.js';
import { backToToday } from '../bookings/routes.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const id = idText;

/**
 * The desk of a typed or scanned code: the number printed under the QR code, or the whole
 * address it holds (…/checkin/12). Only the number is used, so a code never leads off this site.
 */
export function deskIdOfCode(code: string): number | undefined {
  const trimmed = code.trim();
  const match = /^(\d{1,9})$/.exec(trimmed) ?? /\/checkin\/(\d{1,9})\/?(?:[?#].*)?$/.exec(trimmed);
  const parsed = match ? id.safeParse(match[1]) : undefined;
  return parsed?.success ? parsed.data : undefined;
}
const hhmm = (d: Date) => formatMinute(seoulMinuteOfDay(d) || 1440);

/** Where a desk's QR code leads: check in, walk in, or check out, in one tap. */
export function checkInRouter(deps: BookingDeps): Router {
  const router = Router();
  router.use('/checkin', requireLogin);

  // Scanning the desk's QR code with the phone camera (public/js/scan.js, where the browser has
  // BarcodeDetector), or typing the desk code printed under it: both end at /checkin/<desk>.
  router.get('/checkin/scan', async (req, res) => {
    const given = typeof req.query.code === 'string' ? req.query.code.slice(0, 300) : undefined;
    const render = (status: number, errors: FieldErrors = {}) =>
      res.status(status).render('checkin/scan', {
        title: req.t('scan.title'),
        scanScript: true,
        code: given ?? '',
        errors: formErrors(req.locale, errors),
      });
    if (given === undefined) return render(200);
    const deskId = deskIdOfCode(given);
    if (deskId === undefined) return render(422, { code: { key: 'scan.error.code' } });
    if (!(await findDeskContext(deps.db, deskId))) {
      return render(422, { code: { key: 'scan.error.unknown', params: { code: String(deskId) } } });
    }
    res.redirect(303, `/checkin/${deskId}`);
  });

  router.get('/checkin/:deskId', async (req, res) => {
    const deskId = id.safeParse(req.params.deskId);
    const context = deskId.success ? await findDeskContext(deps.db, deskId.data) : undefined;
    if (!context) throw new NotFoundError('booking.error.deskNotFound');
    const action = await deskActionFor(deps, req.user!, context.desk.id);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('checkin/desk', {
      title: req.t('checkin.title', { desk: context.desk.label }),
      where: `${pick(req.locale, context.center.name, context.center.nameEn)} · ${pick(req.locale, context.zone.name, context.zone.nameEn)} · ${context.desk.label}`,
      deskId: context.desk.id,
      action: action.kind,
      bookingId: 'booking' in action ? action.booking.id : undefined,
      range: 'booking' in action ? `${hhmm(action.booking.startsAt)}–${hhmm(action.booking.endsAt)}` : undefined,
      until: action.kind === 'walk_in' ? hhmm(action.until) : undefined,
      reason: action.kind === 'none' ? req.t(`checkin.none.${action.reason}`) : undefined,
    });
  });

  router.post('/checkin/:deskId', async (req, res) => {
    const deskId = id.safeParse(req.params.deskId);
    if (!deskId.success) throw new NotFoundError('booking.error.deskNotFound');
    try {
      const booking = await useDeskNow(deps, req.user!, deskId.data);
      flash(req, { key: 'checkin.done', params: { until: hhmm(booking.endsAt) } });
      res.redirect(303, `/bookings#booking-${booking.id}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status === 404) throw err;
      flashError(req, { key: err.key, params: err.params });
      res.redirect(303, `/checkin/${deskId.data}`);
    }
  });

  router.post('/bookings/:id/check-out', requireLogin, async (req, res) => {
    const bookingId = id.safeParse(req.params.id);
    if (!bookingId.success) throw new NotFoundError('booking.error.notFound');
    await checkOut(deps, req.user!, bookingId.data);
    flash(req, { key: 'checkin.checkedOut' });
    res.redirect(303, backToToday(req) ? '/' : '/bookings');
  });
  return router;
}
