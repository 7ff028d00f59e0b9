/** OpenAPI paths of absences (leave, business trips) and the waitlist. */
import { bearer, idParam, json, objectJson, personalTag, problem, rateLimited, unauthorized } from './shared.js';

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

/** Your leave and business trips. */
export function absencePaths() {
  return {
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
            content: objectJson({ cancelled: { type: 'integer' }, bookings: { type: 'array', items: cancelledItem } }, [
              'cancelled',
              'bookings',
            ]),
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
  };
}

/** Waiting in line for a desk. */
export function waitlistPaths() {
  return {
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
  };
}
