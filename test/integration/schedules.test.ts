import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closuresBetween } from '../../src/centers/policy-repository.js';
import {
  bookings,
  centerPolicies,
  closures,
  notifications,
  planDays,
  schedulePlans,
  teams,
  users,
} from '../../src/db/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { pendingPlanDays, saveScheduleSettings } from '../../src/schedules/repository.js';
import { parsePattern } from '../../src/schedules/rules.js';
import { checkPlan } from '../../src/schedules/service.js';
import { seoulDate } from '../../src/time/seoul.js';
import { signedIn, startTestApp, type TestApp, teamOf } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { createCenter } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const team = () => teamOf(t);

/** The member submits the plan and the manager approves it, as each would in the browser. */
async function submitAndApprove(people: Pick<Awaited<ReturnType<typeof team>>, 'manager' | 'member'>, id: number) {
  await people.member.client.get(`/schedules/${id}`);
  await people.member.client.post(`/schedules/${id}/submit`);
  await people.manager.client.get('/approvals');
  await people.manager.client.post(`/approvals/${id}`, { decision: 'approved', comment: '' });
}

/** Mon–Fri 09–18 in the week of 7 December, Wednesday (the 9th, inside the 14-day horizon) at a smart work center. */
function planForm(centerId: number, extra: Record<string, string> = {}) {
  const form: Record<string, string> = {
    fromDate: '2026-12-07',
    toDate: '2026-12-13',
    project: '',
    outcome: '',
    action: 'save',
    ...extra,
  };
  for (const w of [1, 2, 3, 4, 5]) {
    Object.assign(form, {
      [`work-${w}`]: '1',
      [`type-${w}`]: 'choice',
      [`place-${w}`]: w === 3 ? 'center' : 'hq',
      [`center-${w}`]: w === 3 ? String(centerId) : '',
      [`start-${w}`]: '09:00',
      [`end-${w}`]: '18:00',
    });
  }
  return { ...form, ...extra };
}

