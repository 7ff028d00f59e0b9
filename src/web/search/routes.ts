import { type Request, Router } from 'express';
import type { SessionUser } from '../../auth/users.js';
import { PRESETS } from '../../bookings/rules.js';
import { travelMinutes } from '../../centers/distance.js';
import { longestHorizonDays } from '../../centers/policy-repository.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { extraHorizonDays } from '../../programmes/benefits.js';
import {
  addFavourite,
  colleaguesMatching,
  type FavouriteTarget,
  removeFavourite,
  targetExists,
} from '../../search/repository.js';
import { checkSearch, SEARCH_BLOCKS, SEARCH_FEATURES, searchForm } from '../../search/rules.js';
import { searchCenters } from '../../search/service.js';
import { addDaysToDate, type Clock, formatMinute, seoulDate } from '../../time/seoul.js';
import { formText, parseId } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick, rangesText } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireAbility, requireLogin } from '../middleware/require-login.js';

interface Deps {
  db: Database;
  clock: Clock;
  needsKey: Buffer;
}

/** Where a favourite form sends the person back to: only a path of this site. */
function backTo(req: Request, fallback: string): string {
  const back = formText((req.body as Record<string, unknown> | undefined)?.back, 300);
  return back.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : fallback;
}

/** The centers search: every center at once for a date and time, ranked; the colleague picker; favourites. */
export function searchRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();

  router.get('/search', requireLogin, requireAbility('book'), async (req, res) => {
    const user = req.user as SessionUser;
    const now = clock.now();
    const today = seoulDate(now);
    // The person's own horizon: a pilot programme's benefit lets them search (and book) further ahead.
    const [longest, extra] = await Promise.all([longestHorizonDays(db), extraHorizonDays(db, user.id, today)]);
    const horizon = longest + extra;
    const asked = Object.keys(req.query).some((k) => k !== 'lang');
    const form = searchForm(req.query as Record<string, unknown>, today);
    const { query, errors } = asked ? checkSearch(form, today, horizon) : { query: undefined, errors: {} };
    const outcome = query ? await searchCenters(deps, user, query, now) : undefined;
    const t = req.t;
    const results = outcome?.results.map((r) => {
      const name = pick(req.locale, r.center.name, r.center.nameEn);
      const time = r.range ? rangesText([r.range]) : undefined;
      return {
        id: r.center.id,
        name,
        district: pick(req.locale, r.center.district, r.center.districtEn),
        favourite: r.favourite,
        distance:
          r.km === undefined ? undefined : t('near.distance', { km: r.km.toFixed(1), minutes: travelMinutes(r.km) }),
        time,
        free: r.free,
        freeText:
          r.free > 0
            ? t(query!.kind === 'desk' ? 'search.freeDesks' : 'search.freeRooms', { count: r.free, total: r.matching })
            : undefined,
        refusal: r.free === 0 ? refusalText(req, r) : undefined,
        best: r.best.map((d) => ({
          id: d.id,
          label: d.label,
          zone: pick(req.locale, d.zoneName, d.zoneNameEn),
          kind: d.kind !== 'desk' ? t(`kind.${d.kind}`) : undefined,
          capacity: d.kind !== 'desk' ? t('center.capacity', { count: d.capacity, n: d.capacity }) : undefined,
          features: d.features.map((f) => t(`feature.${f}`)),
          favourite: d.favourite,
          bookLabel: t('search.bookLabel', { desk: d.label, center: name, time: time ?? '' }),
        })),
        start: r.range && formatMinute(r.range.start),
        end: r.range && formatMinute(r.range.end),
      };
    });
    res.status(Object.keys(errors).length > 0 ? 422 : 200).render('search/index', {
      title: t('search.title'),
      form,
      today,
      lastDay: addDaysToDate(today, horizon),
      blocks: SEARCH_BLOCKS.map((b) => ({
        value: b,
        label: t(`booking.preset.${b}`, { start: formatMinute(PRESETS[b].start), end: formatMinute(PRESETS[b].end) }),
        checked: form.when === 'block' && form.block === b,
      })),
      features: SEARCH_FEATURES.map((f) => ({
        value: f,
        label: t(`feature.${f}`),
        checked: form.features.includes(f),
      })),
      kinds: (['desk', 'room'] as const).map((k) => ({
        value: k,
        label: t(`search.kind.${k}`),
        checked: form.kind === k,
      })),
      rangeChosen: form.when === 'range',
      searched: outcome !== undefined,
      date: query?.date,
      results,
      anyFree: results?.some((r) => r.free > 0),
      summary: results
        ? t('search.summary', { count: results.filter((r) => r.free > 0).length, date: query!.date })
        : undefined,
      holdsDesk: outcome?.holdsDesk,
      noHome: query?.near && !outcome?.home,
      errors: formErrors(req.locale, errors, {
        block: 'block-morning',
        features: 'feature-accessible',
        kind: 'kind-desk',
      }),
    });
  });

  /** Colleagues of the booker's own organisation, by name, username or team: for the attendee picker. */
  router.get('/colleagues', requireLogin, requireAbility('book'), async (req, res) => {
    const q = formText(req.query.q, 60).trim();
    res.set('Cache-Control', 'private, no-store');
    if (q.length < 1) {
      res.json({ colleagues: [] });
      return;
    }
    const rows = await colleaguesMatching(db, req.user!.organisationId, req.user!.id, q, 10);
    res.json({
      colleagues: rows.map((r) => ({
        username: r.username,
        name: pick(req.locale, r.displayName, r.displayNameEn),
        team: r.teamName ? pick(req.locale, r.teamName, r.teamNameEn) : null,
      })),
    });
  });

  const favouriteTarget = (req: Request): FavouriteTarget | undefined => {
    const body = req.body as Record<string, unknown>;
    const centerId = parseId(body.centerId);
    const deskId = parseId(body.deskId);
    if (centerId !== undefined && deskId === undefined) return { centerId };
    if (deskId !== undefined && centerId === undefined) return { deskId };
    return undefined;
  };

  router.post('/favourites', requireLogin, async (req, res) => {
    const target = favouriteTarget(req);
    if (!target || !(await targetExists(db, target))) throw new NotFoundError('favourite.notFound');
    const remove = (req.body as Record<string, unknown>).action === 'remove';
    if (remove) await removeFavourite(db, req.user!.id, target);
    else await addFavourite(db, req.user!.id, target, clock.now());
    flash(req, { key: remove ? 'favourite.removed' : 'favourite.added' });
    res.redirect(303, backTo(req, '/profile#favourites'));
  });
  return router;
}

function refusalText(
  req: Request,
  r: {
    matching: number;
    refusal?: { key: string; params?: Record<string, unknown> };
    closure?: { reason: string; reasonEn?: string };
  },
) {
  if (r.refusal?.key === 'booking.error.closure' && r.closure)
    return req.t('center.closedFor', { reason: pick(req.locale, r.closure.reason, r.closure.reasonEn) });
  // A result is a center, not a desk: its booking unit is said of the center, with what to search instead.
  if (r.refusal?.key.startsWith('booking.error.mode.'))
    return req.t(`search.mode.${r.refusal.key.slice('booking.error.mode.'.length)}`);
  if (r.refusal) return req.t(r.refusal.key, r.refusal.params);
  return req.t(r.matching === 0 ? 'search.noneMatching' : 'search.noneFree');
}
