import { Router } from 'express';
import { ownNeeds, wishesFor } from '../../accessibility/needs.js';
import { byDistance, HOME_AREAS } from '../../centers/distance.js';
import { homeFromInput, homeOf, saveHome } from '../../centers/homes.js';
import { mayOperate } from '../../centers/operators.js';
import { type CenterDayCache, centerOnDate, centersWithTodayCounts } from '../../centers/service.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { plansOfCenter, type ZonePlan } from '../../floorplans/repository.js';
import { boardEntries } from '../../occupancy/board.js';
import { countsOf } from '../../occupancy/live.js';
import type { LiveSnapshots } from '../../occupancy/snapshots.js';
import { sharesCenterFrom } from '../../partners/repository.js';
import type { ChangeBus } from '../../realtime/bus.js';
import { CenterCache } from '../../realtime/center-cache.js';
import { favouritesOf } from '../../search/repository.js';
import { type Clock, isDateString, seoulDate } from '../../time/seoul.js';
import { idText } from '../../validation/input.js';
import { employeeZoneMap } from '../floorplans/center-maps.js';
import { formErrors } from '../forms.js';
import { fragmentsOf } from '../helpers/memo.js';
import { pick } from '../localise.js';
import { centerDayView, centerListItem, FILTER_FEATURES } from './view-models.js';

const idParam = idText;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function centersRouter({
  db,
  clock,
  needsKey,
  events,
  snapshots,
  centerDays,
}: {
  db: Database;
  clock: Clock;
  needsKey: Buffer;
  events: ChangeBus;
  snapshots: LiveSnapshots;
  centerDays: CenterDayCache;
}): Router {
  const router = Router();
  // A center's floor plans change rarely and publish a center change when they do (src/web/floorplans).
  const centerPlans = new CenterCache<Map<number, ZonePlan>>(events, 5000);

  router.get('/centers', async (req, res) => {
    const centers = await centersWithTodayCounts(db, clock.now());
    const asked = homeFromInput({ area: str(req.query.area), lat: str(req.query.lat), lng: str(req.query.lng) });
    if (asked && req.user && req.query.save === '1') await saveHome(db, req.user.id, asked, clock.now());
    const home = asked ?? (req.user ? await homeOf(db, req.user.id) : undefined);
    res.render('centers/index', {
      title: req.t('centers.title'),
      live: true,
      centers: byDistance(home, centers).map(({ item, km }) => centerListItem(req.locale, item, km)),
      home: {
        sorted: home !== undefined,
        areas: HOME_AREAS.map((a) => ({
          code: a.code,
          name: pick(req.locale, a.name, a.nameEn),
          selected: a.code === home?.areaCode,
        })),
        located: home !== undefined && home.areaCode === null,
      },
    });
  });

  router.get('/centers/:id', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('center.notFound');
    const today = seoulDate(clock.now());
    const asked = typeof req.query.date === 'string' ? req.query.date : undefined;
    const valid = asked === undefined || isDateString(asked);
    const date = asked && valid ? asked : today;
    const user = req.user;
    // Independent reads, sent together; the live counts and desk states come from the process's
    // shared snapshot of the center (the sockets' one), not a read per view.
    const [day, needs, shares, live, favourites, canOperate, plans] = await Promise.all([
      centerOnDate(db, id.data, date, user?.id, centerDays),
      user ? ownNeeds({ db, key: needsKey }, user.id) : [],
      user ? sharesCenterFrom(db, user, id.data, date) : false,
      snapshots.current(id.data),
      user ? favouritesOf(db, user.id) : undefined,
      user ? mayOperate(db, user, id.data) : false,
      // Floor plans: each zone with a plan gets a map beside (not instead of) its list of desks.
      centerPlans.get(id.data, 'plans', () => plansOfCenter(db, id.data)),
    ]);
    const feature = FILTER_FEATURES.find((f) => f === req.query.feature);
    const freeOnly = req.query.free === '1';
    const view = centerDayView(req.locale, day, user, today, { feature, freeOnly }, wishesFor(needs), shares);
    if (user) res.locals.csrfToken ??= req.csrfToken?.();
    const back = `/centers/${id.data}?date=${date}`;
    const liveDesks = live ? live.center.zones.flatMap((z) => z.desks.filter((d) => d.active)) : [];
    const nowStates =
      live && date === today
        ? new Map(boardEntries(liveDesks, live.bookings, live.now).map((e) => [e.deskId, e.state as string]))
        : undefined;
    const positions = new Map(day.zones.flatMap((z) => z.desks.map((d) => [d.id, d] as const)));
    for (const zone of view.zones) {
      const plan = plans.get(zone.id);
      if (!plan) continue;
      Object.assign(zone, {
        map: employeeZoneMap(
          req.locale,
          {
            id: zone.id,
            name: zone.name,
            desks: zone.desks.map((d) => ({
              ...d,
              ...d.timeline(),
              planX: positions.get(d.id)?.planX ?? null,
              planY: positions.get(d.id)?.planY ?? null,
            })),
          },
          view.date,
          plan,
          nowStates,
        ),
      });
    }
    res.status(valid ? 200 : 400).render('centers/show', {
      favourite: favourites && {
        on: favourites.centerIds.includes(id.data),
        back,
        deskIds: favourites.deskIds,
      },
      title: view.name,
      live: true,
      center: view,
      fragments: fragmentsOf(day.version),
      counts: live && countsOf(live),
      canOperate,
      askedDate: asked ?? date,
      filter: {
        freeOnly,
        active: Boolean(feature || freeOnly),
        features: FILTER_FEATURES.map((f) => ({ value: f, label: req.t(`feature.${f}`), selected: f === feature })),
      },
      errors: valid ? undefined : formErrors(req.locale, { date: { key: 'booking.error.dateInvalid' } }),
    });
  });
  return router;
}