describe('flexible work plans', () => {
  it('go from draft to submitted to approved, and approval books the smart work days', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    await member.client.get('/schedules/new');
    const checked = await member.client.post('/schedules', planForm(center.id, { action: 'check' }));
    expect(checked.text).toContain('모든 규칙을 지킵니다');
    const saved = await member.client.post('/schedules', planForm(center.id));
    expect(saved.status).toBe(303);
    const id = Number(saved.location!.split('/').at(-1));
    await member.client.get(`/schedules/${id}`);
    expect((await member.client.post(`/schedules/${id}/submit`)).status).toBe(303);

    const queue = await manager.client.get('/approvals');
    expect(queue.text).toContain(`/schedules/${id}`);
    // The plan's own page lets the manager decide there too; its owner sees no such form.
    const detail = await manager.client.get(`/schedules/${id}`);
    expect(detail.text).toContain(`action="/approvals/${id}"`);
    expect(detail.text).toContain('승인 또는 반려');
    expect((await member.client.get(`/schedules/${id}`)).text).not.toContain(`action="/approvals/${id}"`);
    expect((await manager.client.post(`/approvals/${id}`, { decision: 'approved', comment: '좋습니다' })).status).toBe(
      303,
    );
    const [plan] = await t.db.select().from(schedulePlans).where(eq(schedulePlans.id, id));
    expect(plan!.status).toBe('approved');
    const days = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    expect(days).toHaveLength(1);
    expect(days[0]!.date).toBe('2026-12-09');
    const [booking] = await t.db.select().from(bookings).where(eq(bookings.id, days[0]!.bookingId!));
    expect(booking!.userId).toBe(member.user.id);
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, member.user.id), eq(notifications.messageKey, 'notice.planApproved')));
    expect(told).toHaveLength(1);
    const page = await member.client.get(`/schedules/${id}`);
    expect(page.text).toContain('좋습니다');
    expect(page.text).toContain('승인');
  });

  it('show the manager what waits on Today, and a rejection without a comment ends in no empty "의견:"', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    expect((await manager.client.get('/')).text).toContain('승인을 기다리는 계획이 없습니다');
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await member.client.get(`/schedules/${id}`);
    await member.client.post(`/schedules/${id}/submit`);
    const today = await manager.client.get('/');
    expect(today.text).toContain('승인을 기다리는 유연근무 계획 1건');
    expect(today.text).toContain('href="/team-calendar"');
    // Employees have no team section.
    expect((await member.client.get('/')).text).not.toContain('href="/team-calendar"');
    await manager.client.get('/approvals');
    await manager.client.post(`/approvals/${id}`, { decision: 'rejected', comment: '' });
    const notices = await member.client.get('/notifications');
    expect(notices.text).toContain('자세한 이유는 관리자에게 문의하세요');
    expect(notices.text).not.toContain('의견: <');
  });

  it('flag a day that cannot be booked instead of dropping it', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 1 });
    const other = await signedIn(t);
    await t.db.insert(bookings).values({
      deskId: desks[0]!.id,
      userId: other.user.id,
      createdById: other.user.id,
      startsAt: new Date('2026-12-09T09:00:00+09:00'),
      endsAt: new Date('2026-12-09T18:00:00+09:00'),
    });
    const { manager, member } = await team();
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await submitAndApprove({ manager, member }, id);
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    expect(day).toMatchObject({ bookingId: null, attention: 'full' });
    expect((await member.client.get(`/schedules/${id}`)).text).toContain('빈 좌석이 없습니다');
  });

  it('refuse to submit a plan that breaks the rules, and keep other teams out', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    const stranger = await team();
    await member.client.get('/schedules/new');
    const bad = planForm(center.id, { 'end-5': '17:00' }); // 39 hours
    const id = Number((await member.client.post('/schedules', bad)).location!.split('/').at(-1));
    const view = await member.client.get(`/schedules/${id}`);
    expect(view.text).toContain('한 주 40시간이어야 합니다. 지금은 39시간입니다.');
    await member.client.post(`/schedules/${id}/submit`);
    expect((await t.db.select().from(schedulePlans).where(eq(schedulePlans.id, id)))[0]!.status).toBe('draft');
    expect((await stranger.manager.client.get(`/schedules/${id}`)).status).toBe(404);
    await stranger.manager.client.get('/approvals');
    expect((await stranger.manager.client.post(`/approvals/${id}`, { decision: 'approved' })).status).toBe(403);
  });
});

describe('days a plan cannot book', () => {
  it('says the person is on leave, or already has a booking, rather than taking a second desk', async () => {
    const { center } = await createCenter(t.db);
    const elsewhere = await createCenter(t.db);
    const { manager, member } = await team();
    await t.db.insert(bookings).values({
      deskId: elsewhere.desks[0]!.id,
      userId: member.user.id,
      createdById: member.user.id,
      startsAt: new Date('2026-12-09T10:00:00+09:00'),
      endsAt: new Date('2026-12-09T12:00:00+09:00'),
    });
    await member.client.get('/absences');
    await member.client.post('/absences', { startsOn: '2026-12-16', endsOn: '2026-12-16', kind: 'leave' });
    const id = await savePlan(member.client, planForm(center.id, { toDate: '2026-12-20' }));
    await t.db
      .insert(centerPolicies)
      .values({ centerId: center.id, horizonDays: 30 })
      .onConflictDoUpdate({
        target: centerPolicies.centerId,
        set: { horizonDays: 30 },
      });
    await submitAndApprove({ manager, member }, id);
    expect(
      (await t.db.select().from(planDays).where(eq(planDays.planId, id))).map((d) => [d.date, d.attention]),
    ).toEqual([
      ['2026-12-09', 'own_booking'],
      ['2026-12-16', 'leave'],
    ]);
  });
});

