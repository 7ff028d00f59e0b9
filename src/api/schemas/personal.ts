/** The personal API: tokens, who you are, bookings and repeating bookings. */
import { z } from 'zod';
import { idNumber, text } from '../../validation/input.js';
import { apiRegistry, dateTime, dateTimeIn, hhmm, id, localDate } from './base.js';
import { ResourceKind, TimeRange } from './centers.js';

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
    bookingRights: z
      .object({
        zones: z
          .enum(['public', 'partner'])
          .describe('public: every zone that is not a partner’s; partner: only your organisation’s partner zones'),
        extraHorizonDays: z.number().int().describe('Days added to every center’s horizon by your pilot programmes'),
        hold: z
          .object({ until: localDate, sameDayOnly: z.literal(true) })
          .nullable()
          .describe('A no-show hold: until then you can book only for today'),
        week: z.object({ from: localDate, to: localDate, deskHoursUsed: z.number() }),
        centers: z.array(
          z.object({
            centerId: id,
            horizonEnds: localDate.describe('The last date you can book at this center now'),
            maxWeekHours: z.number(),
            hoursLeftThisWeek: z.number(),
          }),
        ),
      })
      .describe('What you may book, by the same rules POST /bookings applies'),
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
    kind: ResourceKind,
    title: z.string().nullable().describe('A meeting room booking’s title'),
    attendees: z.array(z.string()).describe('Usernames invited to a meeting room'),
    role: z
      .enum(['organiser', 'attendee', 'booked_for_me'])
      .describe('You made it; you are invited to it; or your manager booked it for you'),
    seriesId: z.number().int().nullable().describe('The repeating booking this is an occurrence of'),
  })
  .register(apiRegistry, { id: 'Booking' });

export const BookingRequest = z
  .object({
    deskId: idNumber,
    start: dateTimeIn,
    end: dateTimeIn,
    title: text(120).optional().describe('Meeting rooms: required; what the meeting is'),
    attendees: z
      .array(text(100))
      .max(50)
      .optional()
      .describe('Meeting rooms: usernames of the people invited (the room’s capacity counts you too)'),
  })
  .strict()
  .register(apiRegistry, { id: 'BookingRequest' });

export const BookingChange = z
  .object({
    deskId: z
      .number()
      .int()
      .positive()
      .max(2_147_483_647)
      .optional()
      .describe('Another desk; defaults to the same one'),
    start: dateTimeIn,
    end: dateTimeIn,
  })
  .strict()
  .register(apiRegistry, { id: 'BookingChange' });

export const SeriesRequestBody = z
  .object({
    deskId: z.number().int().positive().max(2_147_483_647),
    start: dateTimeIn.describe('The first occurrence’s start'),
    end: dateTimeIn.describe('The first occurrence’s end (same day)'),
    rrule: z
      .string()
      .min(1)
      .max(300)
      .describe(
        'An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T235959Z. At most daily, 92 days and 200 occurrences; each occurrence must also be within your horizon',
      ),
    dryRun: z.boolean().optional().describe('Only say which occurrences would be booked, and why not the others'),
  })
  .strict()
  .register(apiRegistry, { id: 'SeriesRequest' });

const SeriesRefusal = z.object({ date: localDate, type: z.string(), detail: z.string() });

export const SeriesPreview = z
  .object({ dryRun: z.literal(true), bookable: z.array(TimeRange), refused: z.array(SeriesRefusal) })
  .register(apiRegistry, { id: 'SeriesPreview' });

export const SeriesCreated = z
  .object({ id, booked: z.array(TimeRange), refused: z.array(SeriesRefusal) })
  .register(apiRegistry, { id: 'SeriesCreated' });

export const Series = z
  .object({
    id,
    deskId: id,
    rrule: z.string(),
    firstDate: localDate,
    untilDate: localDate,
    start: hhmm,
    end: hhmm,
    cancelled: z.boolean(),
    occurrences: z.array(Booking),
  })
  .register(apiRegistry, { id: 'Series' });
