import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { teams } from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createOrganisation } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';
import { appRoutes } from '../helpers/routes.js';

/**
 * Every route of the app — web pages and forms, and the API — walked as a visitor and as each role,
 * against the expected matrix below. Routes come from the app's own router stack, so a route added
 * without a row here fails the first test: nobody ships a screen whose audience was never decided.
 *
 * Outcomes are classes, not exact statuses: 'ok' (the role got past authorisation: a page, a
 * validation answer such as 422, or a 404 for an object that is not theirs), 'login' (a visitor is
 * sent to sign in, or the API answers 401) and 'deny' (403). The exact answers of the
 * administration screens are in admin-route-matrix.test.ts.
 */

const ROLES = ['employee', 'manager', 'operator', 'admin', 'partner_admin'] as const;
type Role = (typeof ROLES)[number];
type Who = 'anonymous' | Role;
type Outcome = 'ok' | 'login' | 'deny';

/** Who may use a route. */
const AUDIENCE = {
  /** Anyone, signed in or not. */
  everyone: { anonymous: 'ok', employee: 'ok', manager: 'ok', operator: 'ok', admin: 'ok', partner_admin: 'ok' },
  /** Any signed-in person. */
  member: { anonymous: 'login', employee: 'ok', manager: 'ok', operator: 'ok', admin: 'ok', partner_admin: 'ok' },
  /** Managers who approve plans (and administrators). */
  approver: {
    anonymous: 'login',
    employee: 'deny',
    manager: 'ok',
    operator: 'deny',
    admin: 'ok',
    partner_admin: 'deny',
  },
  /** The people who run centers: operators (their own) and administrators. */
  runner: { anonymous: 'login', employee: 'deny', manager: 'deny', operator: 'ok', admin: 'ok', partner_admin: 'deny' },
  /** Administrators of the network. */
  admin: {
    anonymous: 'login',
    employee: 'deny',
    manager: 'deny',
    operator: 'deny',
    admin: 'ok',
    partner_admin: 'deny',
  },
  /** People screens and partner usage: administrators, and a partner's administrator for their own organisation. */
  organisationAdmin: {
    anonymous: 'login',
    employee: 'deny',
    manager: 'deny',
    operator: 'deny',
    admin: 'ok',
    partner_admin: 'ok',
  },
  /** Members who may live without a second factor; operators and administrators must keep theirs. */
  memberWithoutMfaDuty: {
    anonymous: 'login',
    employee: 'ok',
    manager: 'ok',
    operator: 'deny',
    admin: 'deny',
    partner_admin: 'deny',
  },
  /** The second step of signing in: only within a sign-in that is under way, so everyone else starts again. */
  signingIn: {
    anonymous: 'login',
    employee: 'login',
    manager: 'login',
    operator: 'login',
    admin: 'login',
    partner_admin: 'login',
  },
} as const satisfies Record<string, Record<Who, Outcome>>;
type Audience = keyof typeof AUDIENCE;

/**
 * The expected audience of every route, as 'METHOD /path' with Express's :params. Approvals are open
 * to every member because a manager may delegate approving to anyone; the pages show each person only
 * the plans they may decide. /dev/mail exists only outside production. Where a route names a person
 * (:userId), it is the caller: a partner's administrator may not edit their own account (nor any
 * account with a role they cannot grant), so those rows stay with administrators.
 */
