import ical, { ICalEventStatus } from 'ical-generator';
import type { BookingListItem } from '../bookings/list-repository.js';
import { type Locale, translate } from '../i18n/index.js';

const STATUS: Record<string, ICalEventStatus> = {
  booked: ICalEventStatus.CONFIRMED,
  checked_in: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
  no_show: ICalEventStatus.CANCELLED,
};

/**
 * Bookings as an iCalendar (RFC 5545) document. Times are written in UTC, which every calendar
 * shows in its own zone; cancelled bookings stay in with STATUS:CANCELLED so that subscribed
 * calendars remove them instead of keeping a stale copy.
 */
export function bookingsCalendar(
  items: readonly BookingListItem[],
  locale: Locale,
  publicUrl: string,
  stamps: ReadonlyMap<number, { sequence: number; at: Date }> = new Map(),
): string {
  // UIDs and links come from the configured address, never from a request's Host header.
  const host = new URL(publicUrl).hostname;
  const cal = ical({
    name: translate(locale, 'calendar.name'),
    prodId: {
      company: 'Seoul Metropolitan Government',
      product: 'Smart Work Seoul',
      language: locale === 'ko' ? 'KO' : 'EN',
    },
    ttl: 15 * 60,
  });
  for (const b of items) {
    const center = locale === 'en' ? b.centerNameEn : b.centerName;
    const zone = locale === 'en' ? b.zoneNameEn : b.zoneName;
    cal.createEvent({
      id: `booking-${b.id}@${host}`,
      start: b.startsAt,
      end: b.endsAt,
      // Every change (moved, cancelled, checked in) raises SEQUENCE and DTSTAMP, so calendars replace the event.
      stamp: stamps.get(b.id)?.at ?? b.createdAt,
      sequence: stamps.get(b.id)?.sequence ?? 0,
      summary: translate(locale, 'calendar.summary', { center, desk: b.deskLabel }),
      location: `${center} · ${zone} · ${b.deskLabel}`,
      description: translate(locale, `status.${b.status}`),
      status: STATUS[b.status] ?? ICalEventStatus.CONFIRMED,
      url: `${publicUrl}/bookings#booking-${b.id}`,
    });
  }
  // Occurrences of a repeating booking name their series (RFC 5545 RELATED-TO, which
  // ical-generator does not write), so calendars can show them as one.
  let text = cal.toString();
  for (const b of items) {
    if (b.seriesId === null) continue;
    text = text.replace(
      `UID:booking-${b.id}@${host}\r\n`,
      `UID:booking-${b.id}@${host}\r\nRELATED-TO:series-${b.seriesId}@${host}\r\n`,
    );
  }
  return text;
}
