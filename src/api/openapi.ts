import { z } from 'zod';
import { AvailabilityQuery, apiRegistry, MonthQuery, MyBookingsQuery, OccupancyQuery } from './schemas.js';

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
const publicTag = ['Open data'];
const personalTag = ['Personal'];

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
          responses: { 200: { description: 'The centers', content: json('CenterList') }, 429: rateLimited },
        },
      },
      '/centers/{id}': {
        get: {
          tags: publicTag,
          summary: 'One center with its zones and rooms',
          operationId: 'getCenter',
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
          parameters: [idParam, ...queryParameters(AvailabilityQuery)],
          responses: {
            200: { description: 'Free ranges per desk', content: json('Availability') },
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
          parameters: queryParameters(MonthQuery),
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            422: problem('Invalid month'),
            429: rateLimited,
          },
        },
      },
      '/auth/tokens': {
        post: {
          tags: personalTag,
          summary: 'Create a personal API token with your username and password (shown once)',
          operationId: 'createToken',
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
          responses: { 200: { description: 'You', content: json('Me') }, 401: problem('Missing or invalid token') },
        },
      },
      '/me/bookings': {
        get: {
          tags: personalTag,
          summary: 'Your bookings overlapping a period (default: the next 14 days)',
          operationId: 'listMyBookings',
          security: bearer,
          parameters: queryParameters(MyBookingsQuery),
          responses: {
            200: { description: 'Your bookings', content: json('BookingList') },
            401: problem('Missing or invalid token'),
            422: problem('Invalid query'),
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
            401: problem('Missing or invalid token'),
            403: problem('The desk is in a zone you cannot book'),
            409: problem('The desk, or your own time, is taken; or the same Idempotency-Key is still being processed'),
            413: problem('Body too large'),
            422: problem('A rule is broken (field errors in `errors`)'),
          },
        },
      },
      '/bookings/{id}': {
        delete: {
          tags: personalTag,
          summary: 'Cancel one of your bookings',
          operationId: 'cancelBooking',
          security: bearer,
          parameters: [idParam],
          responses: {
            204: { description: 'Cancelled' },
            401: problem('Missing or invalid token'),
            404: problem('No booking of yours with this id'),
            409: problem('Already cancelled, or over'),
          },
        },
      },
    },
  };
}
