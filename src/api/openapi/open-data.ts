/** OpenAPI paths of the open data: anonymous, CORS open, rate-limited per IP. */
import { AvailabilityQuery, MonthQuery, OccupancyQuery } from '../schemas.js';
import { idParam, json, none, problem, publicTag, queryParameters, rateLimited, ref, unauthorized } from './shared.js';

/** Centers, desks, availability, occupancy, the CSV downloads and the published programme results. */
export function openDataPaths() {
  return {
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
  };
}
