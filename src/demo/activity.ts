import { bookingInstants, presetRange } from '../bookings/rules.js';
import { publicHoliday } from '../centers/holidays.js';
import { type DayHours, hoursOn } from '../centers/hours.js';
import { addDaysToDate, seoulDate } from '../time/seoul.js';

const SURNAMES = [
  ['김', 'Kim'],
  ['이', 'Lee'],
  ['박', 'Park'],
  ['최', 'Choi'],
  ['정', 'Jung'],
  ['강', 'Kang'],
  ['조', 'Cho'],
  ['윤', 'Yoon'],
  ['장', 'Jang'],
  ['임', 'Lim'],
  ['한', 'Han'],
  ['오', 'Oh'],
  ['서', 'Seo'],
  ['신', 'Shin'],
] as const;
const GIVEN = [
  ['민서', 'Minseo'],
  ['서준', 'Seojun'],
  ['지우', 'Jiwoo'],
  ['하준', 'Hajun'],
  ['서연', 'Seoyeon'],
  ['도윤', 'Doyun'],
  ['지호', 'Jiho'],
  ['수아', 'Sua'],
  ['예준', 'Yejun'],
  ['지민', 'Jimin'],
  ['하은', 'Haeun'],
  ['시우', 'Siwoo'],
  ['유진', 'Yujin'],
  ['준서', 'Junseo'],
  ['채원', 'Chaewon'],
  ['현우', 'Hyunwoo'],
  ['다은', 'Daeun'],
  ['건우', 'Gunwoo'],
] as const;

export interface Colleague {
  username: string;
  displayName: string;
  displayNameEn: string;
  organisation: string;
}

/** Colleagues who use the centers in the demo: public staff from three bodies and partner staff. */
export function demoColleagues(count: number, partnerOrgs: readonly string[]): Colleague[] {
  return Array.from({ length: count }, (_, i) => {
    const [sk, se] = SURNAMES[(i * 7) % SURNAMES.length]!;
    const [gk, ge] = GIVEN[(i * 5 + Math.floor(i / SURNAMES.length)) % GIVEN.length]!;
    const partner = i % 10 === 9 ? partnerOrgs[Math.floor(i / 10) % partnerOrgs.length] : undefined;
    return {
      username: `staff${String(i + 1).padStart(2, '0')}`,
      displayName: `${sk}${gk}`,
      displayNameEn: `${se} ${ge}`,
      organisation: partner ?? (i % 5 === 3 ? 'mois' : i % 7 === 5 ? 'sdf' : 'seoul'),
    };
  });
}

export interface ActivityCenter {
  hours: DayHours[];
  /** Desk ids by zone key; partner zones are booked only by their partner's staff. */
  deskIds: Record<string, number[]>;
  partner?: string;
}

export interface ActivityBooking {
  deskId: number;
  userId: number;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';
  checkedInAt: Date | null;
}

/** A small deterministic generator, so every demo starts with the same history. */
function random(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * Two weeks of past use and the coming week's bookings, so that the history, open data,
 * the boards and the displays show a living service from the first start. Each colleague
 * books at most one desk a day and each desk is booked once a day: nothing can overlap.
 */
export function demoActivity(
  centers: readonly ActivityCenter[],
  colleagues: readonly { id: number; organisation: string }[],
  now: Date,
  /** Desks already booked by someone on a date, as `${deskId}@${date}`: left alone. */
  taken: ReadonlySet<string> = new Set(),
  pastDays = 14,
  futureDays = 6,
): ActivityBooking[] {
  const rand = random(20261201);
  const today = seoulDate(now);
  const out: ActivityBooking[] = [];
  for (let d = -pastDays; d <= futureDays; d++) {
    const date = addDaysToDate(today, d);
    const free = [...colleagues].sort(() => rand() - 0.5);
    for (const center of centers) {
      const hours = hoursOn(center.hours, date);
      // Nobody worked at a center on a public holiday: the demo's history must not say so.
      if (!hours || publicHoliday(date)) continue;
      // Busier in the past fortnight than far ahead: people book a few days in advance.
      const share = d < 0 ? 0.35 : d === 0 ? 0.3 : Math.max(0.05, 0.25 - d * 0.04);
      for (const [zone, ids] of Object.entries(center.deskIds)) {
        const wanted = Math.round(ids.length * share * (0.6 + rand() * 0.8));
        for (const deskId of ids.filter((id) => !taken.has(`${id}@${date}`)).slice(0, wanted)) {
          const index = free.findIndex((c) =>
            zone === 'partner'
              ? c.organisation === center.partner
              : !['hangang-data', 'nuri-cloud'].includes(c.organisation),
          );
          if (index < 0) break;
          const [person] = free.splice(index, 1);
          const preset = (['day', 'morning', 'afternoon', 'day'] as const)[Math.floor(rand() * 4)]!;
          const range = presetRange(preset, hours);
          if (!person || !range) continue;
          const { startsAt, endsAt } = bookingInstants(date, range);
          const roll = rand();
          let status: ActivityBooking['status'] = 'booked';
          if (endsAt <= now) status = roll < 0.1 ? 'no_show' : roll < 0.18 ? 'cancelled' : 'completed';
          else if (startsAt <= now) status = 'checked_in';
          const checkedInAt =
            status === 'completed' || status === 'checked_in'
              ? new Date(startsAt.getTime() + Math.floor(rand() * 20) * 60_000)
              : null;
          out.push({ deskId, userId: person.id, startsAt, endsAt, status, checkedInAt });
        }
      }
    }
  }
  return out;
}
