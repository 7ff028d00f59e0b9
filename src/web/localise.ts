import type { MinuteRange } from '../bookings/ranges.js';
import type { DayHours } from '../centers/hours.js';
import { groupWeeklyHours } from '../centers/hours.js';
import { type Locale, translate } from '../i18n/index.js';
import { formatMinute } from '../time/seoul.js';

/** The English column when the page is in English and it has one, else the Korean. */
export function pick(locale: Locale, ko: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : ko;
}

/** Weekly hours as lines such as "월–금 08:00–22:00". */
export function hoursLines(locale: Locale, week: readonly DayHours[]): string[] {
  return groupWeeklyHours(week).map((g) => {
    const times = { opens: formatMinute(g.opensMinute), closes: formatMinute(g.closesMinute) };
    const day = (n: number) => translate(locale, `weekday.${n}`);
    return g.fromWeekday === g.toWeekday
      ? translate(locale, 'hours.single', { day: day(g.fromWeekday), ...times })
      : translate(locale, 'hours.range', { from: day(g.fromWeekday), to: day(g.toWeekday), ...times });
  });
}

/** "09:00–12:00, 13:00–18:00" */
export function rangesText(ranges: readonly MinuteRange[]): string {
  return ranges.map((r) => `${formatMinute(r.start)}–${formatMinute(r.end)}`).join(', ');
}
