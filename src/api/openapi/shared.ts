/** Pieces every part of the OpenAPI document uses: references, problem responses, parameters, tags. */
import { z } from 'zod';

export const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
export const json = (id: string) => ({ 'application/json': { schema: ref(id) } });
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

export type JsonSchema = Record<string, unknown>;
export function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

export function queryParameters(schema: z.ZodObject) {
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

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
export const rateLimited = problem('Too many requests from this address (see the RateLimit headers)');
export const bearer = [{ bearer: [] }];
/** Open data: no credentials (an explicit empty list, so linters and generators know). */
export const none: never[] = [];
export const unauthorized = problem('Missing, unknown, expired or revoked token');
export const notFoundBooking = problem('No booking of yours with this id');
export const ics = { 'text/calendar': { schema: { type: 'string' } } };
export const publicTag = ['Open data'];
export const personalTag = ['Personal'];
export const plansTag = ['Flexible work'];

export const objectJson = (properties: Record<string, unknown>, required: string[]) => ({
  'application/json': { schema: { type: 'object', properties, required } },
});

export const unavailable = {
  ...problem('Temporarily unavailable (the database cannot be reached, or the request ran past its deadline)'),
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before retrying' } },
};