describe('changes keep plans and bookings in step', () => {
  it('a change of an approved plan replaces it once approved, cancelling the old smart-work bookings', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const approve = (id: number) => submitAndApprove({ manager, member }, id);
    await member.client.get('/schedules/new');
    const first = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await approve(first);
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, first));

    await member.client.get(`/schedules/${first}`);
    const change = await member.client.post(`/schedules/${first}/change`);
    const second = Number(change.location!.split('/').at(-2));
    await member.client.get(change.location!);
    const saved = await member.client.post('/schedules', {
      ...planForm(center.id, { 'place-3': 'home', 'center-3': '' }),
      planId: String(second),
    });
    expect(saved.location).toBe(`/schedules/${second}`);
    await approve(second);

    const plans = await t.db.select().from(schedulePlans).where(eq(schedulePlans.userId, member.user.id));
    expect(Object.fromEntries(plans.map((p) => [p.id, p.status]))).toEqual({
      [first]: 'superseded',
      [second]: 'approved',
    });
    const [old] = await t.db.select().from(bookings).where(eq(bookings.id, day!.bookingId!));
    expect(old!.status).toBe('cancelled');
  });

  it('cancelling a plan-made booking marks the day as needing attention', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await submitAndApprove({ manager, member }, id);
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    await member.client.get('/bookings');
    await member.client.post(`/bookings/${day!.bookingId}/cancel`);
    const [after] = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    expect(after!.attention).toBe('cancelled');
    expect((await member.client.get(`/schedules/${id}`)).text).toContain('예약이 취소되었습니다');
  });
});

describe('approving', () => {
  it('lets an acting manager approve only inside the delegated dates, and approves several at once', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const acting = await signedIn(t, { role: 'manager' });
    await member.client.get('/schedules/new');
    const ids: number[] = [];
    // Two plans of two weeks one after the other (overlapping plans are refused).
    const periods: [string, string][] = [
      ['2026-12-14', '2026-12-20'],
      ['2026-12-07', '2026-12-13'],
    ];
    for (const [from, to] of periods) {
      const id = Number(
        (await member.client.post('/schedules', { ...planForm(center.id), fromDate: from, toDate: to }))
          .location!.split('/')
          .at(-1),
      );
      await member.client.get(`/schedules/${id}`);
      await member.client.post(`/schedules/${id}/submit`);
      ids.push(id);
    }
    // Delegated from tomorrow: today (1 December) the acting manager may not decide yet.
    await manager.client.get('/approvals');
    await manager.client.post('/approvals/delegations', {
      username: acting.user.username,
      startsOn: '2026-12-02',
      endsOn: '2026-12-31',
    });
    await acting.client.get('/approvals');
    expect((await acting.client.post(`/approvals/${ids[0]}`, { decision: 'approved' })).status).toBe(403);
    t.clock.set(new Date('2026-12-02T09:00:00+09:00'));
    try {
      const queue = await acting.client.get('/approvals');
      expect(queue.text).toContain(`/schedules/${ids[0]}`);
      const form = new URLSearchParams({ _csrf: acting.client.csrfToken!, comment: '대리 승인' });
      for (const id of ids) form.append('ids', String(id));
      const bulk = await acting.client.request('POST', '/approvals/bulk', {
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(bulk.status).toBe(303);
      const rows = await t.db.select().from(schedulePlans).where(eq(schedulePlans.userId, member.user.id));
      expect(
        rows
          .filter((r) => r.status === 'approved')
          .map((r) => r.id)
          .sort(),
      ).toEqual([...ids].sort());
      expect(rows.every((r) => r.decidedById === acting.user.id)).toBe(true);
    } finally {
      t.clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });
});

describe('team calendar', () => {
  it('shows who works where each day of a week, for the manager’s own team only', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await submitAndApprove({ manager, member }, id);
    await member.client.get('/absences');
    await member.client.post('/absences', { startsOn: '2026-12-11', endsOn: '2026-12-11', kind: 'leave' });

    const page = await manager.client.get('/team-calendar?week=2026-12-09');
    // The heading says which week it is (Monday to Sunday).
    expect(page.text).toContain('<p class="lead">2026년 12월 7일~13일</p>');
    expect(page.text).toContain(`사용자 ${member.user.username}`);
    expect(page.text).toMatch(/class="where-center">테스트 센터/);
    expect(page.text).toMatch(/class="where-leave">휴가·출장/);
    expect(page.text).toMatch(/class="where-hq">본청/);
    const stranger = await team();
    expect((await stranger.manager.client.get('/team-calendar?week=2026-12-09')).text).not.toContain(
      member.user.username,
    );
  });
});

describe('plan against actuals', () => {
  it('shows, for each smart-work day, whether the person checked in', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await submitAndApprove({ manager, member }, id);
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    expect((await member.client.get(`/schedules/${id}`)).text).toContain('예정');
    // On the day, at 09:05, the person checks in; the manager sees it on the plan.
    t.clock.set(new Date('2026-12-09T09:05:00+09:00'));
    try {
      await member.client.get('/bookings');
      expect((await member.client.post(`/bookings/${day!.bookingId}/check-in`)).status).toBe(303);
      expect((await manager.client.get(`/schedules/${id}`)).text).toContain('체크인함');
    } finally {
      t.clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });
});

describe('plan bookings fit the person', () => {
  it('books an accessible desk for someone who needs one, and the queue filters by team', async () => {
    const { center, desks } = await createCenter(t.db);
    const { manager, member } = await team();
    await member.client.get('/profile/needs');
    await member.client.post('/profile/needs', { need: 'wheelchair' });
    await member.client.get('/schedules/new');
    const id = Number((await member.client.post('/schedules', planForm(center.id))).location!.split('/').at(-1));
    await member.client.get(`/schedules/${id}`);
    await member.client.post(`/schedules/${id}/submit`);
    const [ownTeam] = await t.db.select().from(teams).where(eq(teams.managerId, manager.user.id));
    expect((await manager.client.get(`/approvals?team=${ownTeam!.id}`)).text).toContain(`/schedules/${id}`);
    await manager.client.post(`/approvals/${id}`, { decision: 'approved', comment: '' });
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, id));
    const [booking] = await t.db.select().from(bookings).where(eq(bookings.id, day!.bookingId!));
    expect(booking!.deskId).toBe(desks[0]!.id); // the factory's accessible desk
    expect(booking!.needsAccessible).toBe(true);
  });
});

