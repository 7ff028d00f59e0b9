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

export function reportTables(report: Report, locale: Locale): ReportTable[] {
  const t = (k: string, p?: Record<string, unknown>) => translate(locale, k, p);
  const tables: ReportTable[] = [];
  const tot = report.totals;
  tables.push({
    id: 'summary',
    title: t('reports.summary'),
    columns: [
      { label: t('reports.measure'), kind: 'text' },
      { label: t('reports.value'), kind: 'dec' },
    ],
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
  tables.push({
    id: 'periods',
    title: t('reports.byPeriod'),
    columns: [{ label: periodLabel, kind: 'text' }, ...figureColumns(t)],
    rows: report.periods.map((p) => [
      report.granularity === 'month' ? p.start.slice(0, 7) : p.start,
      ...figureCells({ ...p.figures, ...rates(p.figures) }),
    ]),
    chart: chart(
      report.periods.map((p) => ({
        label: report.granularity === 'month' ? p.start.slice(2, 7) : p.start.slice(5),
        value: p.figures.booked,
      })),
      t('reports.byPeriodChart'),
      t('reports.byPeriodDesc'),
    ),
  });

  tables.push({
    id: 'hours',
    title: t('reports.byHour'),
    columns: [
      { label: t('reports.hour'), kind: 'text' },
      { label: t('reports.averageBooked'), kind: 'dec' },
    ],
    rows: report.hours.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.averageBooked]),
    chart: chart(
      report.hours.map((h) => ({ label: String(h.hour).padStart(2, '0'), value: h.averageBooked })),
      t('reports.byHourChart'),
      t('reports.byHourDesc'),
    ),
  });

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
    columns: [
      { label: t('reports.date'), kind: 'text' },
      { label: t('reports.booked'), kind: 'int' },
    ],
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
  tables.push({
    id: 'zones',
    title: t('reports.byZone'),
    columns: [{ label: t('reports.zone'), kind: 'text' }, ...figureColumns(t)],
    rows: report.byZone.map((z) => [zoneLabel(z), ...figureCells(z)]),
    chart:
      report.byZone.length <= 40
        ? chart(
            report.byZone.map((z) => ({ label: pick(locale, z.name, z.nameEn).slice(0, 8), value: z.booked })),
            t('reports.byZoneChart'),
            t('reports.byZoneDesc'),
          )
        : undefined,
  });

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
  tables.push({
    id: 'districts',
    title: t('reports.districts'),
    lead: t('reports.districtsLead'),
    columns: [
      { label: t('reports.district'), kind: 'text' },
      { label: t('reports.people'), kind: 'int' },
    ],
    rows: report.districts.map((d) => [districtLabel(d.key), d.people ?? t('reports.fewerThan5')]),
    chart: chart(
      report.districts
        .filter((d) => d.people !== null)
        .map((d) => ({ label: districtLabel(d.key).slice(0, 5), value: d.people ?? 0 })),
      t('reports.districtsChart'),
      t('reports.districtsDesc'),
    ),
  });

  const teamLabel = (g: { key: number | null; name?: string; nameEn?: string }, otherLabel: string) =>
    g.key === null ? otherLabel : pick(locale, g.name ?? '', g.nameEn);
  tables.push({
    id: 'teams',
    title: t('reports.teams'),
    lead: t('reports.districtsLead'),
    columns: [
      { label: t('reports.team'), kind: 'text' },
      { label: t('reports.people'), kind: 'int' },
    ],
    rows: report.teams.map((g) => [teamLabel(g, t('reports.other')), g.people ?? t('reports.fewerThan5')]),
  });

  if (report.uptake) {
    const u = report.uptake;
    tables.push({
      id: 'uptake',
      title: t('reports.uptake'),
      lead: t('reports.uptakeLead'),
      columns: [
        { label: t('reports.uptakeType'), kind: 'text' },
        { label: t('reports.uptakePeople'), kind: 'int' },
      ],
      rows: SCHEDULE_TYPES.map((ty) => [t(`schedule.type.${ty}`), u.byType[ty]]),
      chart: chart(
        SCHEDULE_TYPES.map((ty) => ({ label: t(`schedule.type.${ty}`).slice(0, 6), value: u.byType[ty] })),
        t('reports.uptakeChart'),
        t('reports.uptakeDesc'),
      ),
    });
    tables.push({
      id: 'uptake-teams',
      title: t('reports.uptakeByTeam'),
      lead: t('reports.districtsLead'),
      columns: [
        { label: t('reports.team'), kind: 'text' },
        { label: t('reports.uptakePeople'), kind: 'int' },
      ],
      rows: u.byTeam.map((g) => [teamLabel(g, t('reports.other')), g.people ?? t('reports.fewerThan5')]),
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
