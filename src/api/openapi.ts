import { z } from 'zod';
import {
  AvailabilityQuery,
  apiRegistry,
  MonthQuery,
  MyBookingsQuery,
  OccupancyQuery,
  TeamWeekQuery,
} from './schemas.js';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ 'application/json': { schema: ref(id) } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

type JsonSchema = Record<string, unknown>;
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = clean(z.toJSONSchema(field as z.ZodType, { io: 'input' }) as JsonSchema);
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      description: s.description,
      schema: s,
    };
  });
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const rateLimited = problem('Too many requests from this address (see the RateLimit headers)');
const bearer = [{ bearer: [] }];
/** Open data: no credentials (an explicit empty list, so linters and generators know). */
const none: never[] = [];
const unauthorized = problem('Missing, unknown, expired or revoked token');
const notFoundBooking = problem('No booking of yours with this id');
const ics = { 'text/calendar': { schema: { type: 'string' } } };
const publicTag = ['Open data'];
const personalTag = ['Personal'];
const plansTag = ['Flexible work'];

const objectJson = (properties: Record<string, unknown>, required: string[]) => ({
  'application/json': { schema: { type: 'object', properties, required } },
});
const dateTimeSchema = { type: 'string', format: 'date-time' };
const cancelledItem = {
  type: 'object',
  properties: { id: { type: 'integer' }, start: dateTimeSchema, end: dateTimeSchema },
  required: ['id', 'start', 'end'],
};
const absenceItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    kind: { type: 'string', enum: ['leave', 'business_trip', 'other'] },
    note: { type: 'string' },
  },
  required: ['id', 'from', 'to', 'kind', 'note'],
};
const waitItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    centerId: { type: 'integer' },
    start: dateTimeSchema,
    end: dateTimeSchema,
    feature: { type: ['string', 'null'] },
    autoBook: { type: 'boolean' },
    status: { type: 'string', enum: ['waiting', 'offered'] },
    offerExpiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'centerId', 'start', 'end', 'feature', 'autoBook', 'status', 'offerExpiresAt'],
};

/** OpenAPI 3.1 for /api/v1, generated from the zod schemas that validate the requests. */
export function openApiDocument() {
  const document = buildDocument();
  // Every operation can meet a malformed request, an unreachable database or its deadline.
  for (const ops of Object.values(document.paths)) {
    for (const op of Object.values(ops) as { responses: Record<string, unknown> }[]) {
      op.responses[400] ??= problem('Malformed request (e.g. control characters in a value)');
      op.responses[503] ??= unavailable;
    }
  }
  return document;
}

const unavailable = {
  ...problem('Temporarily unavailable (the database cannot be reached, or the request ran past its deadline)'),
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before retrying' } },
};

