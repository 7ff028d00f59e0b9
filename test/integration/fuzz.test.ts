import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.js';
import { queryRows } from '../../src/db/client.js';
import { projectRoot } from '../../src/web/views.js';
import { api } from '../helpers/api.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';
import { appRoutes } from '../helpers/routes.js';

/**
 * Hostile input at every web route and every API operation, as every role: nothing may answer
 * 5xx or take longer than the deadline, and a refused request (4xx) must leave the main tables
 * as they were. Routes come from the Express app itself and the OpenAPI document, and form
 * field names from the views, so new routes and fields are covered without editing this file.
 */
/** Runs per form route (half for GET); the API gets 40 times as many over all its operations. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const ANSWER_WITHIN_MS = 5_000;

// Tables whose row counts must not change when a request is refused. Left out: sessions, the
// needs access log and idempotency keys, which a refused request legitimately writes.
const TABLES = [
  'absences',
  'api_tokens',
  'approval_delegations',
  'booking_attendees',
  'booking_bans',
  'booking_events',
  'booking_series',
  'bookings',
  'calendar_feeds',
  'center_hours',
  'center_operators',
  'center_policies',
  'centers',
  'closures',
  'desks',
  'notifications',
  'organisations',
  'plan_days',
  'plan_events',
  'schedule_plans',
  'teams',
  'ui_preferences',
  'user_homes',
  'user_needs',
  'users',
  'waitlist_entries',
  'zones',
];

let t: TestApp;
let ids: number[];
const clients: Record<string, HttpClient> = {};
const tokens: Record<string, string | undefined> = {};

async function rowCounts(): Promise<Record<string, number>> {
  const select = TABLES.map((name) => `(select count(*) from ${name})::int as ${name}`).join(', ');
  const [row] = await queryRows<Record<string, number>>(t.db, sql.raw(`select ${select}`));
  return row!;
}

/** Every route of the web app ([method, path] with Express's :params); /api/v1 is walked through its OpenAPI document. */
function webRoutes(): [string, string][] {
  return (
    appRoutes(t)
      .filter((r) => /^(GET|POST) /.test(r) && !r.includes(' /api/v1/'))
      .map((r) => r.split(' ') as [string, string])
      // Signing out would end the fuzzing session; it changes nothing but the session.
      .filter(([m, p]) => !(m === 'POST' && p === '/logout'))
  );
}

/**
 * The fields of each form in the views, by the route its action posts to (as a pattern), so that
 * a request sends one hostile value among otherwise plausible fields of the right form;
 * `name="start-{{w}}"` becomes start-1 … start-7.
 */
function formsInViews(): { action: RegExp; fields: string[] }[] {
  const forms: { action: RegExp; fields: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.hbs')) {
        const text = readFileSync(file, 'utf8');
        for (const form of text.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
          const names = new Set<string>();
          for (const m of form[2]!.matchAll(/name="([A-Za-z_][\w-]*)/g)) {
            const name = m[1]!;
            if (name === '_csrf') continue;
            if (name.endsWith('-')) for (let w = 1; w <= 7; w++) names.add(`${name}${w}`);
            else names.add(name);
          }
          const action = (/action="([^"]*)"/.exec(form[1]!)?.[1] ?? '')
            .replace(/\?.*$/, '')
            .replace(/\{\{[^}]+\}\}/g, ':p');
          forms.push({ action: new RegExp(`^${action.replace(/:p/g, ':\\w+')}$`), fields: [...names] });
        }
      }
    }
  };
  walk(path.join(projectRoot, 'views'));
  return forms;
}

/** A value a person could have typed into a field of that name: what the form's own inputs offer. */
function plausibleFor(name: string): fc.Arbitrary<string> {
  const pick = (...values: string[]) => fc.constantFrom(...values);
  if (/(date|On|until|week)$/i.test(name)) return pick('2026-12-02', '2026-12-03', '2026-12-14', '2027-01-15');
  if (/^(start|end)(-\d)?$/.test(name)) return pick('09:00', '10:00', '12:00', '18:00');
  if (/(Id|^center|^desk|^zone|^team|^ids|^id)$/.test(name)) return fc.constantFrom(...ids.map(String));
  if (name === 'kind') return pick('leave', 'business_trip', 'other', 'maintenance');
  if (/Mode$|^mode-/.test(name)) return pick('free', 'half_day', 'whole_day', 'hourly');
  if (name === 'decision') return pick('approved', 'rejected');
  if (name === 'action') return pick('check', 'save');
  if (name === 'part' || name === 'preset') return pick('morning', 'afternoon', 'day');
  if (/^type-/.test(name) || name === 'type') return pick('choice', 'discretionary', 'fixed');
  if (/^place-/.test(name)) return pick('hq', 'home', 'center');
  if (/Minutes|Hours|Days|Limit|year|weekday/.test(name)) return pick('1', '2', '5', '8', '24', '30', '60', '2027');
  if (/^(work-|confirm|autoBook|free|save|walkIns|largeText|highContrast|reducedMotion|simpleMode)/.test(name))
    return pick('1');
  return pick('ok', '메모', 'reason', 'Kim');
}

