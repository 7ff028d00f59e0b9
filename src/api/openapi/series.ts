/** OpenAPI paths of repeating bookings (RFC 5545 RRULE). */
import { bearer, idParam, json, personalTag, problem, rateLimited, unauthorized } from './shared.js';

/** Book, preview, read and cancel a series. */
export function seriesPaths() {
  return {
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
  };
}