/** Saves a plan from the form and returns its id. */
async function savePlan(client: Awaited<ReturnType<typeof signedIn>>['client'], form: Record<string, string>) {
  await client.get('/schedules/new');
  const saved = await client.post('/schedules', form);
  expect(saved.status).toBe(303);
  return Number(saved.location!.split('/').at(-1));
}

const statusOf = async (id: number) =>
  (await t.db.select().from(schedulePlans).where(eq(schedulePlans.id, id)))[0]!.status;

describe('separation of duties', () => {
  it('refuses a manager their own plan, and keeps it out of their queue', async () => {
    const { center } = await createCenter(t.db);
    const { manager } = await team(); // the manager is in the team they lead
    const id = await savePlan(manager.client, planForm(center.id));
    await manager.client.get(`/schedules/${id}`);
    await manager.client.post(`/schedules/${id}/submit`);
    expect(await statusOf(id)).toBe('submitted');
    expect((await manager.client.get('/approvals')).text).not.toContain(`/schedules/${id}"`);
    const refused = await manager.client.post(`/approvals/${id}`, { decision: 'approved', comment: '' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('자신의 계획은 승인하거나 반려할 수 없습니다');
    expect((await manager.client.post(`/approvals/${id}`, { decision: 'rejected', comment: '' })).status).toBe(403);
    expect(await statusOf(id)).toBe('submitted');
  });

  it('refuses an administrator who leads their own team their own plan', async () => {
    const { center } = await createCenter(t.db);
    const admin = await signedIn(t, { role: 'admin' });
    const [own] = await t.db
      .insert(teams)
      .values({
        code: `team-admin-${admin.user.id}`,
        organisationId: admin.user.organisationId,
        name: '관리팀',
        nameEn: 'Admin team',
        managerId: admin.user.id,
      })
      .returning();
    await t.db.update(users).set({ teamId: own!.id }).where(eq(users.id, admin.user.id));
    const id = await savePlan(admin.client, planForm(center.id));
    await admin.client.get(`/schedules/${id}`);
    await admin.client.post(`/schedules/${id}/submit`);
    await admin.client.get('/approvals');
    expect((await admin.client.post(`/approvals/${id}`, { decision: 'approved', comment: '' })).status).toBe(403);
    expect(await statusOf(id)).toBe('submitted');
  });

  it('never lets an employee made acting manager see or approve their own plan; bulk approval says what it refused', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member, team: theirTeam } = await team();
    const colleague = await signedIn(t);
    await t.db.update(users).set({ teamId: theirTeam.id }).where(eq(users.id, colleague.user.id));
    const own = await savePlan(member.client, planForm(center.id));
    const theirs = await savePlan(colleague.client, planForm(center.id));
    for (const [who, id] of [
      [member, own],
      [colleague, theirs],
    ] as const) {
      await who.client.get(`/schedules/${id}`);
      await who.client.post(`/schedules/${id}/submit`);
    }
    await manager.client.get('/approvals');
    await manager.client.post('/approvals/delegations', {
      username: member.user.username,
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
    });
    const queue = await member.client.get('/approvals');
    expect(queue.text).toContain(`/schedules/${theirs}"`);
    expect(queue.text).not.toContain(`/schedules/${own}"`);
    expect((await member.client.post(`/approvals/${own}`, { decision: 'approved', comment: '' })).status).toBe(403);

    const form = new URLSearchParams({ _csrf: member.client.csrfToken!, comment: '' });
    form.append('ids', String(own));
    form.append('ids', String(theirs));
    const bulk = await member.client.request('POST', '/approvals/bulk', {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bulk.status).toBe(303);
    const after = await member.client.get('/approvals');
    expect(after.text).toContain(
      '1건을 승인했습니다. 1건은 승인하지 않았습니다: 자신의 계획은 승인하거나 반려할 수 없습니다.',
    );
    expect(await statusOf(own)).toBe('submitted');
    expect(await statusOf(theirs)).toBe('approved');
  });
});

describe('one plan at a time', () => {
  it('refuses a second plan that overlaps an approved one', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const first = await savePlan(member.client, planForm(center.id));
    await submitAndApprove({ manager, member }, first);
    const second = await savePlan(member.client, planForm(center.id, { fromDate: '2026-12-10', toDate: '2026-12-20' }));
    await member.client.get(`/schedules/${second}`);
    await member.client.post(`/schedules/${second}/submit`);
    expect(await statusOf(second)).toBe('draft');
    expect((await member.client.get(`/schedules/${second}`)).text).toContain(
      '2026-12-07–2026-12-13 계획과 기간이 겹칩니다',
    );
  });

  it('keeps the days before a change covered when the plan is already running', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const first = await savePlan(member.client, planForm(center.id, { fromDate: '2026-12-01', toDate: '2026-12-31' }));
    await submitAndApprove({ manager, member }, first);
    t.clock.set(new Date('2026-12-08T09:00:00+09:00'));
    try {
      await member.client.get(`/schedules/${first}`);
      const change = await member.client.post(`/schedules/${first}/change`);
      const second = Number(change.location!.split('/').at(-2));
      const [draft] = await t.db.select().from(schedulePlans).where(eq(schedulePlans.id, second));
      expect(draft!.fromDate).toBe('2026-12-08');
      await member.client.get(change.location!);
      await member.client.post('/schedules', {
        ...planForm(center.id, { fromDate: '2026-12-08', toDate: '2026-12-31', 'place-3': 'home', 'center-3': '' }),
        planId: String(second),
      });
      await submitAndApprove({ manager, member }, second);
      const [old] = await t.db.select().from(schedulePlans).where(eq(schedulePlans.id, first));
      expect(old).toMatchObject({ status: 'approved', fromDate: '2026-12-01', toDate: '2026-12-07' });
      // The Wednesday already worked under the old plan keeps its booking; the next one is cancelled.
      const oldDays = await t.db.select().from(planDays).where(eq(planDays.planId, first));
      expect(oldDays.map((d) => d.date)).toEqual(['2026-12-02']);
      expect(await statusOf(second)).toBe('approved');
    } finally {
      t.clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });
});

