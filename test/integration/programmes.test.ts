import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminChanges,
  bookings,
  centers,
  needsAccessLog,
  organisations,
  programmeCenters,
  programmeDesks,
  programmeMembers,
  programmes,
  programmeWithdrawnTotals,
  userHomes,
} from '../../src/db/schema.js';
import { programmeOutcomes } from '../../src/programmes/service.js';
import { signedIn, startTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
import { createCenter, createUser } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

// The needs key of testConfig(): eligibility is sealed with it like the needs profile.
const KEY = () => Buffer.alloc(32, 7);

describe('pilot programme enrolment and its benefits in the one admission path', () => {
  it('creates, enrols, approves, applies the benefits to book(), and withdraws leaving only totals', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 3 });
    const admin = await signedIn(t, { role: 'admin' });
    const parent = await signedIn(t);
    const outsider = await signedIn(t);

    // An empty form is refused field by field, nothing written.
    await admin.client.get('/admin/programmes/new');
    const empty = await admin.client.post('/admin/programmes', {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('error-summary');
    expect(empty.text).toContain('href="#name"');

    const created = await admin.client.post('/admin/programmes', {
      name: '부모 스마트워크 시범사업',
      nameEn: 'Smart work for parents',
      goal: '집 가까이에서 일하기',
      goalEn: 'Work near home',
      startsOn: '2026-11-01',
      endsOn: '2027-02-28',
      targetGroups: 'parents',
      centerIds: String(center.id),
      extraHorizonDays: '14',
      reservedDesksPerCenter: '1',
      weeklyQuotaDays: '1',
    });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/programmes\/(\d+)/.exec(created.location ?? '')?.[1]);
    const [reserved] = await t.db.select().from(programmeDesks).where(eq(programmeDesks.programmeId, id));
    // The accessible desk stays held for needs: the first plain desk is reserved.
    expect(reserved!.deskId).toBe(desks[1]!.id);

    const reservedDesk = { deskId: String(desks[1]!.id), date: '2026-12-02', start: '09:00', end: '12:00' };
    // Not a participant: the reserved desk is refused with its reason.
    await parent.client.get('/centers');
    const refused = await parent.client.post('/bookings', reservedDesk);
    expect(refused.status).not.toBe(303);
    expect(refused.text).toContain('시범사업 참여자용');

    // Applying needs a declared group the programme is for; the declaration is sealed and logged.
    await parent.client.get(`/programmes/${id}`);
    const notEligible = await parent.client.post(`/programmes/${id}/apply`, {});
    expect(notEligible.status).toBe(422);
    expect(notEligible.text).toContain('이 사업의 대상에 해당하는 항목');
    expect((await parent.client.post(`/programmes/${id}/apply`, { groups: 'parents' })).status).toBe(303);
    const [applied] = await t.db.select().from(programmeMembers).where(eq(programmeMembers.programmeId, id));
    expect(applied).toMatchObject({ status: 'applied', userId: parent.user.id });
    expect(applied!.sealedEligibility).toBeTruthy();
    expect(applied!.sealedEligibility).not.toContain('parents');
    expect(Buffer.from(applied!.sealedEligibility!, 'base64').toString('utf8')).not.toContain('parents');
    // Applied is not yet taking part.
    await parent.client.get('/centers');
    expect((await parent.client.post('/bookings', reservedDesk)).status).not.toBe(303);

    // The administrator approves.
    const page = await admin.client.get(`/admin/programmes/${id}`);
    expect(page.text).toContain(parent.user.username);
    expect(
      (await admin.client.post(`/admin/programmes/${id}/members/${applied!.id}`, { decision: 'approve' })).status,
    ).toBe(303);

    // Now the reserved desk is theirs, once a week (quota 1): a second day that week is refused.
    await parent.client.get('/centers');
    expect((await parent.client.post('/bookings', reservedDesk)).status).toBe(303);
    await parent.client.get('/centers');
    const second = await parent.client.post('/bookings', { ...reservedDesk, date: '2026-12-03' });
    expect(second.status).toBe(422);
    expect(second.text).toContain('한 주에 1일까지');
    // A plain desk that day is fine, and the horizon benefit lets them book three weeks ahead.
    await parent.client.get('/centers');
    expect(
      (await parent.client.post('/bookings', { ...reservedDesk, deskId: String(desks[2]!.id), date: '2026-12-03' }))
        .status,
    ).toBe(303);
    const far = { deskId: String(desks[2]!.id), date: '2026-12-22', start: '09:00', end: '12:00' };
    await parent.client.get('/centers');
    expect((await parent.client.post('/bookings', far)).status).toBe(303);
    await outsider.client.get('/centers');
    expect((await outsider.client.post('/bookings', { ...far, start: '13:00', end: '15:00' })).status).toBe(422);
    await outsider.client.get('/centers');
    expect((await outsider.client.post('/bookings', { ...reservedDesk, date: '2026-12-04' })).status).not.toBe(303);

    // The participant sees their programme, benefits and progress.
    const mine = await parent.client.get(`/programmes/${id}`);
    expect(mine.text).toContain('참여 중');
    expect(mine.text).toContain('14일 더 일찍 예약');
    expect(mine.text).toContain('계산 방법');

    // Withdrawing deletes the membership and its declaration; the totals keep a count, not a person.
    await parent.client.get(`/programmes/${id}`);
    expect((await parent.client.post(`/programmes/${id}/withdraw`)).status).toBe(303);
    expect(await t.db.select().from(programmeMembers).where(eq(programmeMembers.programmeId, id))).toEqual([]);
    const totals = await t.db
      .select()
      .from(programmeWithdrawnTotals)
      .where(eq(programmeWithdrawnTotals.programmeId, id));
    expect(totals.map((r) => [r.targetGroup, r.people]).sort()).toEqual([
      ['everyone', 1],
      ['parents', 1],
    ]);
    expect(JSON.stringify(totals)).not.toContain(String(parent.user.username));
    // The benefit ends with the membership.
    await parent.client.get('/centers');
    expect((await parent.client.post('/bookings', { ...far, date: '2026-12-23' })).status).toBe(422);

    // Everything is in the audit log, without the declaration.
    const audit = await t.db.select().from(adminChanges).where(eq(adminChanges.entity, 'programme_member'));
    const actions = audit.filter((a) => a.entityId === applied!.id).map((a) => a.action);
    expect(actions).toEqual(['apply', 'approve', 'withdraw']);
    expect(JSON.stringify(audit)).not.toContain('parents');
    const [createdAudit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'programme'), eq(adminChanges.entityId, id)));
    expect(createdAudit!.action).toBe('create');
    const log = await t.db.select().from(needsAccessLog).where(eq(needsAccessLog.subjectId, parent.user.id));
    expect(log.map((l) => l.action)).toEqual(['programme.declare', 'programme.withdraw']);
  });

  it('lets an invited person accept by declaring, and keeps other roles out of the administration', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const invited = await signedIn(t);
    const [p] = await t.db
      .insert(programmes)
      .values({
        name: '모두의 시범사업',
        nameEn: 'Pilot for all',
        goal: '',
        goalEn: '',
        startsOn: '2026-11-01',
        endsOn: '2027-01-31',
        targetGroups: ['everyone'],
      })
      .returning();
    await admin.client.get(`/admin/programmes/${p!.id}`);
    const unknown = await admin.client.post(`/admin/programmes/${p!.id}/invite`, { username: 'nobody-here' });
    expect(unknown.status).toBe(422);
    await admin.client.get(`/admin/programmes/${p!.id}`);
    expect(
      (await admin.client.post(`/admin/programmes/${p!.id}/invite`, { username: invited.user.username })).status,
    ).toBe(303);
    await invited.client.get(`/programmes/${p!.id}`);
    expect((await invited.client.post(`/programmes/${p!.id}/apply`, {})).status).toBe(303);
    const [m] = await t.db.select().from(programmeMembers).where(eq(programmeMembers.programmeId, p!.id));
    expect(m).toMatchObject({ status: 'approved', approvedOn: '2026-12-01' });
    expect((await invited.client.get('/admin/programmes')).status).toBe(403);
  });
});

