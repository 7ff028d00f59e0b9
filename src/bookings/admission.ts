import { heldFromPerson } from '../accessibility/needs.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import type { DeskContext } from '../centers/repository.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { civilianMayBook } from '../partners/civilians.js';
import { fitsQuota, quotaLimit } from '../partners/rules.js';
import { withinWeeklyQuota } from '../programmes/rules.js';
import { formatMinute, seoulDate, seoulMinuteOfDay, toSeoulIso } from '../time/seoul.js';
import type { BookRequest } from './book.js';
import type { AdmissionFacts } from './facts.js';
import { closureOn, fitsWeeklyLimit, modeOf } from './policy.js';
import { bookingInstants, checkBookingTimes, modeRanges, type TimeRule } from './rules.js';

// The admission rules of the one booking path (src/bookings/book.ts): which rules there are, in
// which order, who is exempt from which, and the pure check of a request against the facts.

/** Every way a booking comes into being. Each calls `book` once per booking. */
export type BookingSource = 'form' | 'api' | 'series' | 'waitlist' | 'plan' | 'walk_in' | 'move';

/** The rules, named, in the one order they are checked; the exclusion constraints settle overlaps last. */
export const ADMISSION_ORDER = [
  'desk',
  'zone',
  'civilian',
  'programmeDesk',
  'past',
  'horizon',
  'closure',
  'hours',
  'mode',
  'weekly',
  'programmeQuota',
  'noShowHold',
  'heldForNeeds',
  'leave',
  'partnerQuota',
  'room',
  'overlap',
] as const satisfies readonly (TimeRule | string)[];
export type AdmissionRule = (typeof ADMISSION_ORDER)[number];

/**
 * Where a source is exempt from a rule, and why. This table is the only place a rule is
 * skipped: every source runs every other rule, in ADMISSION_ORDER.
 */
export const EXEMPTIONS: Readonly<Record<BookingSource, Partial<Record<AdmissionRule, string>>>> = {
  form: {},
  api: {},
  series: {},
  waitlist: {},
  plan: {},
  walk_in: {
    mode: 'A walk-in starts at the minute of arrival and runs to closing or the next booking, so it fits no block or step.',
  },
  move: {
    past: 'An operator moving a booking that is under way keeps its start.',
    horizon: 'The booking was admitted when it was made; moving it to another desk does not move it in time.',
    mode: 'An operator move keeps the original times.',
    weekly: 'The hours were counted when the booking was made, and a move keeps them.',
    programmeQuota: 'The day was counted against the programme quota when the booking was made; a move keeps it.',
    noShowHold: 'The person already holds this booking; a later hold does not take it away.',
    leave: 'Leave recorded after booking cancels the booking itself; a move does not re-check it.',
    civilian: 'An operator moving a booking the person already holds at this center.',
    room: 'A moved room booking keeps its title and attendees.',
  },
};

export const exempt = (source: BookingSource, rule: AdmissionRule) => rule in EXEMPTIONS[source];

/**
 * The rules, in ADMISSION_ORDER, as one pure function of the facts: throws the first refusal
 * as a DomainError. Room details and overlaps, which need the database, follow in `admit`.
 */
