import type { ZonePlan } from '../../floorplans/repository.js';
import { type Locale, translate } from '../../i18n/index.js';
import { floorMap, type MapState, mapLegend, mapStateOfBoard } from './map.js';

/** What the employee's day view already knows about a desk (see centerDayView). */
interface DayDesk {
  id: number;
  label: string;
  planX: number | null;
  planY: number | null;
  free: string;
  booked: string;
  mine: string;
  canBook: boolean;
  outOfService: boolean;
}

/**
 * A desk's state on the employee's map for the day shown: out of service, mine, and (today) who is
 * in right now or held for a late arrival, else how much of the day is still free.
 */
export function employeeMapState(d: DayDesk, nowState: string | undefined): MapState {
  if (d.outOfService) return 'out_of_service';
  if (d.mine) return 'mine';
  if (nowState === 'checked_in') return 'checked_in';
  if (nowState === 'no_show_pending') return 'held';
  if (!d.free) return 'booked';
  return d.booked ? 'partly' : 'free';
}

export const EMPLOYEE_LEGEND: readonly MapState[] = [
  'free',
  'partly',
  'booked',
  'mine',
  'checked_in',
  'held',
  'out_of_service',
];
export const BOARD_LEGEND: readonly MapState[] = ['free', 'booked', 'checked_in', 'held', 'out_of_service'];

/**
 * The map of each zone that has a plan, on the employee's center page: every desk a link to its
 * booking form (or to its place in the list when it cannot be booked), named "A-03, free".
 */
export function employeeZoneMap(
  locale: Locale,
  zone: { id: number; name: string; desks: DayDesk[] },
  date: string,
  plan: ZonePlan | undefined,
  /** The desks' states right now (board states), only when the day shown is today. */
  nowStates: ReadonlyMap<number, string> | undefined,
) {
  if (!plan) return undefined;
  const label = (s: MapState) => translate(locale, `plan.state.${s}`);
  return {
    ...floorMap(
      zone,
      plan,
      zone.desks.map((d) => {
        const state = employeeMapState(d, nowStates?.get(d.id));
        return {
          id: d.id,
          label: d.label,
          planX: d.planX,
          planY: d.planY,
          state,
          stateLabel: label(state),
          href: d.canBook ? `/bookings/new?desk=${d.id}&date=${date}` : `#desk-${d.id}`,
        };
      }),
      translate(locale, 'plan.mapCaption', { zone: zone.name }),
    ),
    legend: mapLegend(EMPLOYEE_LEGEND, label),
  };
}

/** The operator board's map of a zone: the same states as the table, updated by the same events. */
export function boardZoneMap(
  locale: Locale,
  zone: { id: number; name: string },
  plan: ZonePlan | undefined,
  desks: { id: number; label: string; planX: number | null; planY: number | null; state: string }[],
) {
  if (!plan) return undefined;
  const label = (s: MapState) => translate(locale, `plan.state.${s}`);
  return {
    ...floorMap(
      zone,
      plan,
      desks.map((d) => {
        const state = mapStateOfBoard(d.state);
        return { ...d, state, stateLabel: label(state), href: `#board-desk-${d.id}` };
      }),
      translate(locale, 'plan.boardMapCaption', { zone: zone.name }),
    ),
    legend: mapLegend(BOARD_LEGEND, label),
  };
}
