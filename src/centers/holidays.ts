import { z } from 'zod';
import { isDateString } from '../time/seoul.js';
import raw from './holidays-kr-2026-2027.json' with { type: 'json' };

/**
 * Public holidays of Korea (관공서의 공휴일에 관한 규정): every day, weekends included, and the
 * substitute holidays. The list is data (a JSON file beside this one), with its source and what is uncertain;
 * this module only reads and checks it (src/centers/holidays-kr-2026-2027.json). Temporary holidays (임시공휴일) and other days every
 * center closes are network-wide closures, added by an administrator in the app.
 */
const holidayFile = z.object({
  source: z.string().min(1),
  note: z.string(),
  holidays: z.array(
    z.object({ date: z.string().refine(isDateString), name: z.string().min(1), nameEn: z.string().min(1) }),
  ),
});

export interface PublicHoliday {
  date: string;
  name: string;
  nameEn: string;
}

const file = holidayFile.parse(raw);

export const HOLIDAY_SOURCE = file.source;

/** The holidays by year, in date order. */
export const KOREAN_PUBLIC_HOLIDAYS: Readonly<Record<number, readonly PublicHoliday[]>> = Object.freeze(
  file.holidays
    .toSorted((a, b) => a.date.localeCompare(b.date))
    .reduce<Record<number, PublicHoliday[]>>((years, h) => {
      const year = Number(h.date.slice(0, 4));
      years[year] = [...(years[year] ?? []), h];
      return years;
    }, {}),
);

const byDate = new Map(file.holidays.map((h) => [h.date, h]));

/** The public holiday on a date, if there is one. */
export function publicHoliday(date: string): PublicHoliday | undefined {
  return byDate.get(date);
}

/** The public holidays in [from, to] (inclusive dates), in date order. */
export function publicHolidaysBetween(from: string, to: string): PublicHoliday[] {
  return Object.values(KOREAN_PUBLIC_HOLIDAYS)
    .flat()
    .filter((h) => from <= h.date && h.date <= to);
}
