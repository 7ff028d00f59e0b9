/**
 * Server-rendered SVG bar charts: no script, no inline style (the CSP forbids both), so the
 * chart works everywhere; a data table beside it carries the same numbers for screen readers.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
}

export interface BarChart {
  width: number;
  height: number;
  max: number;
  plotBottom: number;
  plotHeight: number;
  bars: {
    key: string;
    x: number;
    y: number;
    width: number;
    height: number;
    label: string;
    value: number;
    labelX: number;
  }[];
  gridLines: { y: number; value: number }[];
}

export function barChart(
  data: readonly Bar[],
  options: { width: number; height: number; max: number; gap?: number },
): BarChart {
  const top = 10;
  const bottom = 24;
  const left = 34;
  const plotHeight = options.height - top - bottom;
  const plotWidth = options.width - left - 4;
  const slot = data.length ? plotWidth / data.length : plotWidth;
  const gap = options.gap ?? Math.min(4, slot * 0.2);
  const max = Math.max(1, options.max);
  const scale = (v: number) => (Math.min(v, max) / max) * plotHeight;
  return {
    width: options.width,
    height: options.height,
    max,
    plotBottom: top + plotHeight,
    plotHeight,
    bars: data.map((d, i) => {
      const h = scale(d.value);
      const x = left + i * slot + gap / 2;
      return {
        key: d.key,
        x: round(x),
        y: round(top + plotHeight - h),
        width: round(slot - gap),
        height: round(h),
        label: d.label,
        value: d.value,
        labelX: round(x + (slot - gap) / 2),
      };
    }),
    gridLines: [0, 0.5, 1].map((f) => ({ y: round(top + plotHeight - f * plotHeight), value: Math.round(f * max) })),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
