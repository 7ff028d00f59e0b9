import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const doc = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

function findOperation(method: string, path: string): { template: string; op: Operation } | undefined {
  const bare = path.replace(/^\/api\/v1/, '').split('?')[0]!;
  for (const [template, methods] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = (methods as Record<string, Operation>)[method.toLowerCase()];
    if (re.test(bare) && op) return { template, op };
  }
  return undefined;
}

const rewrite = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

/** Every API response a test sees must be one the OpenAPI document promises: path, status, media type and body. */
export function assertMatchesContract(
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): void {
  const found = findOperation(method, path);
  if (!found && status === 404 && contentType.startsWith('application/problem+json')) return; // an unknown endpoint
  expect(found, `${method} ${path} is not in the OpenAPI document`).toBeDefined();
  const response = found!.op.responses[String(status)];
  expect(response, `${method} ${found!.template} → ${status} is not documented`).toBeDefined();
  if (!response!.content) {
    expect(body === '' || body === undefined, `${status} should have no body`).toBe(true);
    return;
  }
  const mediaType = contentType.split(';')[0]!.trim();
  const media = response!.content[mediaType];
  expect(media, `${method} ${found!.template} → ${status} as ${mediaType} is not documented`).toBeDefined();
  if (!mediaType.includes('json')) return;
  const validate = ajv.compile(rewrite(media!.schema));
  const ok = validate(body);
  expect(
    ok,
    `${method} ${path} → ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
  ).toBe(true);
}
