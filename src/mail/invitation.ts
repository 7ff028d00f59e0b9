import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { BookingListItem } from '../bookings/list-repository.js';
import { type Locale, translate } from '../i18n/index.js';

/**
 * One booking as an iTIP message (RFC 5546): METHOD:REQUEST when it is made or changed,
 * METHOD:CANCEL when cancelled. The UID is the one the calendar feed uses
 * (`booking-{id}@{host of PUBLIC_URL}`), and SEQUENCE is the count of changes when the mail
 * was written, so a calendar replaces the older invitation with the newer.
 */
export function bookingInvitation(
  item: BookingListItem,
  options: {
    method: 'REQUEST' | 'CANCEL';
    sequence: number;
    stamp: Date;
    locale: Locale;
    publicUrl: string;
    organizer: { name: string; email: string };
    attendee: string;
  },
): string {
  const { locale, publicUrl } = options;
  const host = new URL(publicUrl).hostname;
  const center = locale === 'en' ? item.centerNameEn : item.centerName;
  const zone = locale === 'en' ? item.zoneNameEn : item.zoneName;
  const cal = ical({
    prodId: {
      company: 'Seoul Metropolitan Government',
      product: 'Smart Work Seoul',
      language: locale === 'ko' ? 'KO' : 'EN',
    },
    method: options.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: `booking-${item.id}@${host}`,
    start: item.startsAt,
    end: item.endsAt,
    stamp: options.stamp,
    sequence: options.sequence,
    summary: translate(locale, 'calendar.summary', { center, desk: item.deskLabel }),
    location: `${center} · ${zone} · ${item.deskLabel}`,
    status: options.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    url: `${publicUrl}/bookings#booking-${item.id}`,
    organizer: options.organizer,
    attendees: [
      {
        email: options.attendee,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      },
    ],
  });
  return cal.toString();
}
