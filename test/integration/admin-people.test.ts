import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminChanges,
  bookingEvents,
  bookings,
  centerOperators,
  notifications,
  organisations,
  teams,
  users,
} from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
let admin: HttpClient;
let org: typeof organisations.$inferSelect;
let team: typeof teams.$inferSelect;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await signedIn(t, { role: 'admin' })).client;
  org = await createOrganisation(t.db);
  team = (
    await t.db
      .insert(teams)
      .values({ code: `team-${org.code}`, organisationId: org.id, name: '정책팀', nameEn: 'Policy team' })
      .returning()
  )[0]!;
});
afterAll(() => t.destroy());

const at = (s: string) => new Date(`${s}+09:00`);
const userCount = async () => (await t.db.select({ id: users.id }).from(users)).length;

describe('administrators create and edit people', () => {
  it('creates an operator of a center, part time, with the audit record', async () => {
    const { center } = await createCenter(t.db);
    await admin.get('/admin/people/new');
    const res = await admin.post('/admin/people/new', {
      username: 'Kim.Operator',
      displayName: '김운영',
      displayNameEn: 'Kim Operator',
      role: 'operator',
      organisationId: String(org.id),
      teamId: String(team.id),
      contractedWeekHours: '20',
      centerIds: String(center.id),
    });
    expect(res.status).toBe(303);
    const [person] = await t.db.select().from(users).where(eq(users.username, 'kim.operator'));
    expect(person).toMatchObject({ role: 'operator', teamId: team.id, contractedWeekMinutes: 1200 });
    const runs = await t.db.select().from(centerOperators).where(eq(centerOperators.userId, person!.id));
    expect(runs.map((r) => r.centerId)).toEqual([center.id]);
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'user'), eq(adminChanges.entityId, person!.id)));
    expect(audit!.action).toBe('create');
    expect(JSON.stringify(audit!.after)).not.toContain('passwordHash');
  });

  it('refuses bad input (422 with field messages) and a team of another organisation, writing nothing', async () => {
    const other = await createOrganisation(t.db);
    await admin.get('/admin/people/new');
    const n = await userCount();
    const bad = await admin.post('/admin/people/new', {
      username: 'x',
      displayName: '',
      displayNameEn: 'A',
      role: 'king',
      organisationId: 'abc',
      teamId: '',
      contractedWeekHours: '41',
    });
    expect(bad.status).toBe(422);
    for (const f of ['username', 'displayName', 'role', 'organisationId', 'contractedWeekHours'])
      expect(bad.text).toContain(`href="#${f}"`);
    const wrongTeam = await admin.post('/admin/people/new', {
      username: 'lee.staff',
      displayName: '이직원',
      displayNameEn: 'Lee',
      role: 'employee',
      organisationId: String(other.id),
      teamId: String(team.id),
      contractedWeekHours: '',
    });
    expect(wrongTeam.status).toBe(422);
    expect(wrongTeam.text).toContain('팀은 소속 기관의 팀이어야 합니다.');
    expect(await userCount()).toBe(n);
  });

  it('edits a person: role, team, hours; before and after recorded', async () => {
    const person = await createUser(t.db, { organisationId: org.id });
    const page = await admin.get(`/admin/people/${person.id}/edit`);
    expect(page.status).toBe(200);
    const res = await admin.post(`/admin/people/${person.id}/edit`, {
      username: person.username,
      displayName: '새 이름',
      displayNameEn: 'New name',
      role: 'manager',
      organisationId: String(org.id),
      teamId: String(team.id),
      contractedWeekHours: '',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(row).toMatchObject({ role: 'manager', teamId: team.id, displayName: '새 이름' });
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'user'), eq(adminChanges.entityId, person.id)));
    expect(audit).toMatchObject({ action: 'update' });
    expect((audit!.before as { role: string }).role).toBe('employee');
  });
});

describe('deactivating a person', () => {
  it('asks first, then cancels their future bookings with a notice each, and keeps history', async () => {
    const { desks } = await createCenter(t.db, { desks: 2 });
    const { user, client } = await signedIn(t);
    const rows = await t.db
      .insert(bookings)
      .values([
        {
          deskId: desks[0]!.id,
          userId: user.id,
          createdById: user.id,
          startsAt: at('2026-11-30T09:00:00'),
          endsAt: at('2026-11-30T12:00:00'),
          status: 'completed',
        },
        {
          deskId: desks[0]!.id,
          userId: user.id,
          createdById: user.id,
          startsAt: at('2026-12-02T09:00:00'),
          endsAt: at('2026-12-02T12:00:00'),
        },
        {
          deskId: desks[1]!.id,
          userId: user.id,
          createdById: user.id,
          startsAt: at('2026-12-04T09:00:00'),
          endsAt: at('2026-12-04T18:00:00'),
        },
      ])
      .returning();
    const confirm = await admin.get(`/admin/people/${user.id}/deactivate`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('앞으로의 예약 2건(2026-12-04 18:00까지)');
    const res = await admin.post(`/admin/people/${user.id}/deactivate`);
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.disabled).toBe(true);
    const after = await t.db
      .select()
      .from(bookings)
      .where(
        inArray(
          bookings.id,
          rows.map((b) => b.id),
        ),
      );
    expect(after.map((b) => b.status).sort()).toEqual(['cancelled', 'cancelled', 'completed']);
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(notes.filter((n) => n.messageKey === 'notice.bookingCancelledDeactivated')).toHaveLength(2);
    const events = await t.db.select().from(bookingEvents).where(eq(bookingEvents.reason, 'person deactivated'));
    expect(events.length).toBeGreaterThanOrEqual(2);
    // Their session is over: the next page sends them to sign in.
    expect((await client.get('/bookings')).status).toBe(303);
    // And they cannot sign in again.
    const again = t.client();
    await again.get('/login');
    expect((await again.post('/login', { username: user.username, password: PASSWORD })).location).not.toBe('/');
  });
});

