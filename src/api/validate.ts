import type { Request } from 'express';
import type { z } from 'zod';
import { DomainError, ValidationError } from '../errors.js';

/** Field errors about the request's own fields: named as sent, never renamed as the booking form's fields are. */
export class InputValidationError extends ValidationError {}

/** A query string checked against its schema; each bad parameter becomes a field error (422). */
export function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new InputValidationError(
      Object.fromEntries(
        parsed.error.issues.map((i) => [
          String(i.path[0]),
          { key: 'api.invalidQuery', params: { field: String(i.path[0]) } },
        ]),
      ),
    );
  }
  return parsed.data;
}

/** Zod issues → field errors; a body that is not even an object is malformed (400), the rest is 422. */
export function validateBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new DomainError('api.jsonObjectRequired');
  }
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    throw new InputValidationError(
      Object.fromEntries(
        parsed.error.issues.map((i) => [
          String(i.path[0] ?? (i.code === 'unrecognized_keys' ? i.keys.join(',') : 'body')),
          {
            key: i.code === 'unrecognized_keys' ? 'api.unknownField' : 'api.invalidField',
            params: { field: String(i.path[0] ?? '') },
          },
        ]),
      ),
    );
  }
  return parsed.data;
}