const BY_AUDIENCE: Record<Audience, string[]> = {
  everyone: [
    'GET /api/v1/open-data/programmes',
    'GET /api/v1/open-data/programmes/:id',
    'GET /floor-plans/:zoneId/:hash',
    'GET /offline',
    'GET /programmes/results',
    'GET /programmes/results/:id',
    'GET /sw.js',
    'GET /',
    'GET /accessibility',
    'GET /api/docs',
    'GET /api/problems/:slug',
    'GET /calendar/:token.ics',
    'GET /centers',
    'GET /centers/:id',
    'GET /centers/:id/history',
    'GET /dev/mail',
    'GET /dev/mail/:id',
    'GET /dev/mail/:id/html',
    'GET /display/centers/:id',
    'GET /healthz',
    'GET /login',
    'GET /login/mfa/passkey/options',
    'GET /mail/unsubscribe/:token',
    'GET /open-data',
    'GET /password-reset/:token',
    'GET /preferences',
    'GET /static/vendor/simplewebauthn-browser.js',
    'POST /login',
    'POST /mail/unsubscribe/:token',
    'POST /password-reset/:token',
    'POST /preferences',
    'GET /api/v1/asyncapi.json',
    'GET /api/v1/centers',
    'GET /api/v1/centers/:id',
    'GET /api/v1/centers/:id/availability',
    'GET /api/v1/centers/:id/desks',
    'GET /api/v1/centers/:id/occupancy',
    'GET /api/v1/open-data/centers.csv',
    'GET /api/v1/open-data/occupancy.csv',
    'GET /api/v1/openapi.json',
    'POST /api/v1/auth/tokens',
  ],
  member: [
    'GET /absences/:id/delete',
    'GET /access',
    'POST /access',
    'GET /approvals/delegations/:id/delete',
    'GET /bookings/:id',
    'GET /bookings/:id/cancel',
    'GET /checkin/scan',
    'GET /colleagues',
    'GET /profile/calendar/delete',
    'GET /profile/needs/delete',
    'GET /profile/security/passkeys/:id/remove',
    'GET /profile/tokens/:id/revoke',
    'GET /profile/webhooks/:id/delete',
    'GET /programmes',
    'GET /programmes/:id',
    'GET /search',
    'GET /series/:id/cancel-rest',
    'POST /favourites',
    'POST /programmes/:id/apply',
    'POST /programmes/:id/survey',
    'POST /programmes/:id/withdraw',
    'GET /absences',
    'GET /approvals',
    'GET /bookings',
    'GET /bookings/:id/ics',
    'GET /bookings/new',
    'GET /checkin/:deskId',
    'GET /notifications',
    'GET /profile',
    'GET /profile/email',
    'GET /profile/needs',
    'GET /profile/needs/export',
    'GET /profile/security',
    'GET /profile/security/passkeys/new',
    'GET /profile/security/passkeys/options',
    'GET /profile/security/recovery-codes',
    'GET /profile/security/totp',
    'GET /profile/sessions',
    'GET /profile/webhooks',
    'GET /reauth',
    'GET /schedules',
    'GET /schedules/:id',
    'GET /schedules/:id/edit',
    'GET /schedules/new',
    'GET /simple',
    'GET /simple/confirm',
    'GET /simple/when',
    'GET /team-calendar',
    'POST /absences',
    'POST /absences/:id/delete',
    'POST /approvals/:id',
    'POST /approvals/bulk',
    'POST /approvals/delegations',
    'POST /approvals/delegations/:id/delete',
    'POST /bookings',
    'POST /bookings/:id/cancel',
    'POST /bookings/:id/check-in',
    'POST /bookings/:id/check-out',
    'POST /checkin/:deskId',
    'POST /profile/calendar',
    'POST /profile/calendar/delete',
    'POST /profile/email',
    'POST /profile/needs',
    'POST /profile/needs/delete',
    'POST /profile/password',
    'POST /profile/security/passkeys',
    'POST /profile/security/passkeys/:id/remove',
    'POST /profile/security/recovery-codes',
    'POST /profile/security/totp',
    'POST /profile/sessions/:handle/end',
    'POST /profile/sessions/end-others',
    'POST /profile/tokens',
    'POST /profile/tokens/:id/revoke',
    'POST /profile/webhooks',
    'POST /profile/webhooks/:id/delete',
    'POST /profile/webhooks/:id/test',
    'POST /reauth',
    'POST /schedules',
    'POST /schedules/:id/change',
    'POST /schedules/:id/submit',
    'POST /schedules/:id/withdraw',
    'POST /series/:id/cancel-rest',
    'POST /simple/book',
    'POST /today/usual',
    'POST /waitlist',
    'POST /waitlist/:id/leave',
    'DELETE /api/v1/bookings/:id',
    'DELETE /api/v1/me/absences/:id',
    'DELETE /api/v1/series/:id',
    'DELETE /api/v1/waitlist/:id',
    'GET /api/v1/approvals',
    'GET /api/v1/bookings/:id',
    'GET /api/v1/bookings/:id.ics',
    'GET /api/v1/me',
    'GET /api/v1/me/absences',
    'GET /api/v1/me/bookings',
    'GET /api/v1/me/calendar.ics',
    'GET /api/v1/me/plans',
    'GET /api/v1/me/plans/:id',
    'GET /api/v1/me/waitlist',
    'GET /api/v1/series/:id',
    'GET /api/v1/team/week',
    'PATCH /api/v1/bookings/:id',
    'POST /api/v1/approvals/:id',
    'POST /api/v1/bookings',
    'POST /api/v1/bookings/:id/check-in',
    'POST /api/v1/bookings/:id/check-out',
    'POST /api/v1/me/absences',
    'POST /api/v1/me/plans',
    'POST /api/v1/me/plans/:id/submit',
    'POST /api/v1/me/plans/:id/withdraw',
    'POST /api/v1/series',
    'POST /api/v1/waitlist',
  ],
  approver: [],
  runner: [
    'GET /admin/partner-shares',
    'GET /operator/centers/:centerId/closures/:closureId/delete',
    'GET /operator/centers/:centerId/space/zones/:zoneId/plan',
    'POST /operator/centers/:centerId/space/zones/:zoneId/plan',
    'POST /operator/centers/:centerId/space/zones/:zoneId/plan/image',
    'POST /operator/centers/:centerId/space/zones/:zoneId/plan/image/remove',
    'GET /operator/civilians',
    'GET /operator/civilians/:approvalId/revoke',
    'POST /operator/civilians/:approvalId/approve',
    'POST /operator/civilians/:approvalId/refuse',
    'POST /operator/civilians/:approvalId/revoke',
    'GET /operator/holds/:userId/lift',
    'GET /operator/reports',
    'GET /operator',
    'GET /operator/centers/:centerId',
    'GET /operator/centers/:centerId/qr',
    'GET /operator/centers/:centerId/settings',
    'GET /operator/centers/:centerId/space',
    'GET /operator/centers/:centerId/space/desks/:deskId/edit',
    'GET /operator/centers/:centerId/space/desks/:deskId/retire',
    'GET /operator/centers/:centerId/space/zones/:zoneId/edit',
    'GET /operator/centers/:centerId/space/zones/:zoneId/retire',
    'POST /operator/centers/:centerId/bookings/:bookingId/check-in',
    'POST /operator/centers/:centerId/closures',
    'POST /operator/centers/:centerId/closures/:closureId/delete',
    'POST /operator/centers/:centerId/desks/:deskId/in-service',
    'POST /operator/centers/:centerId/desks/:deskId/out-of-service',
    'POST /operator/centers/:centerId/holidays',
    'POST /operator/centers/:centerId/policy',
    'POST /operator/centers/:centerId/resource-modes',
    'POST /operator/centers/:centerId/space/desks',
    'POST /operator/centers/:centerId/space/desks/:deskId/edit',
    'POST /operator/centers/:centerId/space/desks/:deskId/retire',
    'POST /operator/centers/:centerId/space/zones',
    'POST /operator/centers/:centerId/space/zones/:zoneId/edit',
    'POST /operator/centers/:centerId/space/zones/:zoneId/retire',
    'POST /operator/holds/:userId/lift',
  ],
  admin: [
    'GET /admin/closures/:id/delete',
    'GET /admin/partner-shares/:shareId/delete',
    'POST /admin/partner-shares/:shareId/delete',
    'GET /admin/partner-shares/:shareId/edit',
    'POST /admin/partner-shares/:shareId/edit',
    'GET /admin/partner-shares/new',
    'POST /admin/partner-shares/new',
    'GET /admin/programmes',
    'GET /admin/programmes/:id',
    'GET /admin/programmes/:id/dashboard',
    'GET /admin/programmes/:id/outcomes.csv',
    'GET /admin/programmes/:id/report',
    'GET /admin/programmes/new',
    'POST /admin/programmes',
    'POST /admin/programmes/:id/invite',
    'POST /admin/programmes/:id/members/:memberId',
    'POST /admin/programmes/:id/publish',
    'GET /admin/reports',
    'GET /admin/audit',
    'GET /admin/audit.csv',
    'GET /admin/centers',
    'GET /admin/centers/:centerId/edit',
    'GET /admin/centers/new',
    'GET /admin/closures',
    'GET /admin/organisations',
    'GET /admin/organisations/:orgId/edit',
    'GET /admin/organisations/new',
    'GET /admin/people/:userId/deactivate',
    'GET /admin/people/:userId/edit',
    'GET /admin/people/import',
    'GET /admin/security',
    'GET /admin/teams/:teamId/edit',
    'GET /admin/teams/new',
    'POST /admin/centers/:centerId/edit',
    'POST /admin/centers/new',
    'POST /admin/closures',
    'POST /admin/closures/:id/delete',
    'POST /admin/organisations',
    'POST /admin/organisations/:orgId/edit',
    'POST /admin/people/:userId/deactivate',
    'POST /admin/people/:userId/edit',
    'POST /admin/people/:userId/reactivate',
    'POST /admin/people/import',
    'POST /admin/security/end-sessions',
    'POST /admin/security/reset',
    'POST /admin/teams',
    'POST /admin/teams/:teamId/edit',
  ],
  organisationAdmin: ['GET /admin/people', 'GET /admin/people/new', 'POST /admin/people/new', 'GET /partner/usage'],
  memberWithoutMfaDuty: ['POST /profile/security/totp/disable'],
  signingIn: [
    'GET /login/mfa',
    'GET /login/mfa/setup',
    'POST /login/mfa',
    'POST /login/mfa/passkey',
    'POST /login/mfa/setup',
  ],
};
/** Signing out is walked last, on its own: it ends the session the other rows need. */
const LAST = 'POST /logout';

