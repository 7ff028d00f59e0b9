import { z } from 'zod';
import { isDateString, MAX_DATE, MIN_DATE } from '../time/seoul.js';
import { idNumber, isSupportedInstant, monthText } from '../validation/input.js';

/**
 * The API's contract, in zod: requests are validated with these schemas, and the OpenAPI
 * document (/api/v1/openapi.json) is generated from the same objects.
 */
export const apiRegistry = z.registry<{ id: string }>();

const id = z.number().int().positive();
// Responses carry these; requests are checked against the supported range as well (src/validation/input.ts).
const dateTime = z.iso
  .datetime({ offset: true })
  .describe('RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00');
const localDate = z.iso.date().describe('A calendar date in Asia/Seoul, YYYY-MM-DD');
const dateTimeIn = dateTime
  .refine(isSupportedInstant, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00, from ${MIN_DATE} to ${MAX_DATE}`);
const localDateIn = localDate
  .refine(isDateString, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`A calendar date in Asia/Seoul, YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}`);
const hhmm = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .describe('Local time in Asia/Seoul, HH:MM');

export const Problem = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .register(apiRegistry, { id: 'Problem' });

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

export const Room = z
  .object({
    id,
    label: z.string(),
    kind: z.enum(['meeting_room', 'phone_booth', 'nursing_room']),
    capacity: z.number().int(),
    features: z.array(z.string()),
  })
  .register(apiRegistry, { id: 'Room' });

export const CenterDetail = Center.extend({ zones: z.array(Zone), rooms: z.array(Room) }).register(apiRegistry, {
  id: 'CenterDetail',
});

export const Desk = z
  .object({
    id,
    label: z.string(),
    zone: z.object({ id, code: z.string(), name: z.string(), nameEn: z.string() }),
    features: z.array(z.string()),
  })
  .register(apiRegistry, { id: 'Desk' });

export const TimeRange = z.object({ start: dateTime, end: dateTime }).register(apiRegistry, { id: 'TimeRange' });

export const Availability = z
  .object({
    centerId: id,
    date: localDate,
    open: TimeRange.nullable().describe('Opening hours that day; null when closed'),
    data: z.array(z.object({ deskId: id, label: z.string(), zoneId: id, free: z.array(TimeRange) })),
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

export const TokenRequest = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(1000),
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "my calendar script"'),
  })
  .strict()
  .register(apiRegistry, { id: 'TokenRequest' });

export const TokenCreated = z
  .object({
    token: z.string().describe('Shown once; send as Authorization: Bearer <token>'),
    id,
    name: z.string(),
    expiresAt: dateTime,
  })
  .register(apiRegistry, { id: 'TokenCreated' });

export const Me = z
  .object({
    id,
    username: z.string(),
    displayName: z.string(),
    displayNameEn: z.string(),
    role: z.enum(['employee', 'manager', 'operator', 'admin']),
    organisation: z.object({ name: z.string(), nameEn: z.string(), kind: z.enum(['public', 'private']) }),
  })
  .register(apiRegistry, { id: 'Me' });

export const Booking = z
  .object({
    id,
    deskId: id,
    deskLabel: z.string(),
    centerId: id,
    centerName: z.string(),
    start: dateTime,
    end: dateTime,
    status: z.enum(['booked', 'checked_in', 'completed', 'cancelled', 'no_show']),
  })
  .register(apiRegistry, { id: 'Booking' });

export const BookingRequest = z
  .object({
    deskId: idNumber,
    start: dateTimeIn,
    end: dateTimeIn,
  })
  .strict()
  .register(apiRegistry, { id: 'BookingRequest' });

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item) }).register(apiRegistry, { id: name });
export const CenterList = listOf(Center, 'CenterList');
export const DeskList = listOf(Desk, 'DeskList');
export const BookingList = listOf(Booking, 'BookingList');

// Query strings (all values arrive as text).
export const AvailabilityQuery = z.object({ date: localDateIn.optional().describe('Defaults to today in Seoul') });
export const OccupancyQuery = z.object({
  from: dateTimeIn.optional().describe('Start of a series (with `to`); omit both for the occupancy now'),
  to: dateTimeIn.optional(),
  interval: z.literal('hour').optional(),
});
export const MyBookingsQuery = z.object({
  from: dateTimeIn.optional().describe('Bookings ending after this instant; defaults to now'),
  to: dateTimeIn.optional().describe('Bookings starting before this instant; defaults to 14 days after `from`'),
});
export const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .refine((m) => monthText.safeParse(m).success, { message: 'a supported month' })
    .describe(`YYYY-MM, from ${MIN_DATE.slice(0, 7)} to ${MAX_DATE.slice(0, 7)}`),
});