describe('deciding on an application', () => {
  it('needs an explicit decision and a member of the programme in the address', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const person = await signedIn(t);
    const made = [];
    for (const name of ['결정 시범사업', '다른 시범사업'])
      made.push(
        (
          await t.db
            .insert(programmes)
            .values({
              name,
              nameEn: 'Decision pilot',
              goal: '',
              goalEn: '',
              startsOn: '2026-11-01',
              endsOn: '2027-01-31',
              targetGroups: ['everyone'],
            })
            .returning()
        )[0]!,
      );
    const [p, other] = made;
    const [m] = await t.db
      .insert(programmeMembers)
      .values({ programmeId: p!.id, userId: person.user.id, status: 'applied', appliedAt: TEST_NOW })
      .returning();
    await admin.client.get(`/admin/programmes/${p!.id}`);
    // No decision (a stray or crafted request) declines nobody.
    expect((await admin.client.post(`/admin/programmes/${p!.id}/members/${m!.id}`, {})).status).toBe(400);
    // The member under another programme's address is not found there.
    await admin.client.get(`/admin/programmes/${other!.id}`);
    expect(
      (await admin.client.post(`/admin/programmes/${other!.id}/members/${m!.id}`, { decision: 'approve' })).status,
    ).toBe(404);
    const [still] = await t.db.select().from(programmeMembers).where(eq(programmeMembers.id, m!.id));
    expect(still!.status).toBe('applied');
    await admin.client.get(`/admin/programmes/${p!.id}`);
    expect(
      (await admin.client.post(`/admin/programmes/${p!.id}/members/${m!.id}`, { decision: 'decline' })).status,
    ).toBe(303);
    const [declined] = await t.db.select().from(programmeMembers).where(eq(programmeMembers.id, m!.id));
    expect(declined!.status).toBe('declined');
  });
});

