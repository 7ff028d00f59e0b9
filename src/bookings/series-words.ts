import rrule from 'rrule';
import type { Locale } from '../i18n/index.js';

const { RRule } = rrule;

const KO_DAYS = ['월', '화', '수', '목', '금', '토', '일'];
const EN_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date (YYYY-MM-DD) as people write it: "12월 31일" / "31 December", with the year when it is not `year`. */
export function dateWords(locale: Locale, date: string, year?: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const withYear = year === undefined || y !== year;
  return locale === 'ko'
    ? `${withYear ? `${y}년 ` : ''}${m}월 ${d}일`
    : `${d} ${EN_MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`;
}

/** "… 12월 31일까지" / "… until 31 December": the end of a repeat, when there is no rule to describe. */
export function untilWords(locale: Locale, until: string, year?: number): string {
  return locale === 'ko' ? `${dateWords(locale, until, year)}까지` : `until ${dateWords(locale, until, year)}`;
}

/**
 * An RFC 5545 RRULE in words, never shown raw: "매주 화·목, 12월 31일까지" / "every Tuesday and
 * Thursday until 31 December". `year` is the reader's current year, left out of dates in it.
 * A rule that cannot be read is described as "repeating" rather than shown as code.
 */
export function describeRrule(locale: Locale, rule: string, year?: number): string {
  const ko = locale === 'ko';
  let o: ReturnType<typeof RRule.parseString>;
  try {
    o = RRule.parseString(rule.trim().replace(/^RRULE:/i, ''));
  } catch {
    return ko ? '반복' : 'repeating';
  }
  const interval = o.interval && o.interval > 1 ? o.interval : 1;
  const days = ([] as unknown[])
    .concat(o.byweekday ?? [])
    .map((w) => (typeof w === 'number' ? w : (w as { weekday: number }).weekday))
    .filter((w, i, all) => all.indexOf(w) === i)
    .sort((a, b) => a - b);
  const dayList = ko
    ? days.map((d) => KO_DAYS[d]).join('·')
    : new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(days.map((d) => EN_DAYS[d]!));
  let what: string;
  switch (o.freq) {
    case RRule.DAILY:
      what = ko ? (interval > 1 ? `${interval}일마다` : '매일') : interval > 1 ? `every ${interval} days` : 'every day';
      break;
    case RRule.WEEKLY:
      if (ko) what = `${interval > 1 ? `${interval}주마다` : '매주'}${days.length ? ` ${dayList}` : ''}`;
      else
        what =
          interval > 1
            ? `every ${interval} weeks${days.length ? ` on ${dayList}` : ''}`
            : days.length
              ? `every ${dayList}`
              : 'every week';
      break;
    case RRule.MONTHLY:
      what = ko
        ? interval > 1
          ? `${interval}개월마다`
          : '매월'
        : interval > 1
          ? `every ${interval} months`
          : 'every month';
      break;
    case RRule.YEARLY:
      what = ko
        ? interval > 1
          ? `${interval}년마다`
          : '매년'
        : interval > 1
          ? `every ${interval} years`
          : 'every year';
      break;
    default:
      return ko ? '반복' : 'repeating';
  }
  const parts = [what];
  if (o.until) {
    const until = o.until.toISOString().slice(0, 10);
    parts.push(ko ? `, ${untilWords(locale, until, year)}` : ` ${untilWords(locale, until, year)}`);
  } else if (o.count) {
    parts.push(ko ? `, ${o.count}회` : `, ${o.count} ${o.count === 1 ? 'time' : 'times'}`);
  }
  return parts.join('');
}
