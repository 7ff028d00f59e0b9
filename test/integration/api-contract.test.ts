import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.js';
import * as s from '../../src/db/schema.js';
import { DEMO_PASSWORD } from '../../src/demo/data.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { api } from '../helpers/api.js';
import { startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

/**
 * The contract, walked from the document itself: every operation the OpenAPI document lists is
 * called with a valid request and with invalid ones, and every answer is checked against the
 * document by the api() helper (status, media type and body, ajv 2020-12). An operation added
 * to the document without an example here fails this test; so does any undocumented status.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

interface Call {
  path: string;
  token?: string;
  json?: unknown;
  expect: number;
}
type Ctx = Awaited<ReturnType<typeof world>>;

async function world() {
  const { center, zone, desks } = await createCenter(t.db, { desks: 4 });
  const [room] = await t.db
    .insert(s.desks)
    .values({ zoneId: zone.id, label: 'R-1', kind: 'meeting_room', capacity: 4, features: [] })
    .returning();
  const user = await createUser(t.db);
  const guest = await createUser(t.db);
  const token = (
    await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: user.username, password: PASSWORD, name: 'contract' },
    })
  ).body.token as string;
  const made = async (deskId: number, day: string) =>
    (
      await api(t.baseUrl, 'POST', '/api/v1/bookings', {
        token,
        json: { deskId, start: `${day}T09:00:00+09:00`, end: `${day}T12:00:00+09:00` },
      })
    ).body.id as number;
  const today = await made(desks[0]!.id, '2026-12-01');
  const later = await made(desks[1]!.id, '2026-12-03');
  const series = (
    await api(t.baseUrl, 'POST', '/api/v1/series', {
      token,
      json: {
        deskId: desks[2]!.id,
        start: '2026-12-08T13:00:00+09:00',
        end: '2026-12-08T15:00:00+09:00',
        rrule: 'FREQ=WEEKLY;COUNT=2',
      },
    })
  ).body.id as number;
  const absence = (
    await api(t.baseUrl, 'POST', '/api/v1/me/absences', {
      token,
      json: { from: '2026-12-10', to: '2026-12-10', kind: 'leave' },
    })
  ).body;
  return { center, desks, room: room!, user, guest, token, today, later, series, absence };
}

const slot = (day: string, from: string, to: string) => ({
  start: `${day}T${from}:00+09:00`,
  end: `${day}T${to}:00+09:00`,
});

/** A valid request for every operation in the document, by operationId. */
const EXAMPLES: Record<string, (c: Ctx) => Call | Promise<Call>> = {
  listCenters: () => ({ path: '/centers', expect: 200 }),
  getCenter: (c) => ({ path: `/centers/${c.center.id}`, expect: 200 }),
  listDesks: (c) => ({ path: `/centers/${c.center.id}/desks`, expect: 200 }),
  getAvailability: (c) => ({
    path: `/centers/${c.center.id}/availability?date=2026-12-02`,
    token: c.token,
    expect: 200,
  }),
  getOccupancy: (c) => ({ path: `/centers/${c.center.id}/occupancy`, expect: 200 }),
  centersCsv: () => ({ path: '/open-data/centers.csv', expect: 200 }),
  occupancyCsv: () => ({ path: '/open-data/occupancy.csv?month=2026-11', expect: 200 }),
  listProgrammeResults: () => ({ path: '/open-data/programmes', expect: 200 }),
  getProgrammeResult: () => ({ path: '/open-data/programmes/2147483000', expect: 404 }),
  createToken: (c) => ({
    path: '/auth/tokens',
    json: { username: c.user.username, password: PASSWORD, name: 'again' },
    expect: 201,
  }),
  getMe: (c) => ({ path: '/me', token: c.token, expect: 200 }),
  listMyBookings: (c) => ({ path: '/me/bookings?limit=5', token: c.token, expect: 200 }),
  createBooking: (c) => ({
    path: '/bookings',
    token: c.token,
    json: { deskId: c.room.id, ...slot('2026-12-04', '10:00', '11:00'), title: '회의', attendees: [c.guest.username] },
    expect: 201,
  }),
  listMyAbsences: (c) => ({ path: '/me/absences', token: c.token, expect: 200 }),
  recordAbsence: (c) => ({
    path: '/me/absences',
    token: c.token,
    json: { from: '2026-12-11', to: '2026-12-11', kind: 'business_trip', dryRun: true },
    expect: 200,
  }),
  deleteAbsence: async (c) => {
    const list = await api(t.baseUrl, 'GET', '/api/v1/me/absences', { token: c.token });
    return { path: `/me/absences/${list.body.data[0].id}`, token: c.token, expect: 204 };
  },
  listMyWaitlist: (c) => ({ path: '/me/waitlist', token: c.token, expect: 200 }),
  joinWaitlist: (c) => ({
    path: '/waitlist',
    token: c.token,
    json: { centerId: c.center.id, ...slot('2026-12-09', '09:00', '10:00') },
    expect: 409, // desks are free: the documented answer is "book instead"
  }),
  leaveWaitlist: (c) => ({ path: '/waitlist/999999', token: c.token, expect: 404 }),
  createSeries: (c) => ({
    path: '/series',
    token: c.token,
    json: {
      deskId: c.desks[3]!.id,
      ...slot('2026-12-02', '13:00', '15:00'),
      rrule: 'FREQ=DAILY;COUNT=3',
      dryRun: true,
    },
    expect: 200,
  }),
  getSeries: (c) => ({ path: `/series/${c.series}`, token: c.token, expect: 200 }),
  cancelSeries: (c) => ({ path: `/series/${c.series}?from=2026-12-15`, token: c.token, expect: 200 }),
  getBookingIcs: (c) => ({ path: `/bookings/${c.later}.ics`, token: c.token, expect: 200 }),
  checkIn: (c) => ({ path: `/bookings/${c.today}/check-in`, token: c.token, expect: 200 }),
  checkOut: (c) => ({ path: `/bookings/${c.today}/check-out`, token: c.token, expect: 200 }),
  getMyCalendar: (c) => ({ path: '/me/calendar.ics', token: c.token, expect: 200 }),
  getBooking: (c) => ({ path: `/bookings/${c.later}`, token: c.token, expect: 200 }),
  changeBooking: (c) => ({
    path: `/bookings/${c.later}`,
    token: c.token,
    json: slot('2026-12-03', '13:00', '16:00'),
    expect: 200,
  }),
  cancelBooking: (c) => ({ path: `/bookings/${c.later}`, token: c.token, expect: 204 }),
  listMyPlans: (c) => ({ path: '/me/plans', token: c.token, expect: 200 }),
  createPlan: (c) => ({
    path: '/me/plans',
    token: c.token,
    json: {
      from: '2026-12-14',
      to: '2026-12-18',
      pattern: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        type: 'choice',
        place: 'hq',
        start: '09:00',
        end: '18:00',
      })),
    },
    expect: 201,
  }),
  getMyPlan: async (c) => {
    const list = await api(t.baseUrl, 'GET', '/api/v1/me/plans', { token: c.token });
    return { path: `/me/plans/${list.body.data[0].id}`, token: c.token, expect: 200 };
  },
  submitPlan: async (c) => {
    const list = await api(t.baseUrl, 'GET', '/api/v1/me/plans', { token: c.token });
    return { path: `/me/plans/${list.body.data[0].id}/submit`, token: c.token, expect: 200 };
  },
  withdrawPlan: async (c) => {
    const list = await api(t.baseUrl, 'GET', '/api/v1/me/plans', { token: c.token });
    return { path: `/me/plans/${list.body.data[0].id}/withdraw`, token: c.token, expect: 200 };
  },
  listApprovals: (c) => ({ path: '/approvals', token: c.token, expect: 200 }),
  decidePlan: async (c) => {
    const list = await api(t.baseUrl, 'GET', '/api/v1/me/plans', { token: c.token });
    // One's own plan: the documented refusal (separation of duties).
    return { path: `/approvals/${list.body.data[0].id}`, token: c.token, json: { decision: 'approved' }, expect: 403 };
  },
  getTeamWeek: (c) => ({ path: '/team/week?date=2026-12-09', token: c.token, expect: 200 }),
};

