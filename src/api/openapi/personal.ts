/** OpenAPI paths of the personal API: tokens, who you are, and your bookings. */
import { MyBookingsQuery } from '../schemas.js';
import {
  bearer,
  ics,
  idParam,
  json,
  none,
  notFoundBooking,
  personalTag,
  problem,
  queryParameters,
  rateLimited,
  unauthorized,
} from './shared.js';

/** A token, who it belongs to, your bookings, and booking a desk. */
export function accountPaths() {
  return {
    '/auth/tokens': {
      post: {
        tags: personalTag,
        summary: 'Create a personal API token with your username and password (shown once)',
        operationId: 'createToken',
        security: none,
        requestBody: { required: true, content: json('TokenRequest') },
        responses: {
          201: { description: 'The new token', content: json('TokenCreated') },
          400: problem('Malformed JSON'),
          401: problem('Wrong username or password'),
          422: problem('Invalid fields'),
          429: rateLimited,
        },
      },
    },
    '/me': {
      get: {
        tags: personalTag,
        summary: 'Who the token belongs to',
        operationId: 'getMe',
        security: bearer,
        responses: {
          200: { description: 'You, and what you may book', content: json('Me') },
          401: unauthorized,
          429: rateLimited,
        },
      },
    },
    '/me/bookings': {
      get: {
        tags: personalTag,
        summary:
          'Your bookings and the rooms you are invited to, overlapping a period (default: the next 14 days), with filters and cursor paging',
        operationId: 'listMyBookings',
        security: bearer,
        parameters: queryParameters(MyBookingsQuery),
        responses: {
          200: { description: 'Your bookings, oldest first, a page at a time', content: json('BookingList') },
          401: unauthorized,
          422: problem('Invalid query'),
          429: rateLimited,
        },
      },
    },
    '/bookings': {
      post: {
        tags: personalTag,
        summary: 'Book a desk (same rules as the web form); send Idempotency-Key to retry safely',
        operationId: 'createBooking',
        security: bearer,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Any unique string (up to 200 visible ASCII characters); a retry with the same key and body returns the first response',
            schema: { type: 'string', maxLength: 200 },
          },
        ],
        requestBody: { required: true, content: json('BookingRequest') },
        responses: {
          201: {
            description: 'Booked',
            headers: { Location: { schema: { type: 'string' }, description: 'The booking' } },
            content: json('Booking'),
          },
          400: problem('Malformed JSON'),
          401: unauthorized,
          403: problem(
            'zone-not-allowed, held-for-needs, no-show-hold, partner-quota or civilian-not-approved (see `type`)',
          ),
          409: problem('desk-taken or own-overlap; or the same Idempotency-Key is still being processed'),
          413: problem('Body too large'),
          422: problem('A rule is broken: see `type` (beyond-horizon, closed, outside-block…) and `errors`'),
          429: rateLimited,
        },
      },
    },
  };
}

/** One booking: as iCalendar, check-in, check-out, change and cancel; and your calendar feed. */
export function bookingPaths() {
  return {
    '/bookings/{id}.ics': {
      get: {
        tags: personalTag,
        summary: 'One of your bookings as iCalendar (UID stable, SEQUENCE rises with every change)',
        operationId: 'getBookingIcs',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'iCalendar', content: ics },
          401: unauthorized,
          404: notFoundBooking,
          429: rateLimited,
        },
      },
    },
    '/bookings/{id}/check-in': {
      post: {
        tags: personalTag,
        summary: "Check in to your booking within the center's check-in window",
        operationId: 'checkIn',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'Checked in', content: json('Booking') },
          401: unauthorized,
          404: notFoundBooking,
          409: problem('Too early, too late, or not waiting for check-in'),
          429: rateLimited,
        },
      },
    },
    '/bookings/{id}/check-out': {
      post: {
        tags: personalTag,
        summary: 'Leave early: the booking ends now and the rest of its time is free',
        operationId: 'checkOut',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'Checked out', content: json('Booking') },
          401: unauthorized,
          404: notFoundBooking,
          409: problem('Not checked in'),
          429: rateLimited,
        },
      },
    },
    '/me/calendar.ics': {
      get: {
        tags: personalTag,
        summary: 'Your bookings from 30 days ago to 120 days ahead as an iCalendar feed',
        operationId: 'getMyCalendar',
        security: bearer,
        responses: { 200: { description: 'iCalendar', content: ics }, 401: unauthorized, 429: rateLimited },
      },
    },
    '/bookings/{id}': {
      get: {
        tags: personalTag,
        summary: 'One of your bookings, or a room you are invited to (what the Location of a new booking names)',
        operationId: 'getBooking',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'The booking', content: json('Booking') },
          401: unauthorized,
          404: notFoundBooking,
          429: rateLimited,
        },
      },
      patch: {
        tags: personalTag,
        summary:
          'Move or shorten one of your bookings (same rules as booking; the old slot stays if the new one is refused)',
        operationId: 'changeBooking',
        security: bearer,
        parameters: [idParam],
        requestBody: { required: true, content: json('BookingChange') },
        responses: {
          200: { description: 'Changed', content: json('Booking') },
          400: problem('Malformed JSON'),
          401: unauthorized,
          403: problem(
            'zone-not-allowed, held-for-needs, no-show-hold, partner-quota or civilian-not-approved (see `type`)',
          ),
          404: notFoundBooking,
          409: problem('desk-taken, own-overlap, or the booking is over or cancelled'),
          413: problem('Body too large'),
          422: problem('A rule is broken: see `type` and `errors`'),
          429: rateLimited,
        },
      },
      delete: {
        tags: personalTag,
        summary: 'Cancel one of your bookings',
        operationId: 'cancelBooking',
        security: bearer,
        parameters: [idParam],
        responses: {
          204: { description: 'Cancelled' },
          401: unauthorized,
          404: notFoundBooking,
          409: problem('Already cancelled, or over'),
          429: rateLimited,
        },
      },
    },
  };
}