describe('plan history and notices', () => {
  it('shows who decided, in Seoul time', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const id = await savePlan(member.client, planForm(center.id));
    await submitAndApprove({ manager, member }, id);
    const page = await member.client.get(`/schedules/${id}`);
    expect(page.text).toContain('2026-12-01 09:10');
    expect(page.text).not.toContain('2026-12-01 00:10');
    expect(page.text).toContain(`처리자 사용자 ${manager.user.username}`);
  });

  it('writes the manager’s notice in the same transaction as the submission', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    const id = await savePlan(member.client, planForm(center.id));
    await member.client.get(`/schedules/${id}`);
    // The notice cannot be written: the submission must not happen without it.
    await t.db.execute(sql`create function refuse_plan_notice() returns trigger language plpgsql as $$
      begin
        if new.message_key = 'notice.planSubmitted' then raise exception 'no notices today'; end if;
        return new;
      end $$`);
    await t.db.execute(
      sql`create trigger refuse_plan_notice before insert on notifications for each row execute function refuse_plan_notice()`,
    );
    try {
      expect((await member.client.post(`/schedules/${id}/submit`)).status).toBe(500);
      expect(await statusOf(id)).toBe('draft');
    } finally {
      await t.db.execute(sql`drop trigger refuse_plan_notice on notifications`);
      await t.db.execute(sql`drop function refuse_plan_notice()`);
    }
    await member.client.get(`/schedules/${id}`);
    await member.client.post(`/schedules/${id}/submit`);
    expect(await statusOf(id)).toBe('submitted');
  });
});