let t: TestApp;
const web: Partial<Record<Who, HttpClient>> = {};
const tokens: Partial<Record<Role, string>> = {};
const ids: Partial<Record<Who, Record<string, string>>> = {};

/** The path to request for a route, with each :param replaced by an object of the caller's where one exists. */
function pathFor(route: string, who: Who): string {
  const own = ids[who === 'anonymous' ? 'employee' : who]!;
  const path = route.split(' ')[1]!;
  // ':id' names a center under /centers/ and a booking under /bookings/; elsewhere an object that need not exist.
  const idOf = path.includes('centers/:id') ? own.centerId : path.includes('bookings/:id') ? own.bookingId : undefined;
  return path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? idOf : own[name]) ?? '999999');
}

async function outcome(route: string, who: Who): Promise<{ outcome: Outcome; status: number }> {
  const [method] = route.split(' ') as [string];
  const path = pathFor(route, who);
  if (path.startsWith('/api/v1/')) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (who !== 'anonymous') headers.authorization = `Bearer ${tokens[who]}`;
    let body: string | undefined;
    if (method !== 'GET' && method !== 'DELETE') {
      headers['content-type'] = 'application/json';
      body = '{}';
    }
    const res = await fetch(t.baseUrl + path, { method, headers, body, redirect: 'manual' });
    await res.arrayBuffer();
    return {
      status: res.status,
      outcome: res.status === 401 ? 'login' : res.status === 403 ? 'deny' : 'ok',
    };
  }
  const client = web[who]!;
  if (method === 'POST') await client.get('/centers'); // a fresh CSRF token
  const res = method === 'GET' ? await client.get(path) : await client.post(path);
  const toLogin = res.status === 303 && (res.location ?? '').startsWith('/login');
  return { status: res.status, outcome: toLogin ? 'login' : res.status === 403 ? 'deny' : 'ok' };
}

