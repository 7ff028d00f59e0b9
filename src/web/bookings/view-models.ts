import type { BookingListItem } from '../../bookings/list-repository.js';
import { canCancel, checkInWindow } from '../../bookings/rules.js';
import { type Locale, translate } from '../../i18n/index.js';
import { formatMinute, seoulDate, seoulMinuteOfDay } from '../../time/seoul.js';
import { pick } from '../localise.js';

export function bookingListItem(locale: Locale, b: BookingListItem, viewerId: number, now: Date) {
  const date = seoulDate(b.startsAt);
  const center = pick(locale, b.centerName, b.centerNameEn);
  const own = b.userId === viewerId;
  const cancellable = own && canCancel(b, now) === 'ok';
  return {
    id: b.id,
    date,
    time: `${formatMinute(seoulMinuteOfDay(b.startsAt))}–${formatMinute(seoulMinuteOfDay(b.endsAt) || 1440)}`,
    center,
    centerId: b.centerId,
    zone: pick(locale, b.zoneName, b.zoneNameEn),
    desk: b.deskLabel,
    kind: translate(locale, `kind.${b.deskKind}`),
    status: translate(locale, `status.${b.status}`),
    statusClass: b.status.replace('_', '-'),
    madeBy:
      b.createdById !== viewerId
        ? translate(locale, 'bookings.madeBy', { name: pick(locale, b.createdByName, b.createdByNameEn) })
        : undefined,
    cancellable,
    cancelLabel: translate(locale, 'bookings.cancelLabel', { date, center, desk: b.deskLabel }),
    canCheckIn: own && checkInWindow(b, now) === 'ok',
    checkedIn: own && b.status === 'checked_in' && b.endsAt > now,
    seriesId: own ? b.seriesId : null,
    icsLabel: translate(locale, 'calendar.addOneLabel', { date, center, desk: b.deskLabel }),
    checkOutLabel: translate(locale, 'checkin.checkOutLabel', { date, center, desk: b.deskLabel }),
    checkInLabel: translate(locale, 'bookings.checkInLabel', { date, center, desk: b.deskLabel }),
    upcoming: canCancel(b, now) === 'ok',
    title: b.title ?? undefined,
    invited: !own,
  };
}
