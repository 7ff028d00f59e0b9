import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from '../../src/bookings/book.js';
import * as s from '../../src/db/schema.js';
import { DomainError } from '../../src/errors.js';
import { api } from '../helpers/api.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';

/**
 * Public–private centers: a partner's quota of a center's desks (book()'s partnerQuota rule, also
 * under concurrent bookings), partner administrators acting only within their organisation, the
 * civilian approval lifecycle, and the confirmation pages of the new destructive actions.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const DAY = '2026-12-02';
const deps = () => ({ clock: t.clock, needsKey: Buffer.alloc(32, 7) });
const bookDesk = (personId: number, deskId: number, start = 9 * 60, end = 12 * 60) =>
  book(t.db, deps(), { source: 'form', actorId: personId, personId, deskId, date: DAY, start, end });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.key : e),
  );

async function partnerAt(desks: number, percent: number) {
  const made = await createCenter(t.db, { desks });
  const partner = await createOrganisation(t.db, 'private');
  await t.db.insert(s.partnerShares).values({
    centerId: made.center.id,
    organisationId: partner.id,
    percent,
    validFrom: '2026-11-01',
    validTo: '2026-12-31',
  });
  return { ...made, partner };
}

describe(`partner quotas (${engine})`, () => {
  it('lets a partner hold ceil(percent × desks) desks a day at the center, then refuses with the reason', async () => {
    // 30% of 4 desks is 1.2: two desks.
    const w = await partnerAt(4, 30);
    const staff = await Promise.all([1, 2, 3, 4].map(() => createUser(t.db, { organisationId: w.partner.id })));
    await bookDesk(staff[0]!.id, w.desks[0]!.id);
    await bookDesk(staff[1]!.id, w.desks[1]!.id);
    expect(await refusal(bookDesk(staff[2]!.id, w.desks[2]!.id))).toBe('booking.error.partnerQuota');
    // A desk the partner already holds that day takes nothing more from the share.
    await bookDesk(staff[3]!.id, w.desks[0]!.id, 13 * 60, 17 * 60);
    // Another day is another share.
    await book(t.db, deps(), {
      source: 'form',
      actorId: staff[2]!.id,
      personId: staff[2]!.id,
      deskId: w.desks[2]!.id,
      date: '2026-12-03',
      start: 9 * 60,
      end: 12 * 60,
    });
    // A share is a cap, not a reservation: public staff book the remaining desks as before.
    const publicPerson = await createUser(t.db);
    await bookDesk(publicPerson.id, w.desks[2]!.id);
    // Cancelling gives the desk back to the share.
    const [held] = await t.db.select().from(s.bookings).where(eq(s.bookings.userId, staff[1]!.id));
    await t.db.update(s.bookings).set({ status: 'cancelled' }).where(eq(s.bookings.id, held!.id));
    await bookDesk(staff[2]!.id, w.desks[3]!.id);
  });

  it('refuses partner staff outside their zone at a center where they have no share, and after the share ends', async () => {
    const w = await partnerAt(2, 50);
    const person = await createUser(t.db, { organisationId: w.partner.id });
    const elsewhere = await createCenter(t.db, { desks: 1 });
    expect(await refusal(bookDesk(person.id, elsewhere.desks[0]!.id))).toBe('booking.error.zoneNotAllowed');
    const after = await refusal(
      book(t.db, deps(), {
        source: 'form',
        actorId: person.id,
        personId: person.id,
        deskId: w.desks[0]!.id,
        date: '2027-01-04',
        start: 9 * 60,
        end: 12 * 60,
      }),
    );
    // 2027-01-04 is beyond the horizon too; the zone rule comes first in the order.
    expect(after).toBe('booking.error.zoneNotAllowed');
  });

  it('holds the quota under concurrent bookings: of eight at once, exactly the share is admitted', async () => {
    // 25% of 8 desks: two.
    const w = await partnerAt(8, 25);
    const staff = await Promise.all(w.desks.map(() => createUser(t.db, { organisationId: w.partner.id })));
    const results = await Promise.allSettled(staff.map((p, i) => bookDesk(p.id, w.desks[i]!.id)));
    const admitted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(admitted).toHaveLength(2);
    for (const r of refused)
      expect(((r as PromiseRejectedResult).reason as DomainError).key).toBe('booking.error.partnerQuota');
    const desks = await t.db
      .select({ deskId: s.bookings.deskId })
      .from(s.bookings)
      .innerJoin(s.users, eq(s.bookings.userId, s.users.id))
      .where(and(eq(s.users.organisationId, w.partner.id), eq(s.bookings.status, 'booked')));
    expect(desks).toHaveLength(2);
  });

  it('answers the API with the partner-quota problem type, and the form with the reason in the error style', async () => {
    const w = await partnerAt(2, 50);
    const first = await createUser(t.db, { organisationId: w.partner.id });
    await bookDesk(first.id, w.desks[0]!.id);
    const second = await createUser(t.db, { organisationId: w.partner.id });
    const token = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
      json: { username: second.username, password: PASSWORD, name: 'client' },
    });
    const res = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: token.body.token,
      json: { deskId: w.desks[1]!.id, start: `${DAY}T09:00:00+09:00`, end: `${DAY}T12:00:00+09:00` },
    });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/api/problems/partner-quota');
    const client = t.client();
    await client.login(second.username, PASSWORD);
    await client.get(`/bookings/new?deskId=${w.desks[1]!.id}&date=${DAY}`);
    const form = await client.post('/bookings', {
      deskId: String(w.desks[1]!.id),
      date: DAY,
      start: '09:00',
      end: '12:00',
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.text).toContain('좌석 몫');
    expect(form.text).toMatch(/error-summary|field-error/);
  });
});

describe(`partner administrators (${engine})`, () => {
  it('manage the people of their own organisation only, and never give operator or admin roles', async () => {
    const partner = await createOrganisation(t.db, 'private');
    const pa = await signedIn(t, { role: 'partner_admin', organisationId: partner.id });
    const colleague = await createUser(t.db, { organisationId: partner.id });
    const stranger = await createUser(t.db);
    const list = await pa.client.get('/admin/people');
    expect(list.status).toBe(200);
    expect(list.text).toContain(colleague.username);
    expect(list.text).not.toContain(stranger.username);
    expect((await pa.client.get(`/admin/people/${stranger.id}/edit`)).status).toBe(403);
    expect((await pa.client.get(`/admin/people/${stranger.id}/deactivate`)).status).toBe(403);
    expect((await pa.client.get(`/admin/people/${colleague.id}/edit`)).status).toBe(200);
    // The form offers only their organisation and the roles they may give.
    const form = await pa.client.get('/admin/people/new');
    expect(form.text).not.toContain('value="admin"');
    expect(form.text).not.toContain('value="operator"');
    const base = { displayName: '새 사람', displayNameEn: 'New Person', teamId: '', contractedWeekHours: '' };
    const asAdmin = await pa.client.post('/admin/people/new', {
      ...base,
      username: 'pa-made-admin',
      role: 'admin',
      organisationId: String(partner.id),
    });
    expect(asAdmin.status).toBe(422);
    await pa.client.get('/admin/people/new');
    const elsewhere = await pa.client.post('/admin/people/new', {
      ...base,
      username: 'pa-made-elsewhere',
      role: 'employee',
      organisationId: String(stranger.organisationId),
    });
    expect(elsewhere.status).toBe(403);
    await pa.client.get('/admin/people/new');
    const ok = await pa.client.post('/admin/people/new', {
      ...base,
      username: 'pa-made-ok',
      role: 'employee',
      organisationId: String(partner.id),
      homeArea: 'mapo',
    });
    expect(ok.status).toBe(303);
    const [made] = await t.db.select().from(s.users).where(eq(s.users.username, 'pa-made-ok'));
    expect(made!.organisationId).toBe(partner.id);
    const [home] = await t.db.select().from(s.userHomes).where(eq(s.userHomes.userId, made!.id));
    expect(home!.areaCode).toBe('mapo');
    // Promoting a colleague to operator is refused, and nothing changes.
    await pa.client.get(`/admin/people/${colleague.id}/edit`);
    const promote = await pa.client.post(`/admin/people/${colleague.id}/edit`, {
      ...base,
      username: colleague.username,
      role: 'operator',
      organisationId: String(partner.id),
    });
    expect(promote.status).toBe(422);
    const [still] = await t.db.select().from(s.users).where(eq(s.users.id, colleague.id));
    expect(still!.role).toBe('employee');
    for (const path of ['/admin/people/import', '/admin/organisations', '/admin/partner-shares', '/admin/centers'])
      expect((await pa.client.get(path)).status).toBe(403);
  });

  it('see their organisation’s usage per center and day with the share', async () => {
    const w = await partnerAt(4, 50);
    const pa = await signedIn(t, { role: 'partner_admin', organisationId: w.partner.id });
    const staff = await createUser(t.db, { organisationId: w.partner.id });
    await bookDesk(staff.id, w.desks[0]!.id);
    const page = await pa.client.get(`/partner/usage?from=${DAY}&to=${DAY}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(w.center.name);
    expect(page.text).toContain('50%');
    expect(page.text).toMatch(/<td>1<\/td><td>1<\/td><td>2/);
  });

  it('refuses the home district when it is not one of the list', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const org = await createOrganisation(t.db);
    await admin.client.get('/admin/people/new');
    const res = await admin.client.post('/admin/people/new', {
      username: 'bad-home',
      displayName: '집',
      displayNameEn: 'Home',
      role: 'employee',
      organisationId: String(org.id),
      teamId: '',
      contractedWeekHours: '',
      homeArea: 'atlantis',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('목록에 있는 자치구를 고르세요');
  });
});

describe(`civilians (${engine})`, () => {
  it('ask, are approved by the operating organisation’s operators (told, audited), book, and lose access on revocation', async () => {
    const runner = await createOrganisation(t.db);
    const made = await createCenter(t.db, { desks: 2 });
    await t.db.update(s.centers).set({ operatorOrganisationId: runner.id }).where(eq(s.centers.id, made.center.id));
    const citizens = await createOrganisation(t.db, 'civilian');
    const civ = await signedIn(t, { organisationId: citizens.id });
    expect(await refusal(bookDesk(civ.user.id, made.desks[0]!.id))).toBe('booking.error.civilianNotApproved');

    const page = await civ.client.get('/access');
    expect(page.status).toBe(200);
    expect((await civ.client.post('/access', { organisationId: String(runner.id), note: '재택 대신' })).status).toBe(
      303,
    );
    expect(await refusal(bookDesk(civ.user.id, made.desks[0]!.id))).toBe('booking.error.civilianPending');
    await civ.client.get('/access');
    const again = await civ.client.post('/access', { organisationId: String(runner.id), note: '' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('error-summary');

    // An operator of a center run by another organisation cannot decide it.
    const elsewhere = await createCenter(t.db, { desks: 1 });
    const otherOperator = await signedIn(t, { role: 'operator', operates: elsewhere.center.id });
    const [approval] = await t.db.select().from(s.civilianApprovals).where(eq(s.civilianApprovals.userId, civ.user.id));
    const queue = await otherOperator.client.get('/operator/civilians');
    expect(queue.text).not.toContain(civ.user.username);
    expect((await otherOperator.client.post(`/operator/civilians/${approval!.id}/approve`)).status).toBe(403);

    const operator = await signedIn(t, { role: 'operator', operates: made.center.id });
    const mine = await operator.client.get('/operator/civilians');
    expect(mine.text).toContain(civ.user.username);
    expect((await operator.client.post(`/operator/civilians/${approval!.id}/approve`)).status).toBe(303);
    const notices = await t.db.select().from(s.notifications).where(eq(s.notifications.userId, civ.user.id));
    expect(notices.map((n) => n.messageKey)).toContain('notice.civilian.approved');
    const audit = await t.db
      .select()
      .from(s.adminChanges)
      .where(and(eq(s.adminChanges.entity, 'civilian_approval'), eq(s.adminChanges.entityId, approval!.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['approve', 'request']);
    await bookDesk(civ.user.id, made.desks[0]!.id);
    // Approving twice is refused, not repeated.
    await operator.client.get('/operator/civilians');
    expect((await operator.client.post(`/operator/civilians/${approval!.id}/approve`)).status).toBe(409);

    // Revoking asks first, then takes effect.
    const confirm = await operator.client.get(`/operator/civilians/${approval!.id}/revoke`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('button-warning');
    expect((await operator.client.post(`/operator/civilians/${approval!.id}/revoke`)).status).toBe(303);
    expect(await refusal(bookDesk(civ.user.id, made.desks[1]!.id, 13 * 60, 17 * 60))).toBe(
      'booking.error.civilianNotApproved',
    );
  });

  it('cannot be approved at a center that names no operating organisation', async () => {
    const made = await createCenter(t.db, { desks: 1 });
    const civ = await createUser(t.db, { organisationId: (await createOrganisation(t.db, 'civilian')).id });
    expect(await refusal(bookDesk(civ.id, made.desks[0]!.id))).toBe('booking.error.civilianNotApproved');
  });
});

describe(`partner shares administration (${engine})`, () => {
  it('admins add, edit and (after a confirmation page) remove a share, each audited; operators of the center only see it', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const made = await createCenter(t.db, { desks: 10 });
    const partner = await createOrganisation(t.db, 'private');
    const publicOrg = await createOrganisation(t.db);
    await admin.client.get('/admin/partner-shares/new');
    const wrongKind = await admin.client.post('/admin/partner-shares/new', {
      centerId: String(made.center.id),
      organisationId: String(publicOrg.id),
      percent: '30',
      validFrom: '2026-12-01',
      validTo: '',
    });
    expect(wrongKind.status).toBe(422);
    const badDate = await admin.client.post('/admin/partner-shares/new', {
      centerId: String(made.center.id),
      organisationId: String(partner.id),
      percent: '30',
      validFrom: '2026-02-30',
      validTo: '',
    });
    expect(badDate.status).toBe(422);
    const ok = await admin.client.post('/admin/partner-shares/new', {
      centerId: String(made.center.id),
      organisationId: String(partner.id),
      percent: '30',
      validFrom: '2026-12-01',
      validTo: '',
    });
    expect(ok.status).toBe(303);
    const overlap = await admin.client.post('/admin/partner-shares/new', {
      centerId: String(made.center.id),
      organisationId: String(partner.id),
      percent: '10',
      validFrom: '2027-01-01',
      validTo: '',
    });
    expect(overlap.status).toBe(422);
    const [share] = await t.db.select().from(s.partnerShares).where(eq(s.partnerShares.organisationId, partner.id));
    const list = await admin.client.get('/admin/partner-shares');
    expect(list.text).toContain('10석 중 3석');

    const operator = await signedIn(t, { role: 'operator', operates: made.center.id });
    const seen = await operator.client.get('/admin/partner-shares');
    expect(seen.status).toBe(200);
    expect(seen.text).toContain(made.center.name);
    expect(seen.text).not.toContain(`/admin/partner-shares/${share!.id}/edit`);
    expect((await operator.client.get(`/admin/partner-shares/${share!.id}/delete`)).status).toBe(403);

    const confirm = await admin.client.get(`/admin/partner-shares/${share!.id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('button-warning');
    expect(await t.db.select().from(s.partnerShares).where(eq(s.partnerShares.id, share!.id))).toHaveLength(1);
    expect((await admin.client.post(`/admin/partner-shares/${share!.id}/delete`)).status).toBe(303);
    expect(await t.db.select().from(s.partnerShares).where(eq(s.partnerShares.id, share!.id))).toHaveLength(0);
    const audit = await t.db
      .select()
      .from(s.adminChanges)
      .where(and(eq(s.adminChanges.entity, 'partner_share'), eq(s.adminChanges.entityId, share!.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete']);
  });
});

describe(`destructive actions ask first (${engine})`, () => {
  it('links cancelling to an "Are you sure?" page that changes nothing until its button is pressed', async () => {
    const made = await createCenter(t.db, { desks: 1 });
    const me = await signedIn(t);
    const { booking } = await bookDesk(me.user.id, made.desks[0]!.id);
    const list = await me.client.get('/bookings');
    expect(list.text).toContain(`href="/bookings/${booking.id}/cancel"`);
    expect(list.text).not.toContain(`action="/bookings/${booking.id}/cancel"`);
    const page = await me.client.get(`/bookings/${booking.id}/cancel`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('이 예약을 취소할까요?');
    // Which booking, by center and desk; and a button that says what it does, not a bare "취소".
    expect(page.text).toContain(`${made.center.name} ${made.desks[0]!.label}`);
    expect(page.text).toMatch(/<button[^>]*>예약 취소<\/button>/);
    expect(page.text).toContain(`action="/bookings/${booking.id}/cancel"`);
    expect(page.text).toContain('button-warning');
    const [still] = await t.db.select().from(s.bookings).where(eq(s.bookings.id, booking.id));
    expect(still!.status).toBe('booked');
    // Someone else's booking has no confirmation page either.
    const other = await signedIn(t);
    expect((await other.client.get(`/bookings/${booking.id}/cancel`)).status).toBe(404);
    expect((await me.client.post(`/bookings/${booking.id}/cancel`)).status).toBe(303);
    const [gone] = await t.db.select().from(s.bookings).where(eq(s.bookings.id, booking.id));
    expect(gone!.status).toBe('cancelled');
  });

  it('asks before the other destructive actions too', async () => {
    const me = await signedIn(t);
    for (const [path, title] of [
      ['/series/1/cancel-rest?from=2026-12-03', '반복 예약의 나머지를 모두 취소할까요?'],
      ['/profile/tokens/1/revoke', '이 API 토큰을 폐기할까요?'],
      ['/absences/1/delete', '이 휴가·출장 기록을 지울까요?'],
      ['/profile/needs/delete', '등록한 편의 지원 정보를 모두 지울까요?'],
      ['/profile/webhooks/1/delete', '이 웹훅을 지울까요?'],
      ['/profile/calendar/delete', '캘린더 주소를 지울까요?'],
    ] as const) {
      const page = await me.client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain(title);
      expect(page.text, path).toContain('button-warning');
    }
    const cancelRest = await me.client.get('/series/1/cancel-rest?from=2026-12-03');
    expect(cancelRest.text).toContain('name="from" value="2026-12-03"');
  });
});
