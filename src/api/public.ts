import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { bookableFor } from '../bookings/bookable.js';
import { type CenterPolicy, modeOf } from '../bookings/policy.js';
import { PRESETS, SLOT_MINUTES } from '../bookings/rules.js';
import { type DayHours, openingOn } from '../centers/hours.js';
import { closuresBetween, closuresOfCenters, policyFor } from '../centers/policy-repository.js';
import { type CenterWithHours, type DeskRow, desksWithCenter, findCenter, listCenters } from '../centers/repository.js';
import { centerOnDate } from '../centers/service.js';
import { groupBy } from '../collections/group.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { type DomainError, NotFoundError, ValidationError } from '../errors.js';
import { spreadsheetCsv } from '../files/csv.js';
import type { Locale } from '../i18n/index.js';
import { deskBookingsBetween } from '../occupancy/repository.js';
import { hourlySeries, occupancyAt } from '../occupancy/series.js';
import { publishedProgrammeResults } from '../programmes/service.js';
import { addDaysToDate, type Clock, formatMinute, seoulDate, seoulInstant, toSeoulIso } from '../time/seoul.js';
import { idOrNotFound } from '../validation/input.js';
import { bearerAuth } from './auth.js';
import { apiLocale, problemFromDomainError } from './problem.js';
import { AvailabilityQuery, type Center, MonthQuery, OccupancyQuery } from './schemas.js';
import { parseQuery } from './validate.js';

const MAX_SERIES_HOURS = 31 * 24;

/** How far ahead the center document lists closures and holidays. */
const CLOSURES_AHEAD_DAYS = 90;

/** A center's booking rules, as a client needs them to book on its first attempt. */
function bookingRulesJson(policy: CenterPolicy) {
  return {
    deskMode: policy.deskMode,
    roomMode: policy.roomMode,
    stepMinutes: SLOT_MINUTES,
    blocks: Object.entries(PRESETS).map(([name, r]) => ({
      name,
      start: formatMinute(r.start),
      end: formatMinute(r.end),
    })),
    minMinutes: policy.minMinutes,
    maxMinutes: policy.maxMinutes,
    horizonDays: policy.horizonDays,
    maxWeekHours: policy.maxWeekMinutes / 60,
    checkInBeforeMinutes: policy.checkInBeforeMinutes,
    checkInAfterMinutes: policy.checkInAfterMinutes,
    heldReleaseHours: policy.priorityReleaseHours,
    walkInsAllowed: policy.walkInsAllowed,
  };
}

/** What a resource is held for until the center's release time (see held-for-needs). */
function holdKind(d: { kind: string; features: readonly string[] }): 'accessible' | 'nursing' | null {
  if (d.kind === 'nursing_room') return 'nursing';
  if (d.kind === 'desk' && d.features.includes('accessible')) return 'accessible';
  return null;
}

/** Why a caller cannot book a desk: the problem type and message a booking would get. */
function notBookable(locale: Locale, err: DomainError) {
  const problem = problemFromDomainError(locale, err);
  const { type, detail, errors: _e, title: _t, status: _s, ...extensions } = problem;
  return { type, detail: detail ?? '', ...extensions };
}

function openingHours(hours: readonly DayHours[]) {
  return hours.map((h) => ({
    weekday: h.weekday,
    opens: formatMinute(h.opensMinute),
    closes: formatMinute(h.closesMinute),
  }));
}

function centerJson(c: CenterWithHours, centerDesks: readonly DeskRow[]): z.infer<typeof Center> {
  const features = new Set<string>();
  for (const d of centerDesks) {
    for (const f of d.features) features.add(f);
    if (d.kind !== 'desk') features.add(d.kind);
  }
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    district: c.district,
    districtEn: c.districtEn,
    address: c.address,
    addressEn: c.addressEn,
    lat: c.lat,
    lng: c.lng,
    openingHours: openingHours(c.hours),
    capacity: centerDesks.filter((d) => d.kind === 'desk').length,
    features: [...features].sort(),
  };
}

function centerId(req: Request): number {
  return idOrNotFound(req.params.id, 'center.notFound');
}

/** Public data changes with every booking: let caches keep it briefly and revalidate with the ETag. */
const cacheFor = (res: Response, seconds: number) => res.set('Cache-Control', `public, max-age=${seconds}`);

