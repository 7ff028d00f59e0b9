import { type Request, Router } from 'express';
import { bookingsInAbsence, deleteAbsence, recordAbsence, upcomingAbsences } from '../bookings/absences.js';
import type { BookingDeps } from '../bookings/service.js';
import { ValidationError } from '../errors.js';
import { addDaysToDate, seoulDate, toSeoulIso } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { AbsenceRequest } from './schemas.js';
import { validateBody } from './validate.js';

/** The longest absence one request records. */
const MAX_ABSENCE_DAYS = 366;

const absenceId = (req: Request) => idOrNotFound(req.params.id, 'absence.notFound');

/** Leave and business trips: recording one cancels the bookings in it, after a dry run if the client wants one. */
export function absencesApiRouter({ db, clock, config, events }: ApiDeps): Router {
  const router = Router();
  const auth = bearerAuth(db, clock);
  const deps: BookingDeps = { db, clock, events, needsKey: config.needsKey };

  router.get('/me/absences', auth, async (req, res) => {
    const rows = await upcomingAbsences(db, req.apiUser!.id, seoulDate(clock.now()));
    res.set('Cache-Control', 'private, no-cache').json({
      data: rows.map((a) => ({ id: a.id, from: a.startsOn, to: a.endsOn, kind: a.kind, note: a.note })),
    });
  });

  router.post('/me/absences', auth, async (req, res) => {
    const body = validateBody(AbsenceRequest, req);
    if (body.to < body.from) throw new ValidationError({ to: { key: 'settings.error.endsOn' } });
    if (body.to > addDaysToDate(body.from, MAX_ABSENCE_DAYS))
      throw new ValidationError({ to: { key: 'api.absenceTooLong', params: { days: MAX_ABSENCE_DAYS } } });
    const absence = { startsOn: body.from, endsOn: body.to, kind: body.kind, note: body.note ?? '' };
    const affected = await bookingsInAbsence(db, req.apiUser!.id, absence);
    const cancels = affected.map((b) => ({ id: b.id, start: toSeoulIso(b.startsAt), end: toSeoulIso(b.endsAt) }));
    res.set('Cache-Control', 'no-store');
    if (body.dryRun) {
      res.json({ dryRun: true, wouldCancel: cancels });
      return;
    }
    const { cancelled } = await recordAbsence(deps, req.apiUser!, absence);
    res.status(201).json({ cancelled, bookings: cancels });
  });

  router.delete('/me/absences/:id', auth, async (req, res) => {
    await deleteAbsence(db, req.apiUser!.id, absenceId(req));
    res.status(204).end();
  });
  return router;
}
