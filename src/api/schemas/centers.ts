/** Open data: centers, zones, rooms, desks, their booking rules, availability and occupancy. */
import { z } from 'zod';
import { apiRegistry, dateTime, hhmm, id, localDate } from './base.js';

export const OpeningHours = z
  .object({ weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'), opens: hhmm, closes: hhmm })
  .register(apiRegistry, { id: 'OpeningHours' });

export const Center = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    district: z.string(),
    districtEn: z.string(),
    address: z.string(),
    addressEn: z.string(),
    lat: z.number(),
    lng: z.number(),
    openingHours: z.array(OpeningHours),
    capacity: z.number().int().describe('Bookable desks (rooms not included)'),
    features: z.array(z.string()).describe('Desk features and room kinds found at the center'),
  })
  .register(apiRegistry, { id: 'Center' });

export const Zone = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    network: z.enum(['government', 'internet']),
    partnerOnly: z.boolean().describe('Reserved for the staff of one private partner organisation'),
    deskCount: z.number().int(),
  })
  .register(apiRegistry, { id: 'Zone' });

export const ResourceKind = z
  .enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room'])
  .register(apiRegistry, { id: 'ResourceKind' });

export const Room = z
  .object({
    id,
    label: z.string(),
    kind: z.enum(['meeting_room', 'phone_booth', 'nursing_room']),
    capacity: z.number().int(),
    features: z.array(z.string()),
  })
  .register(apiRegistry, { id: 'Room' });

const BookingMode = z
  .enum(['free', 'half_day', 'whole_day', 'hourly'])
  .describe(
    'free: any range on the 30-minute steps; half_day: one of the blocks morning, afternoon or day; whole_day: the day block; hourly: whole hours',
  );

export const BookingRules = z
  .object({
    deskMode: BookingMode,
    roomMode: BookingMode,
    stepMinutes: z.number().int().describe('Bookings start and end on these steps (free mode)'),
    blocks: z
      .array(z.object({ name: z.enum(['morning', 'afternoon', 'day']), start: hhmm, end: hhmm }))
      .describe('The blocks of half_day and whole_day modes, clipped to the day’s opening hours'),
    minMinutes: z.number().int(),
    maxMinutes: z.number().int(),
    horizonDays: z
      .number()
      .int()
      .describe('How many days ahead anyone may book (pilot programmes may add days: see GET /me)'),
    maxWeekHours: z.number().describe('Desk hours a person may hold in one ISO week'),
    checkInBeforeMinutes: z.number().int(),
    checkInAfterMinutes: z.number().int().describe('A booking not checked in by then is released as a no-show'),
    heldReleaseHours: z
      .number()
      .int()
      .describe(
        'Accessible desks and nursing rooms are held for people who need them until this many hours before the slot',
      ),
    walkInsAllowed: z.boolean(),
  })
  .register(apiRegistry, { id: 'BookingRules' });

export const ClosureInfo = z
  .object({ reason: z.string(), kind: z.string(), from: localDate, to: localDate })
  .register(apiRegistry, { id: 'Closure' });

export const CenterDetail = Center.extend({
  zones: z.array(Zone),
  rooms: z.array(Room),
  bookingRules: BookingRules,
  closuresAhead: z.array(ClosureInfo).describe('Closures and public holidays in the next 90 days'),
}).register(apiRegistry, {
  id: 'CenterDetail',
});

export const Desk = z
  .object({
    id,
    label: z.string(),
    kind: ResourceKind,
    capacity: z.number().int(),
    zone: z.object({ id, code: z.string(), name: z.string(), nameEn: z.string(), partnerOnly: z.boolean() }),
    features: z.array(z.string()),
    bookingMode: BookingMode,
    outOfService: z.boolean(),
    heldFor: z
      .enum(['accessible', 'nursing'])
      .nullable()
      .describe('Held for people with that need until the center’s heldReleaseHours before each slot'),
  })
  .register(apiRegistry, { id: 'Desk' });

export const TimeRange = z.object({ start: dateTime, end: dateTime }).register(apiRegistry, { id: 'TimeRange' });

export const Availability = z
  .object({
    centerId: id,
    date: localDate,
    open: TimeRange.nullable().describe('Opening hours that day; null when closed'),
    closure: z
      .object({
        reason: z.string().describe('Why the center is closed, in the words the operator or the holiday list gives'),
        kind: z.string().describe('holiday, maintenance or other'),
        from: localDate,
        to: localDate,
      })
      .nullable()
      .describe(
        'Set when a closure or public holiday closes the center that day (then `open` is null and nothing is free)',
      ),
    data: z.array(
      z.object({
        deskId: id,
        label: z.string(),
        kind: ResourceKind,
        zoneId: id,
        free: z.array(TimeRange).describe('Time nobody holds, within opening hours'),
        bookable: z
          .array(TimeRange)
          .optional()
          .describe(
            'With a token only: ranges you can book exactly as given with POST /bookings (for block modes, the blocks themselves); every rule is already applied for you',
          ),
        notBookable: z
          .object({
            type: z.string().describe('The problem type a booking would get'),
            detail: z.string(),
            releasesAt: dateTime.optional(),
            horizonEnds: localDate.optional(),
            hoursLeft: z.number().optional(),
            blocks: z.array(z.string()).optional(),
            holdEndsOn: localDate.optional(),
          })
          .optional()
          .describe('With a token, when `bookable` is empty: why'),
      }),
    ),
  })
  .register(apiRegistry, { id: 'Availability' });

export const Occupancy = z
  .object({
    centerId: id,
    at: dateTime,
    capacity: z.number().int(),
    booked: z.number().int(),
    checkedIn: z.number().int(),
  })
  .register(apiRegistry, { id: 'Occupancy' });

export const OccupancySeries = z
  .object({
    centerId: id,
    from: dateTime,
    to: dateTime,
    interval: z.literal('hour'),
    capacity: z.number().int(),
    data: z.array(z.object({ at: dateTime, booked: z.number().int(), checkedIn: z.number().int() })),
  })
  .register(apiRegistry, { id: 'OccupancySeries' });
