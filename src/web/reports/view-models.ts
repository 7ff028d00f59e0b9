import { HOME_AREAS } from '../../centers/distance.js';
import { type Locale, translate } from '../../i18n/index.js';
import { rates } from '../../reports/rules.js';
import type { Report } from '../../reports/service.js';
import { SCHEDULE_TYPES } from '../../schedules/rules.js';
import { type BarChart, barChart } from '../display/charts.js';
import { pick } from '../localise.js';

/**
 * A report as tables, in the page's language: the page, the CSV and the spreadsheet are all made
 * from these, so the three always carry the same figures.
 */
export type ColumnKind = 'text' | 'int' | 'pct' | 'dec';
export interface Column {
  label: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export interface ReportTable {
  id: string;
  title: string;
  lead?: string;
  columns: Column[];
  rows: Cell[][];
  chart?: { svg: BarChart; title: string; desc: string };
}

const FIGURE_KEYS = [
  ['booked', 'int'],
  ['present', 'int'],
  ['noShow', 'int'],
  ['cancelled', 'int'],
  ['checkInRate', 'pct'],
  ['noShowRate', 'pct'],
  ['averageStay', 'int'],
] as const;

type Figures = Report['byZone'][number];

function figureColumns(t: (k: string) => string): Column[] {
  return FIGURE_KEYS.map(([k, kind]) => ({ label: t(`reports.${k}`), kind }));
}
/** A table of one figure per label: the label column, then the figure's. */
const twoColumns = (label: string, figure: string, kind: ColumnKind = 'int'): Column[] => [
  { label, kind: 'text' },
  { label: figure, kind },
];
const figureCells = (f: Pick<Figures, (typeof FIGURE_KEYS)[number][0]>): Cell[] => FIGURE_KEYS.map(([k]) => f[k]);

/** A bar chart with at most about a dozen labels under it. */
function chart(data: { label: string; value: number }[], title: string, desc: string, width = 640) {
  const every = Math.max(1, Math.ceil(data.length / 12));
  return {
    svg: barChart(
      data.map((d, i) => ({ key: String(i), label: i % every === 0 ? d.label : '', value: d.value })),
      { width, height: 240, max: Math.max(1, ...data.map((d) => d.value)), gap: data.length > 60 ? 0.5 : undefined },
    ),
    title,
    desc,
  };
}

/** One item's bar: a short label under it and its height; null leaves the item out of the chart. */
type Bar = { label: string; value: number } | null;

/**
 * A table and its bar chart made from the same items, so the chart never shows a figure that the
 * accessible table beside it does not give. Without `bars` (a table too long to draw), no chart.
 */
function tableWithChart<T>(
  items: readonly T[],
  { row, ...table }: Omit<ReportTable, 'rows' | 'chart'> & { row: (item: T) => Cell[] },
  bars: { bar: (item: T) => Bar; title: string; desc: string } | undefined,
): ReportTable {
  const rows = items.map(row);
  if (!bars) return { ...table, rows, chart: undefined };
  const data = items.flatMap((item) => bars.bar(item) ?? []);
  return { ...table, rows, chart: chart(data, bars.title, bars.desc) };
}

export function reportTables(report: Report, locale: Locale): ReportTable[] {
  const t = (k: string, p?: Record<string, unknown>) => translate(locale, k, p);
  const tables: ReportTable[] = [];
  // A group of fewer than 5 people is shown without its figure (the service withholds it).
  const people = (n: number | null): Cell => n ?? t('reports.fewerThan5');
  const tot = report.totals;
  tables.push({
    id: 'summary',
    title: t('reports.summary'),
    columns: twoColumns(t('reports.measure'), t('reports.value'), 'dec'),
    rows: [
      [t('reports.capacity'), report.centers.reduce((a, c) => a + c.capacity, 0)],
      [t('reports.booked'), tot.booked],
      [t('reports.present'), tot.present],
      [t('reports.noShow'), tot.noShow],
      [t('reports.cancelled'), tot.cancelled],
      [t('reports.checkInRate'), pct(tot.checkInRate)],
      [t('reports.noShowRate'), pct(tot.noShowRate)],
      [t('reports.averageStay'), tot.averageStay],
      [t('reports.deskHours'), Math.round(tot.bookedMinutes / 60)],
      [t('reports.occupancy'), pct(tot.occupancy)],
      [t('reports.people'), tot.people],
      [t('reports.repeat'), tot.repeat],
    ],
  });
  // Shown as text in the summary, where rows mix counts and rates.
  function pct(v: number | null): string | null {
    return v === null ? null : `${(v * 100).toFixed(1)}%`;
  }

  const periodLabel = t(`reports.byPeriod.${report.granularity}`);
  tables.push(
    tableWithChart(
      report.periods,
      {
        id: 'periods',
        title: t('reports.byPeriod'),
        columns: [{ label: periodLabel, kind: 'text' }, ...figureColumns(t)],
        row: (p) => [
          report.granularity === 'month' ? p.start.slice(0, 7) : p.start,
          ...figureCells({ ...p.figures, ...rates(p.figures) }),
        ],
      },
      {
        bar: (p) => ({
          label: report.granularity === 'month' ? p.start.slice(2, 7) : p.start.slice(5),
          value: p.figures.booked,
        }),
        title: t('reports.byPeriodChart'),
        desc: t('reports.byPeriodDesc'),
      },
    ),
  );

  tables.push(
    tableWithChart(
      report.hours,
      {
        id: 'hours',
        title: t('reports.byHour'),
        columns: twoColumns(t('reports.hour'), t('reports.averageBooked'), 'dec'),
        row: (h) => [`${String(h.hour).padStart(2, '0')}:00`, h.averageBooked],
      },
      {
        bar: (h) => ({ label: String(h.hour).padStart(2, '0'), value: h.averageBooked }),
        title: t('reports.byHourChart'),
        desc: t('reports.byHourDesc'),
      },
    ),
  );

  const hours = [...new Set(report.grid.map((c) => c.hour))].sort((a, b) => a - b);
  const weekdays = [...new Set(report.grid.map((c) => c.weekday))].sort((a, b) => a - b);
  const cell = new Map(report.grid.map((c) => [`${c.weekday}|${c.hour}`, c.occupancy]));
  tables.push({
    id: 'grid',
    title: t('reports.grid'),
    lead: t('reports.gridLead'),
    columns: [
      { label: t('reports.weekday'), kind: 'text' },
      ...hours.map((h) => ({ label: String(h).padStart(2, '0'), kind: 'pct' as const })),
    ],
    rows: weekdays.map((w) => [t(`weekday.${w}`), ...hours.map((h) => cell.get(`${w}|${h}`) ?? null)]),
  });

  tables.push({
    id: 'peak',
    title: t('reports.peakDays'),
    columns: twoColumns(t('reports.date'), t('reports.booked')),
    rows: report.peakDays.map((d) => [d.date, d.booked]),
  });

  if (report.centers.length > 1)
    tables.push({
      id: 'centers',
      title: t('reports.byCenter'),
      columns: [{ label: t('reports.center'), kind: 'text' }, ...figureColumns(t)],
      rows: report.byCenter.map((c) => [pick(locale, c.name, c.nameEn), ...figureCells(c)]),
    });

  const centerName = new Map(report.centers.map((c) => [c.id, pick(locale, c.name, c.nameEn)]));
  const zoneLabel = (z: Report['byZone'][number]) =>
    report.centers.length > 1
      ? `${centerName.get(z.centerId) ?? ''} · ${pick(locale, z.name, z.nameEn)}`
      : pick(locale, z.name, z.nameEn);
  tables.push(
    tableWithChart(
      report.byZone,
      {
        id: 'zones',
        title: t('reports.byZone'),
        columns: [{ label: t('reports.zone'), kind: 'text' }, ...figureColumns(t)],
        row: (z) => [zoneLabel(z), ...figureCells(z)],
      },
      report.byZone.length <= 40
        ? {
            bar: (z) => ({ label: pick(locale, z.name, z.nameEn).slice(0, 8), value: z.booked }),
            title: t('reports.byZoneChart'),
            desc: t('reports.byZoneDesc'),
          }
        : undefined,
    ),
  );

  tables.push({
    id: 'features',
    title: t('reports.byFeature'),
    columns: [{ label: t('reports.feature'), kind: 'text' }, ...figureColumns(t)],
    rows: report.byFeature.map((f) => [t(`feature.${f.feature}`), ...figureCells(f)]),
  });

  if (report.centers.length === 1)
    tables.push({
      id: 'desks',
      title: t('reports.byDesk'),
      columns: [
        { label: t('reports.desk'), kind: 'text' },
        { label: t('reports.zone'), kind: 'text' },
        { label: t('reports.kind'), kind: 'text' },
        ...figureColumns(t),
      ],
      rows: report.byDesk.map((d) => [
        d.label,
        pick(locale, d.zoneName, d.zoneNameEn),
        t(`kind.${d.kind}`),
        ...figureCells(d),
      ]),
    });

  const area = new Map(HOME_AREAS.map((a) => [a.code, pick(locale, a.name, a.nameEn)]));
  const districtLabel = (key: string | null) => (key === null ? t('reports.other') : (area.get(key) ?? key));
  tables.push(
    tableWithChart(
      report.districts,
      {
        id: 'districts',
        title: t('reports.districts'),
        lead: t('reports.districtsLead'),
        columns: twoColumns(t('reports.district'), t('reports.people')),
        row: (d) => [districtLabel(d.key), people(d.people)],
      },
      {
        // A group under 5 people has no figure to draw.
        bar: (d) => (d.people === null ? null : { label: districtLabel(d.key).slice(0, 5), value: d.people }),
        title: t('reports.districtsChart'),
        desc: t('reports.districtsDesc'),
      },
    ),
  );

  const teamLabel = (g: { key: number | null; name?: string; nameEn?: string }, otherLabel: string) =>
    g.key === null ? otherLabel : pick(locale, g.name ?? '', g.nameEn);
  tables.push({
    id: 'teams',
    title: t('reports.teams'),
    lead: t('reports.districtsLead'),
    columns: twoColumns(t('reports.team'), t('reports.people')),
    rows: report.teams.map((g) => [teamLabel(g, t('reports.other')), people(g.people)]),
  });

  if (report.uptake) {
    const u = report.uptake;
    tables.push(
      tableWithChart(
        SCHEDULE_TYPES,
        {
          id: 'uptake',
          title: t('reports.uptake'),
          lead: t('reports.uptakeLead'),
          columns: twoColumns(t('reports.uptakeType'), t('reports.uptakePeople')),
          row: (ty) => [t(`schedule.type.${ty}`), u.byType[ty]],
        },
        {
          bar: (ty) => ({ label: t(`schedule.type.${ty}`).slice(0, 6), value: u.byType[ty] }),
          title: t('reports.uptakeChart'),
          desc: t('reports.uptakeDesc'),
        },
      ),
    );
    tables.push({
      id: 'uptake-teams',
      title: t('reports.uptakeByTeam'),
      lead: t('reports.districtsLead'),
      columns: twoColumns(t('reports.team'), t('reports.uptakePeople')),
      rows: u.byTeam.map((g) => [teamLabel(g, t('reports.other')), people(g.people)]),
    });
  }
  return tables;
}

/** A cell as the page shows it. */
export function formatCell(v: Cell, kind: ColumnKind, locale: Locale): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
  if (kind === 'pct')
    return `${(v * 100).toLocaleString(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  if (kind === 'dec') return v.toLocaleString(tag, { maximumFractionDigits: 1 });
  return v.toLocaleString(tag);
}