export function publicApiRouter({ db, clock, config }: { db: Database; clock: Clock; config: Config }): Router {
  const router = Router();

  router.get('/centers', async (_req, res) => {
    const [centers, desks] = await Promise.all([listCenters(db), desksWithCenter(db)]);
    cacheFor(res, 300).json({
      data: centers.map((c) =>
        centerJson(
          c,
          desks.filter((d) => d.centerId === c.id),
        ),
      ),
    });
  });

  router.get('/centers/:id', async (req, res) => {
    const center = await findCenter(db, centerId(req));
    if (!center) throw new NotFoundError('center.notFound');
    const all = center.zones.flatMap((z) => z.desks);
    const today = seoulDate(clock.now());
    const [policy, closures] = await Promise.all([
      policyFor(db, center.id),
      closuresBetween(db, center.id, today, addDaysToDate(today, CLOSURES_AHEAD_DAYS)),
    ]);
    cacheFor(res, 300).json({
      ...centerJson(center, all),
      bookingRules: bookingRulesJson(policy),
      closuresAhead: closures.map((c) => ({ reason: c.reason, kind: c.kind, from: c.startsOn, to: c.endsOn })),
      zones: center.zones
        .filter((z) => z.desks.some((d) => d.kind === 'desk'))
        .map((z) => ({
          id: z.id,
          code: z.code,
          name: z.name,
          nameEn: z.nameEn,
          network: z.network,
          partnerOnly: z.partnerOrganisationId !== null,
          deskCount: z.desks.filter((d) => d.kind === 'desk' && d.active).length,
        })),
      rooms: all
        .filter((d) => d.kind !== 'desk' && d.active)
        .map((d) => ({ id: d.id, label: d.label, kind: d.kind, capacity: d.capacity, features: d.features })),
    });
  });

  router.get('/centers/:id/desks', async (req, res) => {
    const center = await findCenter(db, centerId(req));
    if (!center) throw new NotFoundError('center.notFound');
    const policy = await policyFor(db, center.id);
    const data = center.zones.flatMap((z) =>
      z.desks
        .filter((d) => d.active)
        .map((d) => ({
          id: d.id,
          label: d.label,
          kind: d.kind,
          capacity: d.capacity,
          zone: {
            id: z.id,
            code: z.code,
            name: z.name,
            nameEn: z.nameEn,
            partnerOnly: z.partnerOrganisationId !== null,
          },
          features: d.features,
          bookingMode: modeOf(policy, d),
          outOfService: d.outOfService,
          heldFor: holdKind(d),
        })),
    );
    cacheFor(res, 300).json({ data });
  });

  router.get('/centers/:id/availability', bearerAuth(db, clock, { optional: true }), async (req, res) => {
    const id = centerId(req);
    const { date = seoulDate(clock.now()) } = parseQuery(AvailabilityQuery, req);
    const day = await centerOnDate(db, id, date, undefined);
    const range = (r: { start: number; end: number }) => ({
      start: toSeoulIso(seoulInstant(date, r.start)),
      end: toSeoulIso(seoulInstant(date, r.end)),
    });
    // With a token: what this caller can book, checked by the admission path's own rules.
    const caller = req.apiUser;
    const bookable = caller ? await bookableFor(db, { clock, needsKey: config.needsKey }, caller, day) : undefined;
    const locale = apiLocale(req);
    if (caller) res.set('Cache-Control', 'private, no-store');
    else cacheFor(res, 30);
    res.json({
      centerId: id,
      date,
      open: day.hours ? range({ start: day.hours.opensMinute, end: day.hours.closesMinute }) : null,
      closure: day.closure
        ? {
            reason: day.closure.reason,
            kind: day.closure.kind ?? 'other',
            from: day.closure.startsOn,
            to: day.closure.endsOn,
          }
        : null,
      data: day.zones.flatMap((z) =>
        z.desks.map((d) => {
          const mine = bookable?.get(d.id);
          return {
            deskId: d.id,
            label: d.label,
            kind: d.kind,
            zoneId: z.id,
            free: d.day.free.map(range),
            ...(mine
              ? {
                  bookable: mine.ranges.map(range),
                  ...(mine.ranges.length === 0 && mine.refusal
                    ? { notBookable: notBookable(locale, mine.refusal) }
                    : {}),
                }
              : {}),
          };
        }),
      ),
    });
  });

  router.get('/centers/:id/occupancy', async (req, res) => {
    const id = centerId(req);
    const query = parseQuery(OccupancyQuery, req);
    const center = await findCenter(db, id);
    if (!center) throw new NotFoundError('center.notFound');
    const capacity = center.zones.flatMap((z) => z.desks).filter((d) => d.kind === 'desk' && d.active).length;
    if (!query.from && !query.to) {
      const now = clock.now();
      const counts = occupancyAt(now, await deskBookingsBetween(db, now, new Date(now.getTime() + 1), id));
      cacheFor(res, 15).json({ centerId: id, at: toSeoulIso(now), capacity, ...counts });
      return;
    }
    if (!query.from || !query.to) {
      throw new ValidationError({ [query.from ? 'to' : 'from']: { key: 'api.seriesNeedsBoth' } });
    }
    // Whole hours: a series starts on the hour of `from` and covers every hour touching [from, to).
    const from = new Date(Math.floor(Date.parse(query.from) / 3_600_000) * 3_600_000);
    const to = new Date(Math.ceil(Date.parse(query.to) / 3_600_000) * 3_600_000);
    const hours = (to.getTime() - from.getTime()) / 3_600_000;
    if (hours <= 0) throw new ValidationError({ to: { key: 'booking.error.endBeforeStart' } });
    if (hours > MAX_SERIES_HOURS) throw new ValidationError({ to: { key: 'api.seriesTooLong', params: { days: 31 } } });
    const points = hourlySeries(from, to, await deskBookingsBetween(db, from, to, id));
    cacheFor(res, 60).json({
      centerId: id,
      from: toSeoulIso(from),
      to: toSeoulIso(to),
      interval: 'hour',
      capacity,
      data: points.map((p) => ({ at: toSeoulIso(p.at), booked: p.booked, checkedIn: p.checkedIn })),
    });
  });

  // Pilot programme results: only what administrators published, small groups already withheld.
  router.get('/open-data/programmes', async (_req, res) => {
    res.json({ programmes: await publishedProgrammeResults(db) });
  });
  router.get('/open-data/programmes/:id', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'programme.notFound');
    const [one] = await publishedProgrammeResults(db, id);
    if (!one) throw new NotFoundError('programme.notFound');
    res.json(one);
  });

  router.get('/open-data/centers.csv', async (_req, res) => {
    const [centers, desks] = await Promise.all([listCenters(db), desksWithCenter(db)]);
    const rows = centers.map((c) => {
      const j = centerJson(
        c,
        desks.filter((d) => d.centerId === c.id),
      );
      const hours = j.openingHours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`).join('; ');
      return [
        j.id,
        j.code,
        j.name,
        j.nameEn,
        j.district,
        j.address,
        j.lat,
        j.lng,
        hours,
        j.capacity,
        j.features.join(' '),
      ];
    });
    sendCsv(res, 'centers.csv', CENTER_COLUMNS, rows, 3600);
  });

  router.get('/open-data/occupancy.csv', async (req, res) => {
    const { month } = parseQuery(MonthQuery, req);
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    // The end of the month's last day, not the first of the next month: 2100-12 has no next one.
    const first = `${month}-01`;
    const lastDay = `${month}-${String(daysInMonth).padStart(2, '0')}`;
    const from = seoulInstant(first, 0);
    const to = seoulInstant(lastDay, 1440);
    const [centers, desks, bookings] = await Promise.all([
      listCenters(db),
      desksWithCenter(db),
      deskBookingsBetween(db, from, to),
    ]);
    const closedByCenter = await closuresOfCenters(
      db,
      centers.map((c) => c.id),
      first,
      lastDay,
    );
    const rows: (string | number)[][] = [];
    // Each center's bookings in one pass, not one filter of the whole month per center.
    const byCenter = groupBy(bookings, (b) => b.centerId);
    for (const c of centers) {
      const capacity = desks.filter((d) => d.centerId === c.id && d.kind === 'desk').length;
      const series = hourlySeries(from, to, byCenter.get(c.id) ?? []);
      // A day's opening and its midnight, worked out once per day rather than once per hour.
      const days = new Map<string, { hours: ReturnType<typeof openingOn>['hours']; midnight: number }>();
      for (const p of series) {
        // Only the hours the center was open: closed hours would be rows of zeros.
        const date = seoulDate(p.at);
        let d = days.get(date);
        if (!d) {
          // Closed days (closures, public holidays) are not open hours either.
          d = {
            hours: openingOn(c.hours, closedByCenter.get(c.id) ?? [], date).hours,
            midnight: seoulInstant(date, 0).getTime(),
          };
          days.set(date, d);
        }
        const h = d.hours;
        const minute = Math.round((p.at.getTime() - d.midnight) / 60_000);
        if (!h || minute + 60 <= h.opensMinute || minute >= h.closesMinute) continue;
        rows.push([c.id, c.code, toSeoulIso(p.at), capacity, p.booked, p.checkedIn]);
      }
    }
    sendCsv(res, `occupancy-${month}.csv`, OCCUPANCY_COLUMNS, rows, 3600);
  });

  return router;
}

export const CENTER_COLUMNS = [
  'id',
  'code',
  'name',
  'name_en',
  'district',
  'address',
  'lat',
  'lng',
  'opening_hours',
  'capacity',
  'features',
];
export const OCCUPANCY_COLUMNS = ['center_id', 'center_code', 'hour_start', 'capacity', 'booked', 'checked_in'];

function sendCsv(res: Response, filename: string, columns: string[], rows: unknown[][], maxAge: number) {
  // A byte-order mark so that spreadsheet programs open the Korean text as UTF-8.
  const body = spreadsheetCsv([columns, ...rows]);
  cacheFor(res, maxAge)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .send(body);
}
