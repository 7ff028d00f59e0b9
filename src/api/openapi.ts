import { z } from 'zod';
import { absencePaths, waitlistPaths } from './openapi/absences-waitlist.js';
import { openDataPaths } from './openapi/open-data.js';
import { accountPaths, bookingPaths } from './openapi/personal.js';
import { planPaths } from './openapi/plans.js';
import { seriesPaths } from './openapi/series.js';
import { clean, type JsonSchema, problem, unavailable } from './openapi/shared.js';
import { apiRegistry } from './schemas.js';

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
    // The order of the paths is the order of the document (and of the docs page).
    paths: {
      ...openDataPaths(),
      ...accountPaths(),
      ...absencePaths(),
      ...waitlistPaths(),
      ...planPaths(),
      ...seriesPaths(),
      ...bookingPaths(),
    },
  };
}