beforeAll(async () => {
  t = await startTestApp();
  const { center, zone, desks } = await createCenter(t.db, { desks: 6 });
  web.anonymous = t.client();
  const partner = await createOrganisation(t.db, 'private');
  let n = 0;
  for (const role of ROLES) {
    const { user, client } = await signedIn(t, {
      role,
      operates: role === 'operator' ? center.id : undefined,
      organisationId: role === 'partner_admin' ? partner.id : undefined,
    });
    web[role] = client;
    // Operators and administrators take tokens from their profile after two-factor sign-in, not by password alone.
    tokens[role] = (await createApiToken(t.db, user.id, 'matrix', t.clock.now())).token;
    const [team] = await t.db
      .insert(teams)
      .values({ code: `matrix-${user.id}`, organisationId: user.organisationId, name: '팀', nameEn: 'Team' })
      .returning();
    // Each person's own booking, so routes about "my booking" are asked about a real one.
    const desk = desks[n++]!;
    const booked = await fetch(`${t.baseUrl}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
      body: JSON.stringify({ deskId: desk.id, start: '2026-12-03T10:00:00+09:00', end: '2026-12-03T12:00:00+09:00' }),
    });
    // A partner's staff book only where their organisation has a zone or a share: none here.
    expect(booked.status).toBe(role === 'partner_admin' ? 403 : 201);
    const booking = booked.status === 201 ? ((await booked.json()) as { id: number }).id : 999_999;
    const own: Record<string, string> = {
      centerId: String(center.id),
      id: String(booking),
      bookingId: String(booking),
      deskId: String(desk.id),
      zoneId: String(zone.id),
      userId: String(user.id),
      orgId: String(user.organisationId),
      teamId: String(team!.id),
      slug: 'booking-conflict',
    };
    ids[role] = own;
  }
  ids.anonymous = ids.employee;
});
afterAll(() => t.destroy());

const WHO: Who[] = ['anonymous', ...ROLES];

describe(`every route by role (${engine})`, () => {
  it('has exactly one audience for every route the app has, and none for a route that is gone', () => {
    const listed = Object.values(BY_AUDIENCE).flat();
    expect(listed.length).toBe(new Set(listed).size);
    expect([...appRoutes(t)].sort()).toEqual([...listed, LAST].sort());
  });

  it.runIf(process.env.PRINT_ROUTES)(
    'prints what each role gets',
    async () => {
      const rows: string[] = [];
      for (const route of appRoutes(t).sort()) {
        if (route === LAST) continue;
        const answers = await Promise.all(WHO.map((who) => outcome(route, who)));
        rows.push(`${route.padEnd(64)} ${answers.map((a) => `${a.outcome}(${a.status})`).join(' ')}`);
      }
      console.log(rows.join('\n'));
    },
    600_000,
  );

  it('answers each role as the matrix says', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [audience, routes] of Object.entries(BY_AUDIENCE) as [Audience, string[]][]) {
      for (const route of routes) {
        // Each role is its own person with its own session, so the five requests can go at once.
        const answers = await Promise.all(WHO.map((who) => outcome(route, who)));
        WHO.forEach((who, i) => {
          got.push(`${route} as ${who}: ${answers[i]!.outcome}`);
          want.push(`${route} as ${who}: ${AUDIENCE[audience][who]}`);
          // Nothing, for anyone, is a server error.
          expect(answers[i]!.status, `${route} as ${who}`).toBeLessThan(500);
        });
      }
    }
    expect(got).toEqual(want);
  }, 300_000);

  it("never shows one person's booking to another, on the web or through the API", async () => {
    const theirs = ids.employee!.bookingId!;
    for (const path of [`/bookings/${theirs}/ics`]) {
      const res = await web.manager!.get(path);
      expect([403, 404], path).toContain(res.status);
    }
    for (const path of [`/api/v1/bookings/${theirs}`, `/api/v1/bookings/${theirs}.ics`]) {
      const res = await fetch(t.baseUrl + path, { headers: { authorization: `Bearer ${tokens.manager}` } });
      expect([403, 404], path).toContain(res.status);
    }
  });

  it('signs a member out; a visitor signing out is merely sent on', async () => {
    expect((await outcome(LAST, 'anonymous')).status).toBe(303);
    const res = await outcome(LAST, 'employee');
    expect(res.status).toBe(303);
    expect((await web.employee!.get('/bookings')).location).toBe('/login');
  });
});