const hostileText = fc.oneof(
  fc.constantFrom(
    '2147483647',
    '2147483648',
    '99999999999999999999',
    '1.5',
    '1e3',
    '-1',
    '0',
    '',
    ' ',
    'NaN',
    'Infinity',
    '9999-12-31',
    '0000-01-01',
    '2026-02-30',
    '2026-13-01',
    '+010000-01-01',
    '2100-12-31',
    '2000-01-01',
    '9999-12',
    '2100-12',
    '2000-01',
    '0000-01',
    '2026-12-02',
    '2026-12-01T09:00:00+09:00',
    '9999-12-31T23:59:00Z',
    '24:00',
    '99:99',
    '09:00',
    'a\u0000b',
    '\u0000',
    '\u001b[31m',
    '\uD800',
    '한국어 입력',
    '😀👍🏽',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    'x'.repeat(5000),
    '../../etc/passwd',
    'null',
    '[]',
    'approved',
    'check',
    '1',
  ),
  // A plausible value with a control character or half a surrogate pair inside.
  fc
    .tuple(
      fc.constantFrom('ok', '2026-12-02', '09:00', '1', ''),
      fc.constantFrom('\u0000', '\u0001', '\u0008', '\u001f', '\u007f', '\uD800', '\uDFFF'),
      fc.nat(3),
    )
    .map(([v, c, at]) => v.slice(0, at) + c + v.slice(at)),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);
const formValue = (name: string) =>
  fc.oneof(
    { weight: 8, arbitrary: plausibleFor(name) },
    { weight: 2, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.array(hostileText, { minLength: 2, maxLength: 3 }) },
  );

/** Every field of the form, most of them plausible and some hostile; sometimes a field is left out. */
const formOf = (fields: string[]) =>
  fc
    .tuple(...fields.map((f) => fc.option(formValue(f), { freq: 8 })))
    .map((values) => Object.fromEntries(fields.flatMap((f, i) => (values[i] === null ? [] : [[f, values[i]!]]))));
const idSegment = () =>
  fc.oneof(
    fc.constantFrom(...ids.map(String)),
    fc.constantFrom('2147483648', '99999999999999999999', '1.5', '1e3', '-1', '0', '%00', '%ZZ', 'abc', '%F0%9F%98%80'),
    fc.integer({ min: 1, max: 2_147_483_647 }).map(String),
  );

function fillPath(template: string, values: string[]): string {
  let i = 0;
  return template.replace(/:(\w+)/g, () => values[i++] ?? '1');
}

async function expectSafe(label: string, before: Record<string, number>, status: number, ms: number) {
  expect(status, `${label} answered ${status}`).toBeLessThan(500);
  expect(ms, `${label} took ${ms} ms`).toBeLessThan(ANSWER_WITHIN_MS);
  if (status >= 400)
    expect(await rowCounts(), `${label} was refused (${status}) but changed the database`).toEqual(before);
}

beforeAll(async () => {
  t = await startTestApp({ requestTimeoutMs: 4_000 });
  const { center, zone, desks } = await createCenter(t.db);
  ids = [center.id, zone.id, desks[0]!.id, 1, 2];
  for (const role of ['employee', 'manager', 'admin'] as const) clients[role] = (await signedIn(t, { role })).client;
  clients.operator = (await signedIn(t, { role: 'operator', operates: center.id })).client;
  clients.anonymous = t.client();
  await clients.anonymous.get('/login');
  for (const role of ['employee', 'operator']) {
    const user = await createUser(t.db, { role: role as 'employee' | 'operator' });
    const res = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: user.username, password: PASSWORD, name: 'fuzz' },
    });
    tokens[role] = res.body.token;
  }
  tokens.anonymous = undefined;
}, 120_000);
afterAll(() => t.destroy());

