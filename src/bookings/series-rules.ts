import rrule from 'rrule';
import { ValidationError } from '../errors.js';
import { addDaysToDate } from '../time/seoul.js';

const { RRule, rrulestr } = rrule;

/** How far ahead a repeating booking may run; each occurrence still needs the center's horizon. */
export const SERIES_MAX_DAYS = 92;
/** No series has more occurrences than this, whatever its rule says. */
export const SERIES_MAX_OCCURRENCES = 200;
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The weekly rule the web form builds, e.g. FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270331T235959Z. */
export function weeklyRrule(weekdays: readonly number[], until: string): string {
  const days = [...new Set(weekdays)]
    .sort()
    .map((w) => BYDAY[w - 1])
    .join(',');
  return `FREQ=WEEKLY;BYDAY=${days};UNTIL=${until.replaceAll('-', '')}T235959Z`;
}

const invalid = (key: string, params: Record<string, string | number> = {}) =>
  new ValidationError({ rrule: { key, params } });

/**
 * The dates of a repeating booking: an RFC 5545 RRULE (parsed and expanded by the rrule
 * library, never by hand) from its first date, in Seoul dates. Bounded whatever the rule says:
 * within SERIES_MAX_DAYS of the first date and at most SERIES_MAX_OCCURRENCES, so no rule can
 * make the server count for ever. Sub-daily rules are refused: a booking is once a day at most.
 */
export function expandRrule(rule: string, firstDate: string): string[] {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Z0-9=;,+-]{1,300}$/i.test(text)) throw invalid('series.error.rrule');
  // Rules are read as dates: the first date at midnight UTC stands for that Seoul date.
  const dtstart = new Date(`${firstDate}T00:00:00Z`);
  let parsed: InstanceType<typeof RRule>;
  try {
    parsed = rrulestr(text, { dtstart }) as InstanceType<typeof RRule>;
  } catch {
    throw invalid('series.error.rrule');
  }
  if (![RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY].includes(parsed.options.freq)) {
    throw invalid('series.error.rruleFrequency');
  }
  const last = new Date(`${addDaysToDate(firstDate, SERIES_MAX_DAYS)}T00:00:00Z`);
  const dates: string[] = [];
  parsed.between(dtstart, last, true, (d) => {
    dates.push(d.toISOString().slice(0, 10));
    return dates.length < SERIES_MAX_OCCURRENCES;
  });
  return [...new Set(dates)];
}

/** The last date a rule can reach within the bound (for the series row); the first date when it has none. */
export function lastDateOf(dates: readonly string[], firstDate: string): string {
  return dates.at(-1) ?? firstDate;
}
