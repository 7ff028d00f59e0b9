import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, intlLocale, isLocale, type Locale } from '../../i18n/index.js';
import { seoulInstant, ZONE } from '../../time/seoul.js';

/** {{longDate "2026-12-01"}} → 2026년 12월 1일 화요일 / Tuesday 1 December 2026, always in Seoul time. */
export function longDate(value: string | Date, options: HelperOptions): string {
  const locale = options.data?.root?.locale;
  const at = typeof value === 'string' ? seoulInstant(value, 12 * 60) : value;
  return formatterFor(isLocale(locale) ? locale : DEFAULT_LOCALE).format(at);
}

// Making an Intl.DateTimeFormat costs far more than using one: one per language.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(locale: Locale): Intl.DateTimeFormat {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeZone: ZONE });
    formatters.set(locale, f);
  }
  return f;
}
