import type { Locale } from '../../i18n/index.js';
import { translate } from '../../i18n/index.js';
import type { ProgrammeDetail } from '../../programmes/repository.js';
import {
  BASELINE_WEEKS,
  CO2_KG_PER_CAR_KM,
  COMMUTE_SPEED_KMH,
  type Outcomes,
  type PublicSummary,
  SUPPRESSION_THRESHOLD,
  SURVEY_QUESTIONS,
  type TargetGroup,
} from '../../programmes/rules.js';
import { barChart } from '../display/charts.js';
import { pick } from '../localise.js';

const num = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits));
const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);

/** The programme's facts in the page's language. */
export function programmeView(locale: Locale, detail: ProgrammeDetail) {
  const p = detail.programme;
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  return {
    id: p.id,
    name: pick(locale, p.name, p.nameEn),
    goal: pick(locale, p.goal, p.goalEn),
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    published: p.publishedAt !== null,
    targetGroups: (p.targetGroups as TargetGroup[]).map((g) => t(`programme.group.${g}`)).join(', '),
    organisations: detail.organisations.map((o) => pick(locale, o.name, o.nameEn)).join(', ') || t('programme.allOrgs'),
    centers: detail.centers.map((c) => ({
      id: c.id,
      name: pick(locale, c.name, c.nameEn),
      desks: detail.desks
        .filter((d) => d.centerId === c.id)
        .map((d) => d.label)
        .join(', '),
    })),
    benefits: [
      ...(p.extraHorizonDays > 0 ? [t('programme.benefit.horizon', { days: p.extraHorizonDays })] : []),
      ...(detail.desks.length ? [t('programme.benefit.desks', { count: detail.desks.length })] : []),
      ...(p.weeklyQuotaDays ? [t('programme.benefit.quota', { days: p.weeklyQuotaDays })] : []),
    ],
  };
}

/** How each figure was made: shown beside the figures on every page that shows them. */
export function methodNotes(locale: Locale) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  return [
    t('programme.method.days', { weeks: BASELINE_WEEKS }),
    t('programme.method.rates'),
    t('programme.method.commute', { speed: COMMUTE_SPEED_KMH }),
    t('programme.method.co2', { factor: CO2_KG_PER_CAR_KM }),
    t('programme.method.utilisation'),
    t('programme.method.survey'),
    t('programme.method.suppression', { threshold: SUPPRESSION_THRESHOLD }),
  ];
}

/** The dashboard: every group's figures, charts comparing groups and periods, centers and surveys. */
export function outcomesView(locale: Locale, detail: ProgrammeDetail, outcomes: Outcomes) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const shown = new Set<string>(['everyone', ...(detail.programme.targetGroups as string[])]);
  const groups = outcomes.groups.filter((g) => shown.has(g.group) || g.people > 0);
  const periodBars = groups.flatMap((g) => [
    {
      key: `${g.group}-before`,
      label: `${t(`programme.groupShort.${g.group}`)} ${t('programme.before')}`,
      value: g.baselineDaysPerWeek ?? 0,
    },
    {
      key: `${g.group}-during`,
      label: `${t(`programme.groupShort.${g.group}`)} ${t('programme.during')}`,
      value: g.daysPerWeek ?? 0,
    },
  ]);
  const centerName = (id: number) => {
    const c = detail.centers.find((x) => x.id === id);
    return c ? pick(locale, c.name, c.nameEn) : String(id);
  };
  return {
    groups: groups.map((g) => ({
      group: t(`programme.group.${g.group}`),
      people: g.people,
      withdrawn: g.withdrawn,
      smartWorkDays: g.smartWorkDays,
      baseline: num(g.baselineDaysPerWeek, 2),
      during: num(g.daysPerWeek, 2),
      cancellationRate: pct(g.cancellationRate),
      noShowRate: pct(g.noShowRate),
      kmSaved: num(g.kmSaved),
      hoursSaved: num(g.minutesSaved / 60),
      co2Kg: num(g.co2Kg),
      commuteCounted: g.commuteCounted,
    })),
    periodChart: barChart(periodBars, { width: 640, height: 220, max: Math.max(1, ...periodBars.map((b) => b.value)) }),
    periodBars: periodBars.map((b) => ({ label: b.label, value: num(b.value, 2) })),
    centers: outcomes.centers.map((c) => ({
      name: centerName(c.centerId),
      people: c.people,
      smartWorkDays: c.smartWorkDays,
      reservedDesks: c.reservedDesks,
      used: c.reservedDeskDaysUsed,
      offered: c.reservedDeskDaysOffered,
      utilisation: pct(c.utilisation),
    })),
    centerChart: barChart(
      outcomes.centers.map((c) => ({
        key: String(c.centerId),
        label: centerName(c.centerId),
        value: Math.round((c.utilisation ?? 0) * 100),
      })),
      { width: 640, height: 200, max: 100 },
    ),
    surveys: outcomes.surveys.map((s) => ({
      phase: t(`programme.survey.${s.phase}`),
      responses: s.responses,
      responseRate: pct(s.responseRate),
      means: SURVEY_QUESTIONS.map((q) => num(s.means[q], 2)),
    })),
    questions: SURVEY_QUESTIONS.map((q) => t(`programme.survey.q.${q}`)),
    weekdaysSoFar: outcomes.weekdaysSoFar,
    method: methodNotes(locale),
  };
}

/** The public page: only what was published, with withheld groups said to be withheld. */
export function publicView(locale: Locale, summary: PublicSummary, centerNames: Map<number, string>) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const withheld = t('programme.suppressed', { threshold: SUPPRESSION_THRESHOLD });
  return {
    participants: summary.participants.suppressed ? withheld : String(summary.participants.people),
    groups: summary.groups.map((g) =>
      g.suppressed
        ? { group: t(`programme.group.${g.group}`), suppressed: true }
        : {
            group: t(`programme.group.${g.group}`),
            people: g.people,
            smartWorkDays: g.smartWorkDays,
            baseline: num(g.baselineDaysPerWeek, 2),
            during: num(g.daysPerWeek, 2),
            cancellationRate: pct(g.cancellationRate),
            noShowRate: pct(g.noShowRate),
            kmSaved: num(g.kmSaved),
            hoursSaved: num(g.minutesSaved / 60),
            co2Kg: num(g.co2Kg),
          },
    ),
    centers: summary.centers.map((c) =>
      c.suppressed
        ? { name: centerNames.get(c.centerId) ?? '', suppressed: true }
        : {
            name: centerNames.get(c.centerId) ?? '',
            people: c.people,
            smartWorkDays: c.smartWorkDays,
            utilisation: pct(c.utilisation),
          },
    ),
    surveys: summary.surveys.map((s) =>
      s.suppressed
        ? { phase: t(`programme.survey.${s.phase}`), suppressed: true }
        : {
            phase: t(`programme.survey.${s.phase}`),
            responses: s.responses,
            responseRate: pct(s.responseRate),
            means: SURVEY_QUESTIONS.map((q) => num(s.means[q], 2)),
          },
    ),
    questions: SURVEY_QUESTIONS.map((q) => t(`programme.survey.q.${q}`)),
    withheld,
    method: methodNotes(locale),
  };
}