describe('holidays and closures', () => {
  it('a network-wide closure added by an administrator closes every center and is skipped by plans', async () => {
    const one = await createCenter(t.db);
    const two = await createCenter(t.db);
    const other = await signedIn(t);
    await t.db.insert(bookings).values({
      deskId: two.desks[0]!.id,
      userId: other.user.id,
      createdById: other.user.id,
      startsAt: new Date('2026-12-10T09:00:00+09:00'),
      endsAt: new Date('2026-12-10T12:00:00+09:00'),
    });
    const admin = await signedIn(t, { role: 'admin' });
    await admin.client.get('/admin/closures');
    const wrong = await admin.client.post('/admin/closures', {
      startsOn: '2026-12-10',
      endsOn: '2026-12-09',
      reason: '',
      reasonEn: '',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('id="endsOn-error"');
    expect(wrong.text).toContain('id="reason-error"');
    expect(wrong.text).toContain('value="2026-12-10"');
    expect((await other.client.get('/admin/closures')).status).toBe(403);

    const added = await admin.client.post('/admin/closures', {
      startsOn: '2026-12-10',
      endsOn: '2026-12-10',
      reason: '임시공휴일',
      reasonEn: 'Temporary public holiday',
    });
    expect(added.status).toBe(303);
    try {
      for (const c of [one.center, two.center]) {
        const closed = await closuresBetween(t.db, c.id, '2026-12-10', '2026-12-10');
        expect(closed).toMatchObject([{ reason: '임시공휴일', scope: 'network' }]);
      }
      const [cancelled] = await t.db.select().from(bookings).where(eq(bookings.userId, other.user.id));
      expect(cancelled!.status).toBe('cancelled');

      // A plan with its center day on that Thursday: the day is credited and not booked.
      const { manager, member } = await team();
      const form = planForm(one.center.id, {
        'place-3': 'hq',
        'center-3': '',
        'place-4': 'center',
        'center-4': String(one.center.id),
      });
      const check = await member.client.post('/schedules', { ...form, action: 'check' });
      expect(check.text).toContain('2026-12-10 임시공휴일: 그날 계획한 8시간을 근무한 것으로 봅니다.');
      const id = await savePlan(member.client, form);
      await submitAndApprove({ manager, member }, id);
      expect(await t.db.select().from(planDays).where(eq(planDays.planId, id))).toMatchObject([
        { date: '2026-12-10', bookingId: null, attention: 'closed' },
      ]);
    } finally {
      const page = await admin.client.get('/admin/closures');
      // The list links to the "are you sure?" page; removing is the post from there.
      const closureId = /href="\/admin\/closures\/(\d+)\/delete"/.exec(page.text)![1];
      expect((await admin.client.get(`/admin/closures/${closureId}/delete`)).status).toBe(200);
      expect((await admin.client.post(`/admin/closures/${closureId}/delete`)).status).toBe(303);
    }
    expect(await closuresBetween(t.db, one.center.id, '2026-12-10', '2026-12-10')).toEqual([]);
  });

  it('closes a center open on Saturdays on a public holiday that falls on a Saturday', async () => {
    const { center } = await createCenter(t.db, {
      hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: 8 * 60, closes: 20 * 60 })),
    });
    expect(await closuresBetween(t.db, center.id, '2026-06-06', '2026-06-06')).toMatchObject([
      { reason: '현충일', scope: 'holiday' },
    ]);
    t.clock.set(new Date('2026-06-01T09:00:00+09:00'));
    try {
      const { manager, member } = await team();
      // Monday to Thursday at headquarters, Saturday at the center: five days, 40 hours.
      const form = planForm(center.id, {
        fromDate: '2026-06-01',
        toDate: '2026-06-07',
        'place-3': 'hq',
        'center-3': '',
        'work-5': '',
        'work-6': '1',
        'type-6': 'choice',
        'place-6': 'center',
        'center-6': String(center.id),
        'start-6': '09:00',
        'end-6': '18:00',
      });
      const id = await savePlan(member.client, form);
      await submitAndApprove({ manager, member }, id);
      expect(await statusOf(id)).toBe('approved');
      expect(await t.db.select().from(planDays).where(eq(planDays.planId, id))).toMatchObject([
        { date: '2026-06-06', bookingId: null, attention: 'closed' },
      ]);
    } finally {
      t.clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });

  it('submits a plan whose week has a public holiday on a working day', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    const id = await savePlan(member.client, planForm(center.id, { fromDate: '2026-12-21', toDate: '2026-12-27' }));
    await member.client.get(`/schedules/${id}`);
    await member.client.post(`/schedules/${id}/submit`);
    expect(await statusOf(id)).toBe('submitted');
  });
});

