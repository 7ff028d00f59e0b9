import { defaultGrid, layout } from '../../floorplans/plan.js';
import type { ZonePlan } from '../../floorplans/repository.js';

/** The size of one grid cell in the map's SVG units (the SVG scales to the page). */
export const CELL = 60;

/**
 * Every state a desk can show on a map, each with its own mark and pattern as well as its colour,
 * so that nobody needs to tell colours apart (WCAG 1.4.1). The legend and scripts use the same.
 */
export const MAP_STATES = {
  free: { glyph: '○', pattern: false, dashed: false },
  partly: { glyph: '◐', pattern: false, dashed: false },
  booked: { glyph: '●', pattern: true, dashed: false },
  mine: { glyph: '★', pattern: false, dashed: false },
  checked_in: { glyph: '✓', pattern: true, dashed: false },
  held: { glyph: '!', pattern: false, dashed: true },
  out_of_service: { glyph: '✕', pattern: true, dashed: true },
} as const;
export type MapState = keyof typeof MAP_STATES;

/** The board's states in the map's words (a no-show hold is "held"). */
export function mapStateOfBoard(state: string): MapState {
  if (state === 'no_show_pending') return 'held';
  return (state in MAP_STATES ? state : 'booked') as MapState;
}

export interface MapDeskInput {
  id: number;
  label: string;
  planX: number | null;
  planY: number | null;
  state: MapState;
  stateLabel: string;
  href: string;
}

/** What views/partials/floor-map.hbs draws: the grid, the picture under it and each desk's tile. */
export function floorMap(
  zone: { id: number; name: string },
  plan: ZonePlan | undefined,
  desks: readonly MapDeskInput[],
  captionText: string,
) {
  const grid = plan ? { cols: plan.cols, rows: plan.rows } : defaultGrid(desks.length);
  const places = layout(desks, grid);
  const width = grid.cols * CELL;
  const height = grid.rows * CELL;
  return {
    zoneId: zone.id,
    caption: captionText,
    width,
    height,
    cols: grid.cols,
    rows: grid.rows,
    cell: CELL,
    image: plan?.kind === 'image' && plan.imageHash ? `/floor-plans/${zone.id}/${plan.imageHash}` : undefined,
    gridLines: [
      ...Array.from({ length: grid.cols - 1 }, (_, i) => ({
        x1: (i + 1) * CELL,
        y1: 0,
        x2: (i + 1) * CELL,
        y2: height,
      })),
      ...Array.from({ length: grid.rows - 1 }, (_, i) => ({
        x1: 0,
        y1: (i + 1) * CELL,
        x2: width,
        y2: (i + 1) * CELL,
      })),
    ],
    desks: desks.map((d, i) => {
      const p = places[i]!;
      const look = MAP_STATES[d.state];
      return {
        id: d.id,
        label: d.label,
        x: p.x,
        y: p.y,
        left: p.x * CELL,
        top: p.y * CELL,
        state: d.state,
        glyph: look.glyph,
        dashed: look.dashed,
        pattern: look.pattern,
        name: `${d.label}, ${d.stateLabel}`,
        href: d.href,
      };
    }),
  };
}

/** The legend: each state's mark with its words. */
export function mapLegend(states: readonly MapState[], label: (s: MapState) => string) {
  return states.map((s) => ({ state: s, glyph: MAP_STATES[s].glyph, label: label(s) }));
}
