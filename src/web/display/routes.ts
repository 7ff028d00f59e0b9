import { Router } from 'express';
import { findCenter } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { centerHistory } from '../../occupancy/history.js';
import { loadLiveCenter, publicCounts } from '../../occupancy/live.js';
import { deskBookingsBetween } from '../../occupancy/repository.js';
import { addDaysToDate, type Clock, formatMinute, seoulDate, seoulInstant } from '../../time/seoul.js';
import { idText } from '../../validation/input.js';
import { pick } from '../localise.js';
import { barChart } from './charts.js';

const id = idText;

/** The public entrance display (no login, no personal data) and the 7-day history. */
export function displayRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();

  router.get('/display/centers/:id', async (req, res) => {
    const centerId = id.safeParse(req.params.id);
    const live = centerId.success ? await loadLiveCenter(db, centerId.data, clock.now()) : undefined;
    if (!live) throw new NotFoundError('center.notFound');
    const counts = publicCounts(live);
    const name = pick(req.locale, live.center.name, live.center.nameEn);
    const chart = barChart(
      counts.hourly.map((h) => ({ key: String(h.hour), label: String(h.hour).padStart(2, '0'), value: h.booked })),
      { width: 640, height: 220, max: counts.capacity },
    );
    // Without JavaScript the kiosk still refreshes itself (a header, so no <meta refresh> surprises anyone else).
    res.set('Refresh', '120');
    res.render('display/center', {
      layout: 'display',
      title: req.t('display.title', { center: name }),
      centerId: live.center.id,
      centerName: name,
      counts,
      version: counts.version,
      zones: counts.zones.map((z) => ({
        ...z,
        name: pick(req.locale, counts.zoneNames[z.zoneId]?.name ?? '', counts.zoneNames[z.zoneId]?.nameEn),
      })),
      chart,
      clock: formatMinute(
        Math.floor((clock.now().getTime() - seoulInstant(seoulDate(clock.now()), 0).getTime()) / 60_000),
      ),
    });
  });

  router.get('/centers/:id/history', async (req, res) => {
    const centerId = id.safeParse(req.params.id);
    const center = centerId.success ? await findCenter(db, centerId.data) : undefined;
    if (!center) throw new NotFoundError('center.notFound');
    const today = seoulDate(clock.now());
    const from = seoulInstant(addDaysToDate(today, -7), 0);
    const bookings = await deskBookingsBetween(db, from, seoulInstant(today, 0), center.id);
    const capacity = center.zones.flatMap((z) => z.desks).filter((d) => d.kind === 'desk' && d.active).length;
    const days = centerHistory(center, capacity, bookings, today);
    const bars = days.flatMap((d) =>
      d.hours.map((h) => ({
        key: `${d.date}-${h.hour}`,
        label: h.hour === d.hours[0]?.hour ? d.date.slice(5) : '',
        value: h.booked,
      })),
    );
    const name = pick(req.locale, center.name, center.nameEn);
    res.render('display/history', {
      title: req.t('history.title', { center: name }),
      centerId: center.id,
      chart: barChart(bars, { width: 960, height: 260, max: capacity, gap: 1 }),
      days: days.map((d) => ({ ...d, utilisationPct: Math.round(d.utilisation * 100) })),
      capacity,
    });
  });
  return router;
}