describe('plans within the booking horizon, by the hour, part time', () => {
  it('books a same-day, single-day plan with two remote hours at a center, and leaves later days pending', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const today = await savePlan(
      member.client,
      planForm(center.id, {
        fromDate: '2026-12-01',
        toDate: '2026-12-01',
        'place-2': 'hq',
        'type-2': 'remote',
        'remote-place-2': 'center',
        'center-2': String(center.id),
        'remote-start-2': '16:00',
        'remote-end-2': '18:00',
      }),
    );
    await submitAndApprove({ manager, member }, today);
    const [day] = await t.db.select().from(planDays).where(eq(planDays.planId, today));
    expect(day).toMatchObject({ date: '2026-12-01', attention: null });
    const [booking] = await t.db.select().from(bookings).where(eq(bookings.id, day!.bookingId!));
    expect(booking!.startsAt).toEqual(new Date('2026-12-01T16:00:00+09:00'));

    const later = await savePlan(member.client, planForm(center.id, { fromDate: '2026-12-14', toDate: '2026-12-20' }));
    await submitAndApprove({ manager, member }, later);
    expect(await t.db.select().from(planDays).where(eq(planDays.planId, later))).toMatchObject([
      { date: '2026-12-16', bookingId: null, attention: 'pending' },
    ]);
    // What the daily roll-forward will pick up once 16 December enters the horizon.
    expect(await pendingPlanDays(t.db, '2026-12-16')).toContainEqual({ planId: later, date: '2026-12-16' });
    expect(await pendingPlanDays(t.db, '2026-12-15')).not.toContainEqual({ planId: later, date: '2026-12-16' });
  });

  it('refuses a remote day at headquarters', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    await member.client.get('/schedules/new');
    const check = await member.client.post('/schedules', {
      ...planForm(center.id, { 'type-1': 'remote' }),
      action: 'check',
    });
    expect(check.text).toContain('원격근무형 근무일은 재택이나 스마트워크센터에서 일하는 시간이 있어야 합니다.');
  });

  it('checks a part-timer’s week against their own contracted hours', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    await t.db
      .update(users)
      .set({ contractedWeekMinutes: 20 * 60 })
      .where(eq(users.id, member.user.id));
    await member.client.get('/schedules/new');
    const mornings: Record<string, string> = {};
    for (const w of [1, 2, 3, 4, 5]) Object.assign(mornings, { [`start-${w}`]: '09:00', [`end-${w}`]: '13:00' });
    const ok = await member.client.post('/schedules', { ...planForm(center.id, mornings), action: 'check' });
    expect(ok.text).toContain('모든 규칙을 지킵니다');
    const full = await member.client.post('/schedules', { ...planForm(center.id), action: 'check' });
    expect(full.text).toContain('한 주 20시간이어야 합니다. 지금은 40시간입니다.');
  });
});

