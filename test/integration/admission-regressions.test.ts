import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveNeeds } from '../../src/accessibility/needs.js';
import { findSessionUser } from '../../src/auth/users.js';
import { bookSeries, cancelRestOfSeries, planSeries } from '../../src/bookings/series.js';
import { weeklyRrule } from '../../src/bookings/series-rules.js';
import { createBooking } from '../../src/bookings/service.js';
import { joinWaitlist } from '../../src/bookings/waitlist.js';
import { takeOutOfService } from '../../src/centers/out-of-service.js';
import * as s from '../../src/db/schema.js';
import { ConflictError, ValidationError } from '../../src/errors.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { rollPlansForward } from '../../src/schedules/plan-bookings.js';
import { decidePlan } from '../../src/schedules/service.js';
import { api } from '../helpers/api.js';
import { startTestApp, type TestApp, TestClock, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const needsKey = testConfig().needsKey;
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+09:00`);

function deps(clock = new TestClock()) {
  const events = new LocalBus();
  const published: unknown[] = [];
  events.subscribe((e) => published.push(e));
  return { db: t.db, clock, events, needsKey, published };
}

async function person(options: Parameters<typeof createUser>[1] = {}) {
  const row = await createUser(t.db, options);
  return (await findSessionUser(t.db, row.id))!;
}

describe(`observations fixed by the one admission path (${engine})`, () => {
  it('1. a series cannot book beyond the horizon that a single booking respects', async () => {
    const d = deps();
    const { desks } = await createCenter(t.db);
    const me = await person();
    // Every Wednesday from 2 December to 23 December: the 23rd is 22 days ahead, beyond 14.
    const req = {
      deskId: desks[1]!.id,
      firstDate: '2026-12-02',
      rrule: weeklyRrule([3], '2026-12-23'),
      start: 540,
      end: 720,
    };
    const plan = await planSeries(d, me, req);
    expect(plan.free).toEqual(['2026-12-02', '2026-12-09']);
    expect(plan.blocked.map((b) => [b.date, b.key])).toEqual([
      ['2026-12-16', 'booking.error.dateTooFar'],
      ['2026-12-23', 'booking.error.dateTooFar'],
    ]);
    // Even if a client asks for the far dates directly, the path refuses them.
    const result = await bookSeries(d, me, req, ['2026-12-02', '2026-12-23']);
    expect(result.booked).toEqual(['2026-12-02']);
    expect(result.lost).toEqual(['2026-12-23']);
  });

  it('1b. a series obeys the weekly limit and the no-show hold like a single booking', async () => {
    const d = deps();
    const { center, desks } = await createCenter(t.db);
    await t.db.update(s.centerPolicies).set({ maxWeekMinutes: 180 }).where(eq(s.centerPolicies.centerId, center.id));
    const me = await person();
    const req = {
      deskId: desks[1]!.id,
      firstDate: '2026-12-02',
      rrule: weeklyRrule([3, 4], '2026-12-03'),
      start: 540,
      end: 720,
    };
    const plan = await planSeries(d, me, req);
    expect(plan.free).toEqual(['2026-12-02', '2026-12-03']); // each on its own fits…
    const result = await bookSeries(d, me, req, plan.free);
    expect(result.lost).toEqual(['2026-12-03']); // …but not both in one week.
  });

  it('2. the API books the desk held for a wheelchair user and records the need', async () => {
    const user = await createUser(t.db);
    const { center, desks } = await createCenter(t.db);
    await t.db
      .update(s.centerPolicies)
      .set({ priorityReleaseHours: 72 })
      .where(eq(s.centerPolicies.centerId, center.id));
    await saveNeeds({ db: t.db, key: needsKey }, user.id, ['wheelchair'], new Date());
    const token = (
      await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
        json: { username: user.username, password: PASSWORD, name: 'needs' },
      })
    ).body.token as string;
    const res = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token,
      json: { deskId: desks[0]!.id, start: '2026-12-10T09:00:00+09:00', end: '2026-12-10T12:00:00+09:00' },
    });
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(s.bookings).where(eq(s.bookings.id, res.body.id));
    expect(row!.needsAccessible).toBe(true);
  });

  it('3. the waitlist refuses ranges no booking could have, and is not for free times', async () => {
    const d = deps();
    const { center } = await createCenter(t.db, { desks: 1 });
    await t.db.update(s.centerPolicies).set({ deskMode: 'half_day' }).where(eq(s.centerPolicies.centerId, center.id));
    const me = await person();
    const wait = (from: string, to: string) =>
      joinWaitlist(d, me, {
        centerId: center.id,
        startsAt: at('2026-12-02', from),
        endsAt: at('2026-12-02', to),
        feature: null,
        autoBook: true,
      });
    await expect(wait('09:10', '13:00')).rejects.toBeInstanceOf(ValidationError); // off-step
    await expect(wait('19:00', '22:00')).rejects.toBeInstanceOf(ValidationError); // after hours
    await expect(wait('10:00', '11:00')).rejects.toBeInstanceOf(ValidationError); // not a block
    await expect(wait('09:00', '13:00')).rejects.toBeInstanceOf(ConflictError); // free: book instead
    await expect(
      joinWaitlist(d, me, {
        centerId: 1000,
        startsAt: at('2026-12-02', '09:00'),
        endsAt: at('2026-12-02', '13:00'),
        feature: null,
        autoBook: true,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('4. plan approval books only days from today to the horizon, skips leave, and the job books the rest later', async () => {
    const clock = new TestClock(at('2026-12-01', '09:10'));
    const d = deps(clock);
    const { center } = await createCenter(t.db);
    const manager = await person({ role: 'manager' });
    const member = await createUser(t.db);
    const [team] = await t.db
      .insert(s.teams)
      .values({
        code: `team-${member.id}`,
        name: '팀',
        nameEn: 'Team',
        managerId: manager.id,
        organisationId: member.organisationId,
      })
      .returning();
    await t.db.update(s.users).set({ teamId: team!.id }).where(eq(s.users.id, member.id));
    await t.db
      .insert(s.absences)
      .values({ userId: member.id, startsOn: '2026-12-09', endsOn: '2026-12-09', kind: 'leave' });
    const pattern = [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      type: 'staggered',
      place: weekday === 3 ? 'center' : 'hq',
      centerId: weekday === 3 ? center.id : null,
      start: 9 * 60,
      end: 18 * 60,
    }));
    const [plan] = await t.db
      .insert(s.schedulePlans)
      .values({
        userId: member.id,
        fromDate: '2026-11-23',
        toDate: '2026-12-31',
        pattern,
        status: 'submitted',
        project: '',
        outcome: '',
      })
      .returning();
    await decidePlan(d, manager, plan!.id, 'approved', '');
    const days = await t.db.select().from(s.planDays).where(eq(s.planDays.planId, plan!.id));
    const byDate = Object.fromEntries(days.map((x) => [x.date, x.bookingId ? 'booked' : x.attention]));
    expect(byDate).toEqual({
      '2026-11-25': 'past',
      '2026-12-02': 'booked',
      '2026-12-09': 'leave',
      '2026-12-16': 'pending',
      '2026-12-23': 'pending',
      '2026-12-30': 'pending',
    });
    // The center's board hears of it, not only the person.
    await new Promise((r) => setImmediate(r));
    expect(d.published).toContainEqual({ type: 'center', centerId: center.id });
    // A week later the 16th has entered the 14-day horizon; the job books it once, whichever process runs it.
    clock.set(at('2026-12-02', '00:05'));
    const [first, second] = await Promise.all([rollPlansForward(d), rollPlansForward(d)]);
    expect(first.booked + second.booked).toBe(1);
    const [day16] = await t.db
      .select()
      .from(s.planDays)
      .where(and(eq(s.planDays.planId, plan!.id), eq(s.planDays.date, '2026-12-16')));
    expect(day16!.bookingId).not.toBeNull();
  });

  it('5. cancelling the rest of a series from a date keeps the earlier occurrences', async () => {
    const d = deps();
    const { desks } = await createCenter(t.db);
    const me = await person();
    const req = {
      deskId: desks[1]!.id,
      firstDate: '2026-12-02',
      rrule: weeklyRrule([3, 5], '2026-12-11'),
      start: 540,
      end: 720,
    };
    const { seriesId } = await bookSeries(d, me, req, ['2026-12-02', '2026-12-04', '2026-12-09', '2026-12-11']);
    expect(await cancelRestOfSeries(d, me, seriesId, '2026-12-09')).toBe(2);
    const rows = await t.db.select().from(s.bookings).where(eq(s.bookings.seriesId, seriesId));
    const status = Object.fromEntries(rows.map((b) => [b.startsAt.toISOString().slice(0, 10), b.status]));
    expect(status).toEqual({
      '2026-12-02': 'booked',
      '2026-12-04': 'booked',
      '2026-12-09': 'cancelled',
      '2026-12-11': 'cancelled',
    });
  });

  it('6. a parent at a desk books the nursing room, and an attendee has a desk and a meeting', async () => {
    const d = deps();
    const { zone, desks } = await createCenter(t.db);
    const [nursing, meeting] = await t.db
      .insert(s.desks)
      .values([
        { zoneId: zone.id, label: '수유실', kind: 'nursing_room', capacity: 1, features: [] },
        { zoneId: zone.id, label: 'R-1', kind: 'meeting_room', capacity: 4, features: [] },
      ])
      .returning();
    const parent = await person();
    const colleague = await person();
    const day = { date: '2026-12-02', start: 540, end: 720 };
    await createBooking(d, parent, { deskId: desks[1]!.id, ...day });
    await createBooking(d, parent, { deskId: nursing!.id, date: day.date, start: 600, end: 630 });
    await createBooking(d, colleague, { deskId: desks[2]!.id, ...day });
    await createBooking(d, parent, {
      deskId: meeting!.id,
      date: day.date,
      start: 660,
      end: 720,
      title: '주간 회의',
      attendees: [colleague.username],
    });
    // Still one desk at a time.
    await expect(createBooking(d, parent, { deskId: desks[0]!.id, ...day })).rejects.toMatchObject({
      key: 'booking.error.userOverlap',
    });
  });

  it('7. out of service: a plain booking never lands on an accessible desk, and each person gets one notice', async () => {
    const d = deps();
    const { center, desks } = await createCenter(t.db, { desks: 3 });
    const operator = await person({ role: 'operator' });
    await t.db.insert(s.centerOperators).values({ centerId: center.id, userId: operator.id });
    const me = await person();
    for (const date of ['2026-12-02', '2026-12-03', '2026-12-04'])
      await createBooking(d, me, { deskId: desks[1]!.id, date, start: 540, end: 720 });
    // The only other plain desk is taken on the 3rd: that day cannot move (the accessible desk is not an option).
    const other = await person();
    await createBooking(d, other, { deskId: desks[2]!.id, date: '2026-12-03', start: 540, end: 720 });
    const before = await t.db.select().from(s.notifications).where(eq(s.notifications.userId, me.id));
    const result = await takeOutOfService(d, operator, center.id, desks[1]!.id, '모니터 고장');
    expect(result).toMatchObject({ moved: 2, cancelled: 1 });
    const mine = await t.db.select().from(s.bookings).where(eq(s.bookings.userId, me.id));
    expect(mine.filter((b) => b.status === 'booked').every((b) => b.deskId === desks[2]!.id)).toBe(true);
    const notices = (await t.db.select().from(s.notifications).where(eq(s.notifications.userId, me.id))).slice(
      before.length,
    );
    expect(notices.map((n) => n.messageKey).sort()).toEqual([
      'notice.bookingsCancelledOutOfService',
      'notice.bookingsMoved',
    ]);
  });
});

describe(`closures are shown before anyone submits (${engine})`, () => {
  it('8. the day view, the booking form, simple mode, API availability and open data show a closed day as closed', async () => {
    const { center, desks } = await createCenter(t.db);
    await t.db.insert(s.closures).values({
      centerId: center.id,
      startsOn: '2026-12-03',
      endsOn: '2026-12-03',
      reason: '소방 점검',
      kind: 'maintenance',
    });
    const user = await createUser(t.db);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const dayView = await client.get(`/centers/${center.id}?date=2026-12-03`);
    expect(dayView.text).toContain('이 날은 운영하지 않습니다: 소방 점검');
    expect(dayView.text).not.toContain(`/bookings/new?desk=${desks[0]!.id}`);
    const form = await client.get(`/bookings/new?desk=${desks[1]!.id}&date=2026-12-03`);
    expect(form.text).toContain('소방 점검');
    const simple = await client.get(`/simple/when?center=${center.id}`);
    expect(simple.text).toContain('value="2026-12-02|morning"');
    expect(simple.text).not.toContain('2026-12-03|');
    const availability = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=2026-12-03`);
    expect(availability.body.open).toBeNull();
    expect(availability.body.closure).toMatchObject({ reason: '소방 점검', kind: 'maintenance' });
    expect(availability.body.data.every((d: { free: unknown[] }) => d.free.length === 0)).toBe(true);
    const csv = await fetch(`${t.baseUrl}/api/v1/open-data/occupancy.csv?month=2026-12`).then((r) => r.text());
    const ours = csv.split('\n').filter((line) => line.startsWith(`${center.id},`));
    expect(ours.some((line) => line.includes('2026-12-02T'))).toBe(true);
    expect(ours.some((line) => line.includes('2026-12-03T'))).toBe(false);
  });

  it('9. looking at My bookings does not mark notices read', async () => {
    const d = deps();
    const { desks } = await createCenter(t.db);
    const me = await person();
    await createBooking(d, me, { deskId: desks[1]!.id, date: '2026-12-02', start: 540, end: 720 });
    const client = t.client();
    await client.login(me.username, PASSWORD);
    expect((await client.get('/bookings')).text).toContain('class="unread"');
    const unread = await t.db.select().from(s.notifications).where(eq(s.notifications.userId, me.id));
    expect(unread.every((n) => n.readAt === null)).toBe(true);
  });
});