describe('programme outcomes from a fixed scenario', () => {
  // On one meridian the haversine distance is R·Δφ: 0.15° saved each way, there and back.
  const DAY_KM = 2 * 0.15 * ((6371 * Math.PI) / 180);

  it('match the figures worked out by hand, and the public outputs withhold groups under five', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 3 });
    await t.db.update(centers).set({ lat: 37.05, lng: 127.0 }).where(eq(centers.id, center.id));
    const [org] = await t.db
      .insert(organisations)
      .values({ code: `hq-${center.id}`, name: '본청', nameEn: 'HQ', kind: 'public', hqLat: 37.2, hqLng: 127.0 })
      .returning();
    const admin = await signedIn(t, { role: 'admin' });
    const [p] = await t.db
      .insert(programmes)
      .values({
        name: '성과 시범사업',
        nameEn: 'Outcome pilot',
        goal: '',
        goalEn: '',
        startsOn: '2026-11-02',
        endsOn: '2027-01-31',
        targetGroups: ['parents', 'disabled', 'everyone'],
      })
      .returning();
    await t.db.insert(programmeDesks).values({ programmeId: p!.id, deskId: desks[1]!.id });
    await t.db.insert(programmeCenters).values({ programmeId: p!.id, centerId: center.id });
    const { sealEligibility } = await import('../../src/programmes/repository.js');
    // Five parents and one disabled colleague, all from 2 November, all living at 37.0°N 127.0°E.
    const people = [];
    for (let i = 0; i < 6; i++) {
      const u = await createUser(t.db, { organisationId: org!.id });
      people.push(u);
      await t.db.insert(userHomes).values({ userId: u.id, lat: 37.0, lng: 127.0 });
      await t.db.insert(programmeMembers).values({
        programmeId: p!.id,
        userId: u.id,
        status: 'approved',
        sealedEligibility: sealEligibility(KEY(), [i < 5 ? 'parents' : 'disabled']),
        appliedAt: TEST_NOW,
        approvedOn: '2026-11-02',
      });
      // Two days each on the reserved desk (3 and 4 November), an hour apiece so they do not overlap.
      for (const date of ['2026-11-03', '2026-11-04']) {
        await t.db.insert(bookings).values({
          deskId: desks[1]!.id,
          userId: u.id,
          createdById: u.id,
          startsAt: new Date(`${date}T${String(8 + i).padStart(2, '0')}:00:00+09:00`),
          endsAt: new Date(`${date}T${String(9 + i).padStart(2, '0')}:00:00+09:00`),
          status: 'completed',
        });
      }
    }
    // The disabled colleague also missed one booking and cancelled another.
    const last = people[5]!;
    for (const [date, status] of [
      ['2026-11-05', 'no_show'],
      ['2026-11-06', 'cancelled'],
    ] as const) {
      await t.db.insert(bookings).values({
        deskId: desks[2]!.id,
        userId: last.id,
        createdById: last.id,
        startsAt: new Date(`${date}T09:00:00+09:00`),
        endsAt: new Date(`${date}T10:00:00+09:00`),
        status,
      });
    }

    const { outcomes } = await programmeOutcomes({ db: t.db, clock: t.clock, needsKey: KEY() }, admin.user.id, p!.id);
    const g = (name: string) => outcomes.groups.find((x) => x.group === name)!;
    // 2 November to 1 December (today): 30 days, 30/7 weeks each.
    const weeks = 30 / 7;
    expect(g('everyone')).toMatchObject({ people: 6, smartWorkDays: 12, bookings: 14, cancelled: 1, noShows: 1 });
    expect(g('everyone').weeks).toBeCloseTo(6 * weeks, 10);
    expect(g('everyone').daysPerWeek).toBeCloseTo(12 / (6 * weeks), 10); // 0.4667
    expect(g('everyone').baselineDaysPerWeek).toBe(0);
    expect(g('everyone').cancellationRate).toBeCloseTo(1 / 14, 10);
    expect(g('everyone').noShowRate).toBeCloseTo(1 / 13, 10);
    expect(g('everyone').kmSaved).toBeCloseTo(12 * DAY_KM, 6); // 400.3 km
    expect(g('everyone').co2Kg).toBeCloseTo(12 * DAY_KM * 0.17, 6); // 68.05 kg
    expect(g('parents')).toMatchObject({ people: 5, smartWorkDays: 10, noShows: 0 });
    expect(g('disabled')).toMatchObject({ people: 1, smartWorkDays: 2, noShows: 1, cancelled: 1 });
    // 22 weekdays from 2 November to 1 December; the reserved desk used on 2 of them (several people a day: one desk-day).
    expect(outcomes.centers[0]).toMatchObject({ reservedDeskDaysUsed: 2, reservedDeskDaysOffered: 22, people: 6 });
    // Reading the declarations to count by group is logged for each participant.
    const reads = await t.db.select().from(needsAccessLog).where(eq(needsAccessLog.subjectId, last.id));
    expect(reads.map((r) => r.action)).toContain('programme.aggregate');

    // The dashboard shows the figures with their method; CSV and the report carry the same.
    const dash = await admin.client.get(`/admin/programmes/${p!.id}/dashboard`);
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('<svg class="chart"');
    expect(dash.text).toContain('0.47');
    expect(dash.text).toContain('400.3');
    expect(dash.text).toContain('0.17kg/km');
    const csv = await admin.client.get(`/admin/programmes/${p!.id}/outcomes.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('group,disabled,1,0,2');
    expect((await admin.client.get(`/admin/programmes/${p!.id}/report`)).text).toContain('400.3');

    // Published: parents (5) and everyone (6) shown, the one disabled colleague withheld everywhere.
    await admin.client.get(`/admin/programmes/${p!.id}`);
    expect((await admin.client.post(`/admin/programmes/${p!.id}/publish`)).status).toBe(303);
    const visitor = t.client();
    const pub = await visitor.get(`/programmes/results/${p!.id}`);
    expect(pub.status).toBe(200);
    expect(pub.text).toContain('5명보다 적어 공개하지 않음');
    const api = await visitor.get(`/api/v1/open-data/programmes/${p!.id}`);
    const json = JSON.parse(api.text) as {
      participants: { people?: number };
      groups: { group: string; suppressed: boolean; people?: number; noShowRate?: number }[];
      centers: { suppressed: boolean; people?: number }[];
      surveys: { suppressed: boolean }[];
    };
    expect(json.participants.people).toBe(6);
    expect(json.groups.find((x) => x.group === 'disabled')).toEqual({ group: 'disabled', suppressed: true });
    expect(json.groups.find((x) => x.group === 'parents')).toMatchObject({
      suppressed: false,
      people: 5,
      noShowRate: 0,
    });
    expect(json.centers[0]).toMatchObject({ suppressed: false, people: 6 });
    // No survey answers: every survey phase is withheld (0 < 5).
    expect(json.surveys.every((s) => s.suppressed)).toBe(true);
    const list = JSON.parse((await visitor.get('/api/v1/open-data/programmes')).text) as {
      programmes: { id: number }[];
    };
    expect(list.programmes.map((x) => x.id)).toContain(p!.id);

    // One withdrawal: the published figures are refreshed and now the everyone group (5 + 1 withdrawn) stays,
    // while the disabled group (0 + 1 withdrawn) is still withheld.
    const leaver = t.client();
    await leaver.login(last.username, 'correct horse battery staple');
    await leaver.get(`/programmes/${p!.id}`);
    expect((await leaver.post(`/programmes/${p!.id}/withdraw`)).status).toBe(303);
    await admin.client.get(`/admin/programmes/${p!.id}`);
    await admin.client.post(`/admin/programmes/${p!.id}/publish`);
    const after = JSON.parse((await visitor.get(`/api/v1/open-data/programmes/${p!.id}`)).text) as typeof json;
    expect(after.groups.find((x) => x.group === 'disabled')).toEqual({ group: 'disabled', suppressed: true });
    expect(after.groups.find((x) => x.group === 'everyone')).toMatchObject({ suppressed: false, people: 6 });
  });

  it('links the public results from the home and open-data pages in both languages', async () => {
    const visitor = t.client();
    for (const path of ['/', '/open-data']) {
      expect((await visitor.get(path)).text).toContain('href="/programmes/results"');
    }
    expect((await visitor.get('/programmes/results')).status).toBe(200);
    expect((await visitor.get('/programmes/results/2147483000')).status).toBe(404);
  });
});
