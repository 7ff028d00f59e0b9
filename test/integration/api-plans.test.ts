import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/api.js';
import { startTestApp, type TestApp, teamOf } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

async function tokenOf(username: string) {
  const res = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
    json: { username, password: PASSWORD, name: 'hr' },
  });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

const week = (centerId: number) =>
  [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    type: 'staggered',
    place: weekday === 3 ? 'center' : 'hq',
    centerId: weekday === 3 ? centerId : null,
    start: '09:00',
    end: '18:00',
  }));

describe(`flexible work through the API (${engine})`, () => {
  it('checks, drafts, submits and gets a plan decided, with the web’s rules and separation of duties', async () => {
    const { center } = await createCenter(t.db);
    const { manager, member } = await teamOf(t);
    const [mine, boss] = [await tokenOf(member.user.username), await tokenOf(manager.user.username)];
    const body = { from: '2026-12-07', to: '2026-12-11', pattern: week(center.id) };

    const broken = await api(t.baseUrl, 'POST', '/api/v1/me/plans', {
      token: mine,
      json: { ...body, pattern: week(center.id).slice(0, 2), dryRun: true },
    });
    expect(broken.body.check.ok).toBe(false);
    expect(broken.body.check.problems.length).toBeGreaterThan(0);

    const checked = await api(t.baseUrl, 'POST', '/api/v1/me/plans', { token: mine, json: { ...body, dryRun: true } });
    expect(checked.body.check).toMatchObject({ ok: true, weeklyHours: 40, requiredHours: 40 });
    const draft = await api(t.baseUrl, 'POST', '/api/v1/me/plans', { token: mine, json: body });
    expect(draft.status).toBe(201);
    const id = draft.body.plan.id as number;
    expect((await api(t.baseUrl, 'GET', draft.headers.get('location')!, { token: mine })).body.plan.status).toBe(
      'draft',
    );
    expect((await api(t.baseUrl, 'POST', `/api/v1/me/plans/${id}/submit`, { token: mine })).body.plan.status).toBe(
      'submitted',
    );

    // Nobody decides on their own plan, even through the API.
    const self = await api(t.baseUrl, 'POST', `/api/v1/approvals/${id}`, {
      token: mine,
      json: { decision: 'approved' },
    });
    expect(self.status).toBe(403);
    const queue = await api(t.baseUrl, 'GET', '/api/v1/approvals', { token: boss });
    expect(queue.body.data.map((p: { id: number }) => p.id)).toContain(id);
    const decided = await api(t.baseUrl, 'POST', `/api/v1/approvals/${id}`, {
      token: boss,
      json: { decision: 'approved', comment: '좋습니다' },
    });
    expect(decided.body.plan.status).toBe('approved');
    expect(decided.body.daysNeedingAttention).toBe(0);

    const team = await api(t.baseUrl, 'GET', '/api/v1/team/week?date=2026-12-09', { token: boss });
    const row = team.body.people.find((p: { id: number }) => p.id === member.user.id);
    expect(row.days[2]).toMatchObject({ where: 'center', centerId: center.id });
  });
});
