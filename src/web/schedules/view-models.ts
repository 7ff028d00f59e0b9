import type { Request } from 'express';
import type { Message } from '../../errors.js';
import type { PlanDay, Whereabouts } from '../../schedules/rules.js';
import type { PlanCheck } from '../../schedules/service.js';
import { formatMinute, seoulDate, seoulMinuteOfDay } from '../../time/seoul.js';
import { pick } from '../localise.js';

/** Turns flexible-work rows into display strings in the page's language. */

const tr = (req: Request, m: Message) => req.t(m.key, m.params);
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** An instant as a person in Seoul reads it, whatever the server's zone: 2026-12-01 09:10. */
export function seoulStamp(at: Date): string {
  return `${seoulDate(at)} ${formatMinute(seoulMinuteOfDay(at))}`;
}

/** Every broken rule of a plan, in plain words, each day's prefixed with its weekday. */
export function problemsOf(req: Request, check: PlanCheck): string[] {
  return [
    ...Object.values(check.period).map((m) => tr(req, m!)),
    ...Object.values(check.plan).map((m) => tr(req, m!)),
    ...Object.entries(check.week.errors).flatMap(([w, ms]) =>
      (ms ?? []).map((m) => `${w === 'week' ? '' : `${req.t(`weekday.${w}`)}: `}${tr(req, m)}`),
    ),
  ];
}

/** Holidays on working days, each credited with the day's hours: "2026-12-25 성탄절: 8시간 인정". */
export function holidayLines(req: Request, check: PlanCheck): string[] {
  return check.holidays.map((h) =>
    req.t('schedule.holidayCredit', {
      date: h.date,
      reason: pick(req.locale, h.reason, h.reasonEn),
      hours: hours(h.minutes),
    }),
  );
}

export function patternRows(req: Request, pattern: readonly PlanDay[]) {
  return pattern.map((d) => ({
    day: req.t(`weekday.${d.weekday}`),
    type: req.t(`schedule.type.${d.type}`),
    place: d.remote
      ? `${req.t(`schedule.place.${d.place}`)} + ${req.t(`schedule.place.${d.remote.place}`)} ${formatMinute(d.remote.start)}–${formatMinute(d.remote.end)}`
      : req.t(`schedule.place.${d.place}`),
    time: d.type === 'discretionary' ? '' : `${formatMinute(d.start)}–${formatMinute(d.end)}`,
  }));
}

/** One cell of the team calendar. */
export function whereCell(
  req: Request,
  w: Whereabouts,
  centers: readonly { id: number; name: string; nameEn: string }[],
  closed: { reason: string; reasonEn: string } | undefined,
) {
  const center = w.centerId ? centers.find((c) => c.id === w.centerId) : undefined;
  const text =
    w.kind === 'holiday' && closed
      ? pick(req.locale, closed.reason, closed.reasonEn)
      : center
        ? `${pick(req.locale, center.name, center.nameEn)}${w.kind === 'closed' ? ` (${req.t('calendarTeam.closed')})` : ''}`
        : req.t(`calendarTeam.${w.kind}`);
  return {
    kind: w.kind,
    text,
    actual: w.actual ? req.t('calendarTeam.checkedIn') : '',
    time:
      w.start !== undefined && w.end !== undefined && w.end > w.start
        ? `${formatMinute(w.start)}–${formatMinute(w.end)}`
        : '',
    remote: w.remote
      ? `${req.t(`schedule.place.${w.remote.place}`)} ${formatMinute(w.remote.start)}–${formatMinute(w.remote.end)}`
      : '',
  };
}