export function checkAdmission(
  facts: AdmissionFacts,
  resource: { desk: DeskContext['desk']; zone: DeskContext['zone'] },
  req: Pick<BookRequest, 'source' | 'date' | 'start' | 'end'>,
): { startsAt: Date; endsAt: Date } {
  const { desk, zone } = resource;
  const { policy, person, now } = facts;
  // desk
  if (!desk.active || (desk.outOfService && !exempt(req.source, 'desk'))) {
    throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  }
  // zone
  if (!mayUseZone(person, zone, facts.partnerQuota !== undefined))
    throw new ForbiddenError('booking.error.zoneNotAllowed', {}, 'deskId');
  // civilian: a civilian books only where the center's operating organisation approved them
  if (facts.civilian && !exempt(req.source, 'civilian') && !civilianMayBook(facts.civilian)) {
    throw new ForbiddenError(
      facts.civilian.status === 'requested' ? 'booking.error.civilianPending' : 'booking.error.civilianNotApproved',
      {},
      'deskId',
    );
  }
  // programmeDesk: a desk a pilot programme reserves is for that programme's participants
  const reservedBy = facts.programmes.reserved.get(desk.id);
  const myReserving = reservedBy?.filter((id) => facts.programmes.mine.has(id)) ?? [];
  if (reservedBy && myReserving.length === 0 && !exempt(req.source, 'programmeDesk')) {
    throw new ForbiddenError('programme.error.reservedDesk', {}, 'deskId');
  }
  // past, horizon, closure, hours, mode: the pure time rules
  const mode = modeOf(policy, desk);
  const timeErrors = checkBookingTimes(req, {
    now,
    policy,
    hoursOnDate: (date) => hoursOn(facts.center.hours, date),
    closureOnDate: (date) => closureOn(facts.closures, date),
    mode,
    exempt: new Set((['past', 'horizon', 'closure', 'hours', 'mode'] as const).filter((r) => exempt(req.source, r))),
  });
  if (Object.keys(timeErrors).length > 0 || req.start === undefined || req.end === undefined) {
    const modeError = timeErrors.start?.key.startsWith('booking.error.mode.') ? timeErrors.start : undefined;
    const hours = hoursOn(facts.center.hours, req.date);
    const blocks = hours ? modeRanges(mode, hours) : undefined;
    // The blocks this resource is booked in, so a client can pick one without guessing.
    if (modeError && blocks)
      modeError.params = {
        ...modeError.params,
        blocks: blocks.map((b) => `${formatMinute(b.start)}-${formatMinute(b.end)}`).join(','),
      };
    throw new ValidationError(timeErrors);
  }
  const { startsAt, endsAt } = bookingInstants(req.date, { start: req.start, end: req.end });
  const holdsDesk = desk.kind === 'desk';
  // weekly: desk hours only (a nursing room or a meeting is not a working place)
  if (holdsDesk && !exempt(req.source, 'weekly') && !fitsWeeklyLimit(facts.weekMinutes, req.end - req.start, policy)) {
    throw new ValidationError({
      end: {
        key: 'booking.error.weeklyLimit',
        params: {
          hours: policy.maxWeekMinutes / 60,
          left: Math.max(0, policy.maxWeekMinutes - facts.weekMinutes) / 60,
        },
      },
    });
  }
  // programmeQuota: reserved desks on at most the programme's number of days a week
  if (
    reservedBy &&
    myReserving.length > 0 &&
    !exempt(req.source, 'programmeQuota') &&
    !myReserving.some((id) => {
      const mine = facts.programmes.mine.get(id)!;
      return withinWeeklyQuota(mine.quota, mine.daysHeld, req.date);
    })
  ) {
    const quota = Math.max(...myReserving.map((id) => facts.programmes.mine.get(id)!.quota ?? 0));
    throw new ValidationError({ date: { key: 'programme.error.quota', params: { days: quota } } });
  }
  // noShowHold: stops booking ahead, never booking today
  if (req.date !== facts.today && facts.ban && !exempt(req.source, 'noShowHold')) {
    throw new ForbiddenError('booking.error.banned', { until: seoulDate(facts.ban.endsAt) }, 'date');
  }
  // heldForNeeds: accessible desks and nursing rooms wait for the people who need them
  const hold = heldFromPerson(desk, facts.needs, startsAt, now, policy.priorityReleaseHours);
  if (hold.held && !exempt(req.source, 'heldForNeeds')) {
    throw new ForbiddenError(
      'booking.error.heldForNeeds',
      {
        from: `${seoulDate(hold.releasesAt)} ${formatMinute(seoulMinuteOfDay(hold.releasesAt))}`,
        releasesAt: toSeoulIso(hold.releasesAt),
      },
      'deskId',
    );
  }
  // leave: a day of leave or a business trip is not a day at a center
  if (holdsDesk && facts.onLeave && !exempt(req.source, 'leave')) {
    throw new ValidationError({ date: { key: 'booking.error.onLeave' } });
  }
  // partnerQuota: a partner's staff hold at most its share of the center's desks that day
  if (
    holdsDesk &&
    facts.partnerQuota &&
    !exempt(req.source, 'partnerQuota') &&
    !fitsQuota(facts.partnerQuota, desk.id)
  ) {
    const q = facts.partnerQuota;
    throw new ForbiddenError(
      'booking.error.partnerQuota',
      { percent: q.percent, limit: quotaLimit(q.percent, q.bookableDesks), date: req.date },
      'deskId',
    );
  }
  return { startsAt, endsAt };
}