describe(`hostile input never gets a 5xx or changes data when refused (${engine})`, () => {
  it('web forms and pages, as every role', async () => {
    const routes = webRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const forms = formsInViews();
    const all = [...new Set(forms.flatMap((f) => f.fields))];
    expect(all).toContain('fromDate');
    // A route with its form's fields (all fields for a route no form posts to).
    const routesWithFields = routes.map(([method, template]) => {
      const own = forms.filter((f) => f.action.test(template)).flatMap((f) => f.fields);
      return { method, template, fields: own.length ? [...new Set(own)] : all };
    });
    // Every route gets its own runs, so none is left to chance.
    for (const route of routesWithFields) {
      const request = fc
        .record({
          role: fc.constantFrom(...Object.keys(clients)),
          params: fc.array(idSegment(), { minLength: 3, maxLength: 3 }),
          withCsrf: fc.nat(9).map((n) => n > 0),
          form:
            route.fields.length > 12 ? fc.subarray(route.fields, { maxLength: 6 }).chain(formOf) : formOf(route.fields),
          extra: fc.dictionary(fc.constantFrom(...all), hostileText, { maxKeys: 1 }),
        })
        .map((r) => ({ ...r, form: { ...r.extra, ...r.form } }));
      const { method, template } = route;
      await fc.assert(
        fc.asyncProperty(request, async ({ role, params, form, withCsrf }) => {
          const client = clients[role]!;
          const body = new URLSearchParams();
          if (method === 'POST' && withCsrf) body.append('_csrf', client.csrfToken ?? '');
          for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
          const url = fillPath(template, params) + (method === 'GET' ? `?${body}` : '');
          const label = `${role} ${method} ${url.slice(0, 200)} ${method === 'POST' ? body.toString().slice(0, 300) : ''}`;
          const before = await rowCounts();
          const started = Date.now();
          const res =
            method === 'GET'
              ? await client.request('GET', url)
              : await client.request('POST', url, {
                  body: body.toString(),
                  headers: { 'content-type': 'application/x-www-form-urlencoded' },
                });
          await expectSafe(label, before, res.status, Date.now() - started);
          expect(res.text, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
        }),
        { numRuns: method === 'POST' ? RUNS : Math.ceil(RUNS / 2), endOnFailure: true },
      );
    }
  }, 300_000);

  it('every API operation of the OpenAPI document, with and without a token', async () => {
    const doc = openApiDocument();
    type Op = {
      parameters?: { name: string; in: string }[];
      requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
    };
    const operations: { method: string; template: string; op: Op }[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, Op>)) {
        operations.push({ method: method.toUpperCase(), template, op });
      }
    }
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    const bodyFields = (op: Op) => {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      return Object.keys(ref ? (schemas[ref.split('/').at(-1)!]?.properties ?? {}) : {});
    };
    const jsonValue = fc.oneof(
      hostileText,
      fc.constantFrom(2 ** 31, 2 ** 53, 1e308, -0, 1.5, -1, 0, 1e3, true, null, [], {}, [1, 2], { a: 1 }),
      fc.integer().map((n) => n),
      fc.constantFrom(...ids),
    );
    const request = fc.record({
      role: fc.constantFrom(...Object.keys(tokens)),
      operation: fc.constantFrom(...operations),
      id: idSegment(),
      query: fc.dictionary(fc.constantFrom('date', 'from', 'to', 'interval', 'month', 'x'), hostileText, {
        maxKeys: 3,
      }),
      body: fc.oneof(
        { weight: 6, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), jsonValue, { maxKeys: 2 }) },
        { weight: 1, arbitrary: jsonValue },
      ),
      known: fc.array(jsonValue, { minLength: 4, maxLength: 4 }),
      rawBody: fc.constantFrom(
        undefined,
        '{',
        '[]',
        'null',
        '"x"',
        '{"deskId":1e400}',
        `{"a":"${'x'.repeat(20_000)}"}`,
      ),
      idempotencyKey: fc.option(
        fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('ok-key', 'a\u0000', 'x'.repeat(300))),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ role, operation, id, query, body, known, rawBody, idempotencyKey }) => {
        const { method, template, op } = operation;
        const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) if (names.includes(k) || k === 'x') q.append(k, v);
        const url = `/api/v1${template.replace(/\{\w+\}/g, id)}${q.size ? `?${q}` : ''}`;
        const fields = bodyFields(op);
        const json =
          body && typeof body === 'object' && !Array.isArray(body)
            ? { ...Object.fromEntries(fields.map((f, i) => [f, known[i]])), ...body }
            : body;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (tokens[role]) headers.authorization = `Bearer ${tokens[role]}`;
        if (idempotencyKey !== null && /^[\x20-\x7e]*$/.test(idempotencyKey))
          headers['idempotency-key'] = idempotencyKey;
        const payload = op.requestBody ? (rawBody ?? JSON.stringify(json)) : undefined;
        const label = `${role} ${method} ${url.slice(0, 200)} ${payload?.slice(0, 300) ?? ''}`;
        const before = await rowCounts();
        const started = Date.now();
        const res = await fetch(t.baseUrl + url, { method, headers, body: payload });
        const text = await res.text();
        await expectSafe(label, before, res.status, Date.now() - started);
        if (res.status >= 400) expect(res.headers.get('content-type'), label).toContain('application/problem+json');
        expect(text, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      }),
      { numRuns: RUNS * 40, endOnFailure: true },
    );
  }, 300_000);
});