describe('CSV import of people', () => {
  const header = 'username,display_name,display_name_en,role,organisation_code,team_code,contracted_week_hours';

  it('lists every bad row by line, and writes nothing', async () => {
    const existing = await createUser(t.db, { organisationId: org.id });
    const csv = [
      header,
      `park.one,박하나,Park One,employee,${org.code},${team.code},`,
      `"choi, two",최둘,,employee,${org.code},,`,
      `${existing.username},중복,,employee,${org.code},,`,
      `jung.three,정셋,,pilot,${org.code},,`,
      `han.four,한넷,,employee,no-such-org,,`,
      `park.one,박하나2,,employee,${org.code},,45`,
      `oh.five,오다섯,,employee,${org.code}`,
    ].join('\r\n');
    await admin.get('/admin/people/import');
    const n = await userCount();
    const res = await admin.post('/admin/people/import', { csv, mode: 'import' });
    expect(res.status).toBe(422);
    for (const [line, text] of [
      [3, '아이디 “choi, two”가 올바르지 않습니다'],
      [4, `아이디 ${existing.username}은(는) 이미 있습니다.`],
      [5, '역할 “pilot”가 올바르지 않습니다'],
      [6, '기관 코드 no-such-org가 없습니다.'],
      [7, '주 계약 근무시간 “45”가 올바르지 않습니다'],
      [8, '열이 7개여야 하는데 5개입니다.'],
    ] as const) {
      expect(res.text).toContain(`<tr><td>${line}</td><td>${text.replace(/“/g, '“')}`);
    }
    expect(res.text).not.toContain('<tr><td>2</td>');
    expect(await userCount()).toBe(n);
  });

  it('checks a clean file, then imports it in one transaction with an audit record per person', async () => {
    const csv = `\uFEFF${header}\nyoon.a,윤가,Yoon A,employee,${org.code},${team.code},\nyoon.b,"윤나, 팀장",Yoon B,manager,${org.code},,32.5\n`;
    await admin.get('/admin/people/import');
    const check = await admin.post('/admin/people/import', { csv, mode: 'check' });
    expect(check.status).toBe(200);
    expect(check.text).toContain('2명을 가져올 수 있습니다');
    expect(await t.db.select().from(users).where(eq(users.username, 'yoon.a'))).toHaveLength(0);
    const res = await admin.post('/admin/people/import', { csv, mode: 'import' });
    expect(res.status).toBe(303);
    const made = await t.db
      .select()
      .from(users)
      .where(inArray(users.username, ['yoon.a', 'yoon.b']));
    expect(made).toHaveLength(2);
    expect(made.find((u) => u.username === 'yoon.b')).toMatchObject({
      displayName: '윤나, 팀장',
      contractedWeekMinutes: 1950,
      role: 'manager',
    });
    const audits = await t.db
      .select()
      .from(adminChanges)
      .where(
        and(
          eq(adminChanges.action, 'import'),
          inArray(
            adminChanges.entityId,
            made.map((u) => u.id),
          ),
        ),
      );
    expect(audits).toHaveLength(2);
  });
});

describe('organisations and teams', () => {
  it('creates a private organisation and a team with a manager; explains a manager of another organisation', async () => {
    await admin.get('/admin/organisations/new');
    const made = await admin.post('/admin/organisations', {
      code: 'partner-co',
      name: '협력회사',
      nameEn: 'Partner Co',
      kind: 'private',
    });
    expect(made.status).toBe(303);
    const [partner] = await t.db.select().from(organisations).where(eq(organisations.code, 'partner-co'));
    expect(partner!.kind).toBe('private');
    const bad = await admin.post('/admin/organisations', { code: 'P', name: '', nameEn: 'x', kind: 'secret' });
    expect(bad.status).toBe(422);
    for (const f of ['code', 'name', 'kind']) expect(bad.text).toContain(`href="#${f}"`);

    const boss = await createUser(t.db, { organisationId: partner!.id, role: 'manager' });
    const outsider = await createUser(t.db, { role: 'manager' });
    const wrong = await admin.post('/admin/teams', {
      code: 'partner-dev',
      organisationId: String(partner!.id),
      name: '개발팀',
      nameEn: 'Development',
      manager: outsider.username,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('이 팀의 기관 소속이 아닙니다');
    expect(await t.db.select().from(teams).where(eq(teams.code, 'partner-dev'))).toHaveLength(0);
    const ok = await admin.post('/admin/teams', {
      code: 'partner-dev',
      organisationId: String(partner!.id),
      name: '개발팀',
      nameEn: 'Development',
      manager: boss.username,
    });
    expect(ok.status).toBe(303);
    const [team2] = await t.db.select().from(teams).where(eq(teams.code, 'partner-dev'));
    expect(team2!.managerId).toBe(boss.id);
    const list = await admin.get('/admin/organisations');
    expect(list.text).toContain('partner-dev');
    const audits = await t.db
      .select()
      .from(adminChanges)
      .where(inArray(adminChanges.entity, ['organisation', 'team']));
    expect(audits.map((a) => a.action).sort()).toEqual(['create', 'create']);
  });
});
