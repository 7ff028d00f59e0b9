import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, notifications, planDays, schedulePlans, teams } from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp, teamOf } from '../helpers/app.js';
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