function buildDocument() {
  const { schemas } = z.toJSONSchema(apiRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    target: 'draft-2020-12',
  });
  const components = Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, clean(v as JsonSchema)]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Smart Work Seoul API',
      version: '1.0.0',
      description:
        'Open data on Seoul smart work centers (no login, CORS open, cacheable) and a personal API for your own bookings (Bearer token). Times are RFC 3339 in Asia/Seoul (+09:00). Errors are RFC 9457 problem+json.',
      license: { name: 'KOGL Type 1 (open data)', url: 'https://www.kogl.or.kr/info/licenseType1.do' },
    },
    servers: [{ url: '/api/v1' }],
    tags: [
      { name: 'Open data', description: 'Public, anonymous, rate-limited per IP' },
      { name: 'Personal', description: 'Your own data, with Authorization: Bearer <token>' },
      {
        name: 'Flexible work',
        description: 'Flexible-work plans (유연근무) for HR systems: the same rules and approvals as the web',
      },
    ],
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/tokens or your profile page' },
      },
    },
    paths: {
      '/centers': {
        get: {
          tags: publicTag,
          summary: 'All smart work centers',
          operationId: 'listCenters',
          security: none,
          responses: { 200: { description: 'The centers', content: json('CenterList') }, 429: rateLimited },
        },
      },
      '/centers/{id}': {
        get: {
          tags: publicTag,
          summary: 'One center with its zones and rooms',
          operationId: 'getCenter',
          security: none,
          parameters: [idParam],
          responses: {
            200: { description: 'The center', content: json('CenterDetail') },
            404: problem('No such center'),
            429: rateLimited,
          },
        },
      },
      '/centers/{id}/desks': {
        get: {
          tags: publicTag,
          summary: "A center's bookable desks",
          operationId: 'listDesks',
          security: none,
          parameters: [idParam],
          responses: {
            200: { description: 'The desks', content: json('DeskList') },
            404: problem('No such center'),
            429: rateLimited,
          },
        },
      },
      '/centers/{id}/availability': {
        get: {
          tags: publicTag,
          summary: "Each desk's free time ranges on a date",
          operationId: 'getAvailability',
          description:
            'Anonymous: free ranges per resource. With a bearer token: also `bookable`, the ranges you can book exactly as given (every rule applied for you), or `notBookable` with the problem a booking would get.',
          security: [{}, { bearer: [] }],
          parameters: [idParam, ...queryParameters(AvailabilityQuery)],
          responses: {
            200: { description: 'Free ranges per desk', content: json('Availability') },
            401: unauthorized,
            404: problem('No such center'),
            422: problem('Invalid query'),
            429: rateLimited,
          },
        },
      },
      '/centers/{id}/occupancy': {
        get: {
          tags: publicTag,
          summary: 'Anonymous occupancy now, or an hourly series with from and to (at most 31 days)',
          operationId: 'getOccupancy',
          security: none,
          parameters: [idParam, ...queryParameters(OccupancyQuery)],
          responses: {
            200: {
              description: 'Occupancy now, or a series when from and to are given',
              content: { 'application/json': { schema: { oneOf: [ref('Occupancy'), ref('OccupancySeries')] } } },
            },
            404: problem('No such center'),
            422: problem('Invalid query'),
            429: rateLimited,
          },
        },
      },
      '/open-data/centers.csv': {
        get: {
          tags: publicTag,
          summary: 'All centers as CSV (UTF-8 with BOM); columns in the data dictionary at /open-data',
          operationId: 'centersCsv',
          security: none,
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            429: rateLimited,
          },
        },
      },
      '/open-data/occupancy.csv': {
        get: {
          tags: publicTag,
          summary: 'Anonymous hourly occupancy of every center for a month, as CSV',
          operationId: 'occupancyCsv',
          security: none,
          parameters: queryParameters(MonthQuery),
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            422: problem('Invalid month'),
            429: rateLimited,
          },
        },
      },
      '/open-data/programmes': {
        get: {
          tags: publicTag,
          summary: 'Published pilot programme results: anonymous totals, groups under 5 people withheld',
          operationId: 'listProgrammeResults',
          security: none,
          responses: {
            200: { description: 'Every published programme', content: json('ProgrammeResultList') },
            429: rateLimited,
          },
        },
      },
      '/open-data/programmes/{id}': {
        get: {
          tags: publicTag,
          summary: "One pilot programme's published results",
          operationId: 'getProgrammeResult',
          security: none,
          parameters: [idParam],
          responses: {
            200: { description: 'The published results', content: json('ProgrammeResult') },
            404: problem('No such published programme'),
            429: rateLimited,
          },
        },
      },
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
      '/me/absences': {
        get: {
          tags: personalTag,
          summary: 'Your leave and business trips from today on',
          operationId: 'listMyAbsences',
          security: bearer,
          responses: {
            200: {
              description: 'Your absences',
              content: objectJson({ data: { type: 'array', items: absenceItem } }, ['data']),
            },
            401: unauthorized,
            429: rateLimited,
          },
        },
        post: {
          tags: personalTag,
          summary: 'Record leave or a business trip; it cancels your bookings in it (see them first with dryRun)',
          operationId: 'recordAbsence',
          security: bearer,
          requestBody: { required: true, content: json('AbsenceRequest') },
          responses: {
            200: {
              description: 'dryRun: the bookings it would cancel',
              content: objectJson({ dryRun: { const: true }, wouldCancel: { type: 'array', items: cancelledItem } }, [
                'dryRun',
                'wouldCancel',
              ]),
            },
            201: {
              description: 'Recorded; these bookings were cancelled',
              content: objectJson(
                { cancelled: { type: 'integer' }, bookings: { type: 'array', items: cancelledItem } },
                ['cancelled', 'bookings'],
              ),
            },
            400: problem('Malformed JSON'),
            401: unauthorized,
            413: problem('Body too large'),
            422: problem('Invalid dates or kind'),
            429: rateLimited,
          },
        },
      },
      '/me/absences/{id}': {
        delete: {
          tags: personalTag,
          summary: 'Remove one of your absences (cancelled bookings stay cancelled)',
          operationId: 'deleteAbsence',
          security: bearer,
          parameters: [idParam],
          responses: {
            204: { description: 'Removed' },
            401: unauthorized,
            404: problem('No absence of yours with this id'),
            429: rateLimited,
          },
        },
      },
      '/me/waitlist': {
        get: {
          tags: personalTag,
          summary: 'Where you are waiting for a desk',
          operationId: 'listMyWaitlist',
          security: bearer,
          responses: {
            200: {
              description: 'Your waiting entries',
              content: objectJson({ data: { type: 'array', items: waitItem } }, ['data']),
            },
            401: unauthorized,
            429: rateLimited,
          },
        },
      },
      '/waitlist': {
        post: {
          tags: personalTag,
          summary: 'Wait in line for a desk at a center (only when none you may use is free for that time)',
          operationId: 'joinWaitlist',
          security: bearer,
          requestBody: { required: true, content: json('WaitlistRequest') },
          responses: {
            201: { description: 'Waiting', content: objectJson({ id: { type: 'integer' } }, ['id']) },
            400: problem('Malformed JSON'),
            401: unauthorized,
            404: problem('No such center'),
            409: problem('A matching desk is free: book it instead'),
            413: problem('Body too large'),
            422: problem('A range no booking at that center could have (closed, off-step, past…)'),
            429: rateLimited,
          },
        },
      },
      '/waitlist/{id}': {
        delete: {
          tags: personalTag,
          summary: 'Leave the waitlist',
          operationId: 'leaveWaitlist',
          security: bearer,
          parameters: [idParam],
          responses: {
            204: { description: 'Left' },
            401: unauthorized,
            404: problem('No waiting entry of yours with this id'),
            429: rateLimited,
          },
        },
      },
      '/me/plans': {
        get: {
          tags: plansTag,
          summary: 'Your flexible-work plans, newest first',
          operationId: 'listMyPlans',
          security: bearer,
          responses: {
            200: {
              description: 'Your plans',
              content: objectJson({ data: { type: 'array', items: ref('Plan') } }, ['data']),
            },
            401: unauthorized,
            429: rateLimited,
          },
        },
        post: {
          tags: plansTag,
          summary: 'Check a plan against the rules (dryRun) or save it as a draft',
          operationId: 'createPlan',
          security: bearer,
          requestBody: { required: true, content: json('PlanRequest') },
          responses: {
            200: {
              description: 'dryRun: the rules’ verdict; nothing saved',
              content: objectJson({ dryRun: { const: true }, check: ref('PlanCheck') }, ['dryRun', 'check']),
            },
            201: {
              description: 'Saved as a draft (with the rules’ verdict: submit it once `check.ok`)',
              headers: { Location: { schema: { type: 'string' }, description: 'The plan' } },
              content: json('PlanWithCheck'),
            },
            400: problem('Malformed JSON or dates outside the supported range'),
            401: unauthorized,
            413: problem('Body too large'),
            422: problem('Fields that are not what the schema says'),
            429: rateLimited,
          },
        },
      },
      '/me/plans/{id}': {
        get: {
          tags: plansTag,
          summary: 'One of your plans with the rules’ verdict',
          operationId: 'getMyPlan',
          security: bearer,
          parameters: [idParam],
          responses: {
            200: { description: 'The plan', content: json('PlanWithCheck') },
            401: unauthorized,
            404: problem('No plan of yours with this id'),
            429: rateLimited,
          },
        },
      },
      '/me/plans/{id}/submit': {
        post: {
          tags: plansTag,
          summary: 'Submit a draft for your manager’s decision (the rules must hold; plans may not overlap)',
          operationId: 'submitPlan',
          security: bearer,
          parameters: [idParam],
          responses: {
            200: { description: 'Submitted', content: objectJson({ plan: ref('Plan') }, ['plan']) },
            401: unauthorized,
            404: problem('No plan of yours with this id'),
            409: problem('Not a draft, or it overlaps another plan of yours'),
            422: problem('The plan breaks a rule: check it first'),
            429: rateLimited,
          },
        },
      },
      '/me/plans/{id}/withdraw': {
        post: {
          tags: plansTag,
          summary: 'Withdraw a draft or a submitted plan',
          operationId: 'withdrawPlan',
          security: bearer,
          parameters: [idParam],
          responses: {
            200: { description: 'Withdrawn', content: objectJson({ plan: ref('Plan') }, ['plan']) },
            401: unauthorized,
            404: problem('No plan of yours with this id'),
            409: problem('Already decided'),
            429: rateLimited,
          },
        },
      },
      '/approvals': {
        get: {
          tags: plansTag,
          summary: 'Plans waiting for your decision (your teams, and teams delegated to you today; never your own)',
          operationId: 'listApprovals',
          security: bearer,
          responses: {
            200: {
              description: 'Waiting plans',
              content: objectJson({ data: { type: 'array', items: ref('Plan') } }, ['data']),
            },
            401: unauthorized,
            429: rateLimited,
          },
        },
      },
      '/approvals/{id}': {
        post: {
          tags: plansTag,
          summary: 'Approve or reject a plan (approval books its center days through the booking rules)',
          operationId: 'decidePlan',
          security: bearer,
          parameters: [idParam],
          requestBody: { required: true, content: json('DecisionRequest') },
          responses: {
            200: {
              description: 'Decided',
              content: objectJson(
                { plan: ref('Plan'), daysNeedingAttention: { type: 'integer' }, daysPending: { type: 'integer' } },
                ['plan', 'daysNeedingAttention', 'daysPending'],
              ),
            },
            400: problem('Malformed JSON'),
            401: unauthorized,
            403: problem('Not your team, or your own plan'),
            404: problem('No such plan'),
            409: problem('Not waiting for a decision, or overlapping another approved plan'),
            413: problem('Body too large'),
            422: problem('Invalid decision'),
            429: rateLimited,
          },
        },
      },
      '/team/week': {
        get: {
          tags: plansTag,
          summary: 'Where the people of your teams work each day of a week (planned, or where they checked in)',
          operationId: 'getTeamWeek',
          security: bearer,
          parameters: queryParameters(TeamWeekQuery),
          responses: {
            200: {
              description: 'The week',
              content: objectJson(
                {
                  dates: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { date: { type: 'string' }, closed: { type: ['string', 'null'] } },
                      required: ['date', 'closed'],
                    },
                  },
                  people: { type: 'array', items: { type: 'object' } },
                },
                ['dates', 'people'],
              ),
            },
            401: unauthorized,
            422: problem('Invalid date'),
            429: rateLimited,
          },
        },
      },
      '/series': {
        post: {
          tags: personalTag,
          summary: 'Book a repeating desk (an RFC 5545 RRULE from the first occurrence), or preview it with dryRun',
          operationId: 'createSeries',
          security: bearer,
          requestBody: { required: true, content: json('SeriesRequest') },
          responses: {
            200: { description: 'dryRun: what would be booked, and why not the rest', content: json('SeriesPreview') },
            201: {
              description: 'Booked the occurrences that pass every rule; `refused` says why not the others',
              headers: { Location: { schema: { type: 'string' }, description: 'The series' } },
              content: json('SeriesCreated'),
            },
            400: problem('Malformed JSON'),
            401: unauthorized,
            403: problem('zone-not-allowed'),
            404: problem('No such desk'),
            413: problem('Body too large'),
            422: problem('An invalid RRULE, or no occurrence can be booked'),
            429: rateLimited,
          },
        },
      },
      '/series/{id}': {
        get: {
          tags: personalTag,
          summary: 'One of your repeating bookings with its occurrences',
          operationId: 'getSeries',
          security: bearer,
          parameters: [idParam],
          responses: {
            200: { description: 'The series', content: json('Series') },
            401: unauthorized,
            404: problem('No series of yours with this id'),
            429: rateLimited,
          },
        },
        delete: {
          tags: personalTag,
          summary:
            'Cancel the occurrences from a date on (all not yet started without `from`); one occurrence: DELETE /bookings/{id}',
          operationId: 'cancelSeries',
          security: bearer,
          parameters: [
            idParam,
            {
              name: 'from',
              in: 'query',
              required: false,
              description: 'YYYY-MM-DD',
              schema: { type: 'string', format: 'date' },
            },
          ],
          responses: {
            200: {
              description: 'How many occurrences were cancelled',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { cancelled: { type: 'integer' } }, required: ['cancelled'] },
                },
              },
            },
            401: unauthorized,
            404: problem('No series of yours with this id'),
            422: problem('Invalid date'),
            429: rateLimited,
          },
        },
      },
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
    },
  };
}