const doc = openApiDocument();
type Operation = {
  operationId: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
);
// The order that keeps examples independent: reads first, then changes, cancellations last.
const order = (id: string) =>
  ['checkOut', 'cancelBooking', 'deleteAbsence', 'cancelSeries', 'withdrawPlan'].includes(id)
    ? 2
    : ['getMyPlan', 'submitPlan'].includes(id)
      ? 1
      : id === 'decidePlan'
        ? 1.5
        : 0;

describe(`the API answers exactly what its document says (${engine})`, () => {
  it('has an example for every operation in the document', () => {
    const missing = operations.map((o) => o.op.operationId).filter((id) => !(id in EXAMPLES));
    expect(missing).toEqual([]);
  });

  it('answers each operation with a documented status and body, for valid and invalid requests', async () => {
    const c = await world();
    const sorted = [...operations].sort((a, b) => order(a.op.operationId) - order(b.op.operationId));
    for (const { path, method, op } of sorted) {
      const call = await EXAMPLES[op.operationId]!(c);
      const res = await api(t.baseUrl, method.toUpperCase(), `/api/v1${call.path}`, {
        token: call.token,
        json: call.json,
      });
      expect(res.status, `${op.operationId}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(call.expect);

      const personal = (op.security ?? []).some((s) => s && Object.keys(s as object).includes('bearer'));
      const required = personal && !(op.security ?? []).some((s) => s && Object.keys(s as object).length === 0);
      if (required) {
        // Without a token: 401, as documented.
        const anonymous = await api(t.baseUrl, method.toUpperCase(), `/api/v1${call.path}`, { json: call.json });
        expect(anonymous.status, `${op.operationId} without a token`).toBe(401);
      }
      if (path.includes('{id}')) {
        // An id nobody has: 404.
        const unknown = call.path.replace(/\/(\d+)(?=$|[/.?])/, '/2147483000');
        const res404 = await api(t.baseUrl, method.toUpperCase(), `/api/v1${unknown}`, {
          token: call.token,
          json: call.json,
        });
        expect(res404.status, `${op.operationId} with an unknown id`).toBe(404);
      }
      if (op.requestBody) {
        // A body that is not what the schema says: 4xx with a problem, never 5xx.
        const bad = await api(t.baseUrl, method.toUpperCase(), `/api/v1${call.path}`, {
          token: call.token,
          json: { unexpected: true },
        });
        expect([400, 404, 422], `${op.operationId} with a wrong body`).toContain(bad.status);
      }
    }
  });
});

describe(`a client written from the document books on its first attempt (${engine})`, () => {
  it('at every demo center, for an employee, a partner employee and a person with needs, today, ahead and around a closure', async () => {
    const demo = await startTestApp();
    try {
      await seedDemoData(demo.db, demo.clock, { withUsers: true, needsKey: testConfig().needsKey });
      const centers = (await api(demo.baseUrl, 'GET', '/api/v1/centers')).body.data as { id: number; code: string }[];
      // A closure at the first center on Thursday: that day says closed, Friday books as usual.
      await demo.db.insert(s.closures).values({
        centerId: centers[0]!.id,
        startsOn: '2026-12-03',
        endsOn: '2026-12-03',
        reason: '점검',
        kind: 'maintenance',
      });
      const tokens: Record<string, string> = {};
      for (const username of ['employee', 'kang.doyun', 'han.jimin']) {
        const res = await api(demo.baseUrl, 'POST', '/api/v1/auth/tokens', {
          json: { username, password: DEMO_PASSWORD, name: 'first-attempt' },
        });
        tokens[username] = res.body.token;
      }
      let booked = 0;
      for (const center of centers) {
        for (const [username, token] of Object.entries(tokens)) {
          for (const date of ['2026-12-01', '2026-12-03', '2026-12-04']) {
            const availability = await api(
              demo.baseUrl,
              'GET',
              `/api/v1/centers/${center.id}/availability?date=${date}`,
              {
                token,
              },
            );
            const offer = (
              availability.body.data as { deskId: number; kind: string; bookable: { start: string; end: string }[] }[]
            ).find((d) => d.kind === 'desk' && d.bookable.length > 0);
            if (!availability.body.open) {
              expect(offer, `${center.code} ${date} is closed`).toBeUndefined();
              continue;
            }
            if (!offer) continue; // nothing for this person here (a partner zone elsewhere, a full day)
            const res = await api(demo.baseUrl, 'POST', '/api/v1/bookings', {
              token,
              json: { deskId: offer.deskId, ...offer.bookable[0]! },
            });
            expect(res.status, `${username} at ${center.code} on ${date}: ${JSON.stringify(res.body)}`).toBe(201);
            booked++;
            await api(demo.baseUrl, 'DELETE', `/api/v1/bookings/${res.body.id}`, { token });
          }
        }
      }
      expect(booked).toBeGreaterThan(centers.length * 3);
    } finally {
      await demo.destroy();
    }
  });
});