describe('team calendar facts', () => {
  it('shows public holidays, and a checked-in booking at a center rather than headquarters', async () => {
    const { desks } = await createCenter(t.db);
    const { manager, member } = await team();
    await t.db.insert(bookings).values({
      deskId: desks[1]!.id,
      userId: member.user.id,
      createdById: member.user.id,
      startsAt: new Date('2026-12-01T09:00:00+09:00'),
      endsAt: new Date('2026-12-01T12:00:00+09:00'),
      status: 'checked_in',
      checkedInAt: new Date('2026-12-01T09:02:00+09:00'),
    });
    const week = await manager.client.get('/team-calendar?week=2026-12-01');
    expect(week.text).toMatch(/class="where-center">테스트 센터 [^<]*<span class="badge">체크인/);
    expect(week.text).toMatch(/class="where-hq">본청/); // the other weekdays
    const christmas = await manager.client.get('/team-calendar?week=2026-12-21');
    expect(christmas.text).toContain('<span class="hint day-closed">성탄절</span>');
    expect(christmas.text).toMatch(/class="where-holiday">성탄절/);
  });

  it('marks a planned center day when that center is closed', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await team();
    const id = await savePlan(member.client, planForm(center.id));
    await submitAndApprove({ manager, member }, id);
    await t.db.insert(closures).values({
      centerId: center.id,
      startsOn: '2026-12-09',
      endsOn: '2026-12-09',
      kind: 'maintenance',
      reason: '점검',
    });
    const page = await manager.client.get('/team-calendar?week=2026-12-07');
    expect(page.text).toMatch(/class="where-closed">테스트 센터 [^<]* \(휴무\)/);
  });
});

describe('organisation settings', () => {
  it('reads the lead time from the settings row, for the form and for submission', async () => {
    const { center } = await createCenter(t.db);
    const { member } = await team();
    const sameDay = planForm(center.id, { fromDate: '2026-12-01', toDate: '2026-12-01' });
    await saveScheduleSettings(t.db, 'default', { leadDays: 3 }, null, t.clock.now());
    try {
      await member.client.get('/schedules/new');
      const check = await member.client.post('/schedules', { ...sameDay, action: 'check' });
      expect(check.text).toContain('계획은 3일 전에 제출해야 합니다. 2026-12-04부터 시작할 수 있습니다.');
      const id = await savePlan(member.client, sameDay);
      await member.client.get(`/schedules/${id}`);
      await member.client.post(`/schedules/${id}/submit`);
      expect(await statusOf(id)).toBe('draft');
    } finally {
      await saveScheduleSettings(t.db, 'default', {}, null, t.clock.now());
    }
    const again = await member.client.post('/schedules', { ...sameDay, action: 'check' });
    expect(again.text).toContain('모든 규칙을 지킵니다');
  });
});

describe('demo data', () => {
  it('seeds submitted and approved plans that obey the rules', async () => {
    const demo = await createTestDatabase();
    try {
      const db = demo.database.db;
      await seedDemoData(db, t.clock, { withUsers: true });
      const plans = await db
        .select()
        .from(schedulePlans)
        .where(inArray(schedulePlans.status, ['submitted', 'approved']));
      expect(plans.length).toBeGreaterThan(1);
      for (const p of plans) {
        const pattern = parsePattern(p.pattern);
        const check = await checkPlan(db, p.userId, { ...p, pattern }, seoulDate(t.clock.now()));
        // An approved plan may have started already; its week and its fields must still hold.
        expect({ id: p.id, week: check.week.errors, plan: check.plan }).toEqual({ id: p.id, week: {}, plan: {} });
      }
    } finally {
      await demo.destroy();
    }
  });
});
