import { formatMinute, seoulDate, seoulMinuteOfDay } from '../time/seoul.js';

/** The when of a booking, for notices. */
export function noticeParams(b: { startsAt: Date; endsAt: Date }) {
  return {
    date: seoulDate(b.startsAt),
    start: formatMinute(seoulMinuteOfDay(b.startsAt)),
    end: formatMinute(seoulMinuteOfDay(b.endsAt) || 1440),
  };
}
