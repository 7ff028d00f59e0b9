import type { SessionUser } from '../../auth/users.js';
import { SLOT_MINUTES } from '../../bookings/rules.js';
import { mayUseZone } from '../../centers/access.js';
import { travelMinutes } from '../../centers/distance.js';
import type { CenterDay, CenterSummary } from '../../centers/service.js';
import { type Locale, translate } from '../../i18n/index.js';
import { SEARCH_FEATURES } from '../../search/rules.js';
import { addDaysToDate, formatMinute, MAX_DATE, MIN_DATE } from '../../time/seoul.js';
import { hoursLines, pick, rangesText } from '../localise.js';

export function centerListItem(locale: Locale, c: CenterSummary, km?: number) {
  return {
    distance:
      km === undefined
        ? undefined
        : translate(locale, 'near.distance', { km: km.toFixed(1), minutes: travelMinutes(km) }),
    facilities: [
      c.stepFree && translate(locale, 'near.stepFree'),
      c.accessibleParking && translate(locale, 'near.parking'),
      c.nursingRoom && translate(locale, 'kind.nursing_room'),
    ].filter((x): x is string => Boolean(x)),
    id: c.id,
    name: pick(locale, c.name, c.nameEn),
    district: pick(locale, c.district, c.districtEn),
    address: pick(locale, c.address, c.addressEn),
    hours: hoursLines(locale, c.hours),
    counts: c.counts,
  };
}

type SlotState = 'closed' | 'free' | 'busy' | 'mine';

/** The day as 30-minute cells for the visual strip (the text beside it says the same for screen readers). */
function slotStrip(day: CenterDay, busy: readonly { start: number; end: number; mine: boolean }[]): SlotState[] {
  if (!day.hours) return [];
  const cells: SlotState[] = [];
  for (let m = day.hours.opensMinute; m < day.hours.closesMinute; m += SLOT_MINUTES) {
    const hit = busy.find((b) => b.start < m + SLOT_MINUTES && m < b.end);
    cells.push(hit ? (hit.mine ? 'mine' : 'busy') : 'free');
  }
  return cells;
}

/** Features a person can filter a center's desks by: the same list, in the same order, as the search across centers. */
export const FILTER_FEATURES = SEARCH_FEATURES;
export interface DeskFilter {
  feature?: string;
  freeOnly: boolean;
}

export function centerDayView(
  locale: Locale,
  day: CenterDay,
  user: SessionUser | undefined,
  today: string,
  filter: DeskFilter = { freeOnly: false },
  /** Features that meet the viewer's own needs: their desks come first in each zone. */
  wishes: readonly string[] = [],
  /** The viewer's organisation has a partner share of this center (its shared zones are theirs to book too). */
  sharesCenter = false,
) {
  const matches = (features: readonly string[]) => wishes.length > 0 && wishes.some((w) => features.includes(w));
  const c = day.center;
  const bookableDate = day.date >= today && day.hours !== undefined;
  return {
    id: c.id,
    name: pick(locale, c.name, c.nameEn),
    address: pick(locale, c.address, c.addressEn),
    district: pick(locale, c.district, c.districtEn),
    hoursLines: hoursLines(locale, c.hours),
    date: day.date,
    // At the ends of the supported dates the link stays on the same day.
    prevDate: day.date > MIN_DATE ? addDaysToDate(day.date, -1) : day.date,
    nextDate: day.date < MAX_DATE ? addDaysToDate(day.date, 1) : day.date,
    closed: !day.hours,
    closedReason: day.closure && pick(locale, day.closure.reason, day.closure.reasonEn),
    hoursOn: day.hours
      ? translate(locale, 'center.hoursOn', {
          opens: formatMinute(day.hours.opensMinute),
          closes: formatMinute(day.hours.closesMinute),
        })
      : undefined,
    zones: day.zones.map((z) => {
      const partner = pick(locale, z.partnerName ?? '', z.partnerNameEn);
      const allowed = user ? mayUseZone(user, z, sharesCenter) : true;
      return {
        id: z.id,
        name: pick(locale, z.name, z.nameEn),
        network: translate(locale, `center.zone.${z.network}`),
        partner: z.partnerOrganisationId ? translate(locale, 'center.zone.partner', { org: partner }) : undefined,
        restriction: allowed
          ? undefined
          : z.partnerOrganisationId
            ? translate(locale, 'center.notYourZone', { org: partner })
            : translate(locale, 'center.publicZoneOnly'),
        total: z.desks.length,
        freeAllDay: z.desks.filter((d) => d.day.busy.length === 0).length,
        desks: z.desks
          .filter((d) => !filter.feature || d.features.includes(filter.feature))
          .filter((d) => !filter.freeOnly || d.day.free.length > 0)
          .sort((a, b) => Number(matches(b.features)) - Number(matches(a.features)))
          .map((d) => ({
            matchesNeeds: matches(d.features),
            id: d.id,
            label: d.label,
            kind: translate(locale, `kind.${d.kind}`),
            isRoom: d.kind !== 'desk',
            capacity: d.kind !== 'desk' ? translate(locale, 'center.capacity', { n: d.capacity }) : undefined,
            canBook: allowed && bookableDate && d.day.free.length > 0,
            outOfService: d.outOfService,
            // The desk's timeline is the same for every viewer who holds none of it: the page renders
            // it once per version of the day ({{#memo dayKey}}), so it is worked out only then.
            dayKey: d.day.busy.some((b) => b.mine) ? undefined : `${locale}:${d.id}`,
            timeline: () => ({
              features: d.features.map((f) => translate(locale, `feature.${f}`)),
              free: rangesText(d.day.free),
              booked: rangesText(d.day.busy.filter((b) => !b.mine)),
              mine: rangesText(d.day.busy.filter((b) => b.mine)),
              slots: slotStrip(day, d.day.busy),
            }),
          })),
      };
    }),
  };
}
