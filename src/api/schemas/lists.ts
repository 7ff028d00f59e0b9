/** List envelopes, and the query strings of the GET endpoints (all values arrive as text). */
import { z } from 'zod';
import { MAX_DATE, MIN_DATE } from '../../time/seoul.js';
import { monthText } from '../../validation/input.js';
import { apiRegistry, dateTimeIn, listOf, localDateIn } from './base.js';
import { Center, Desk } from './centers.js';
import { Booking } from './personal.js';

export const CenterList = listOf(Center, 'CenterList');
export const DeskList = listOf(Desk, 'DeskList');
export const BookingList = z
  .object({
    data: z.array(Booking),
    next: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .register(apiRegistry, { id: 'BookingList' });

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
  status: z
    .string()
    .regex(/^(booked|checked_in|completed|cancelled|no_show)(,(booked|checked_in|completed|cancelled|no_show))*$/)
    .optional()
    .describe('Comma-separated statuses, e.g. booked,checked_in'),
  centerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  kind: z.enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100 (default 50)'),
  cursor: z.string().max(200).optional().describe('The `next` value of the previous page'),
});
export const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .refine((m) => monthText.safeParse(m).success, { message: 'a supported month' })
    .describe(`YYYY-MM, from ${MIN_DATE.slice(0, 7)} to ${MAX_DATE.slice(0, 7)}`),
});
