import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookingBans,
  bookingEvents,
  bookings,
  centerPolicies,
  desks,
  notifications,
  teams,
  users,
} from '../../src/db/schema.js';
import { signedIn as signInAs, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const signedIn = (role: 'employee' | 'operator' = 'employee', operates?: number) => signInAs(t, { role, operates });
const book = (client: HttpClient, deskId: number, date: string, start: string, end: string) =>
  client.post('/bookings', { deskId: String(deskId), date, start, end });
const idOf = (location: string | null) => Number(location!.split('-').at(-1));
const at = (s: string) => new Date(`${s}+09:00`);

describe('QR check-in, walk-ins and check-out', () => {
  it('checks a person in to their booking from the desk code, and out early, freeing the rest', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const id = idOf((await book(client, desks[0]!.id, '2026-12-01', '09:00', '12:00')).location);
    const page = await client.get(`/checkin/${desks[0]!.id}`);
    expect(page.text).toContain('09:00–12:00 예약이 있습니다');
    expect((await client.post(`/checkin/${desks[0]!.id}`)).status).toBe(303);
    expect((await t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.status).toBe('checked_in');

    t.clock.set(at('2026-12-01T10:05:00'));
    try {
      expect((await client.get(`/checkin/${desks[0]!.id}`)).text).toContain('이용 종료');
      expect((await client.post(`/bookings/${id}/check-out`)).status).toBe(303);
      const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      expect(row!.status).toBe('completed');
      expect(row!.endsAt.toISOString()).toBe(at('2026-12-01T10:05:00').toISOString());
      // The rest of the slot is free again.
      const other = await signedIn();
      expect((await book(other.client, desks[0]!.id, '2026-12-01', '10:30', '12:00')).status).toBe(303);
      const trail = await t.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, id));
      expect(trail.map((e) => e.toStatus)).toEqual(['booked', 'checked_in', 'completed']);
    } finally {
      t.clock.set(at('2026-12-01T09:10:00'));
    }
  });

  it('books a free desk on the spot until the next booking, and refuses when walk-ins are off', async () => {
    const { center, desks } = await createCenter(t.db);
    const other = await signedIn();
    await book(other.client, desks[1]!.id, '2026-12-01', '13:00', '15:00');
    const { client } = await signedIn();
    const page = await client.get(`/checkin/${desks[1]!.id}`);
    expect(page.text).toContain('13:00까지 지금 쓰기');
    expect((await client.post(`/checkin/${desks[1]!.id}`)).status).toBe(303);
    const [walkIn] = (await t.db.select().from(bookings).where(eq(bookings.deskId, desks[1]!.id))).filter(
      (b) => b.userId !== other.user.id,
    );
    expect(walkIn!.status).toBe('checked_in');
    expect(walkIn!.endsAt.toISOString()).toBe(at('2026-12-01T13:00:00').toISOString());

    await t.db.update(centerPolicies).set({ walkInsAllowed: false }).where(eq(centerPolicies.centerId, center.id));
    const third = await signedIn();
    expect((await third.client.get(`/checkin/${desks[2]!.id}`)).text).toContain('현장 예약을 받지 않습니다');
    await third.client.post(`/checkin/${desks[2]!.id}`);
    expect(await t.db.select().from(bookings).where(eq(bookings.deskId, desks[2]!.id))).toHaveLength(0);
  });

  it('prints QR codes for the operators of the center only', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const sheet = await operator.client.get(`/operator/centers/${center.id}/qr`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('<svg');
    expect(sheet.text).toContain(`/checkin/${desks[0]!.id}`);
    const stranger = await signedIn('operator');
    expect((await stranger.client.get(`/operator/centers/${center.id}/qr`)).status).toBe(404);
  });
});

describe('center policy and closures', () => {
  it('lets an operator set the policy, which the booking form then follows', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    await operator.client.get(`/operator/centers/${center.id}/settings`);
    const bad = await operator.client.post(`/operator/centers/${center.id}/policy`, {
      horizonDays: '200',
      minMinutes: '45',
      maxHours: '4',
      maxWeekHours: '20',
      checkInBeforeMinutes: '15',
      checkInAfterMinutes: '30',
      noShowLimit: '3',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="horizonDays-error"');
    expect(bad.text).toContain('id="minMinutes-error"');
    expect(bad.text).toContain('value="200"');
    const ok = await operator.client.post(`/operator/centers/${center.id}/policy`, {
      horizonDays: '3',
      minMinutes: '60',
      maxHours: '4',
      maxWeekHours: '20',
      checkInBeforeMinutes: '15',
      checkInAfterMinutes: '30',
      noShowLimit: '3',
      walkInsAllowed: '1',
      deskMode: 'free',
      roomMode: 'hourly',
    });
    expect(ok.status).toBe(303);
    const { client } = await signedIn();
    expect((await book(client, desks[0]!.id, '2026-12-07', '09:00', '10:00')).text).toContain(
      '3일 뒤(2026-12-04)까지만',
    );
    expect((await book(client, desks[0]!.id, '2026-12-02', '09:00', '14:00')).text).toContain('최대 4시간까지');
    expect((await book(client, desks[0]!.id, '2026-12-02', '09:00', '09:30')).text).toContain('최소 60분');
  });

  it('closes days: bookings in them are cancelled with a notice, and nobody can book them', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const holder = await signedIn();
    const id = idOf((await book(holder.client, desks[0]!.id, '2026-12-03', '09:00', '12:00')).location);
    await operator.client.get(`/operator/centers/${center.id}/settings`);
    const added = await operator.client.post(`/operator/centers/${center.id}/closures`, {
      startsOn: '2026-12-03',
      endsOn: '2026-12-04',
      kind: 'maintenance',
      reason: '냉난방 공사',
    });
    expect(added.status).toBe(303);
    expect((await t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.status).toBe('cancelled');
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, holder.user.id));
    expect(notes.map((n) => n.messageKey)).toEqual(
      expect.arrayContaining(['notice.booked', 'notice.bookingCancelledClosure']),
    );
    const again = await book(holder.client, desks[0]!.id, '2026-12-04', '09:00', '10:00');
    expect(again.status).toBe(422);
    expect(again.text).toContain('냉난방 공사');
    const wrong = await operator.client.post(`/operator/centers/${center.id}/closures`, {
      startsOn: '2026-12-05',
      endsOn: '2026-12-04',
      kind: 'maintenance',
      reason: '',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('id="endsOn-error"');
    expect(wrong.text).toContain('id="reason-error"');
  });

  it('loads the public holidays of a year once', async () => {
    const { center } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    await operator.client.get(`/operator/centers/${center.id}/settings`);
    await operator.client.post(`/operator/centers/${center.id}/holidays`, { year: '2026' });
    await operator.client.post(`/operator/centers/${center.id}/holidays`, { year: '2026' });
    const page = await operator.client.get(`/operator/centers/${center.id}/settings`);
    expect(page.text.match(/성탄절/g)).toHaveLength(2); // the row and its remove button's label, once each
  });
});

describe('notifications', () => {
  it('confirm bookings and cancellations in an in-app list with an unread count', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const made = await book(client, desks[0]!.id, '2026-12-02', '09:00', '10:00');
    await client.post(`/bookings/${idOf(made.location)}/cancel`);
    const page = await client.get('/centers');
    expect(page.text).toMatch(/class="badge">2</);
    const list = await client.get('/notifications');
    expect(list.text).toContain('2026-12-02 09:00–10:00 예약이 확정되었습니다');
    expect(list.text).toContain('2026-12-02 09:00–10:00 예약을 취소했습니다');
    expect((await client.get('/centers')).text).not.toContain('class="badge"');
  });
});

describe('booking for someone else', () => {
  it('lets a manager book for a member of their team, shown to both, and for nobody else', async () => {
    const { desks } = await createCenter(t.db);
    const manager = await signedIn();
    const member = await signedIn();
    const outsider = await signedIn();
    const [team] = await t.db
      .insert(teams)
      .values({
        code: `team-${manager.user.id}`,
        organisationId: manager.user.organisationId,
        name: '팀',
        nameEn: 'Team',
        managerId: manager.user.id,
      })
      .returning();
    await t.db.update(users).set({ teamId: team!.id, role: 'manager' }).where(eq(users.id, manager.user.id));
    await t.db.update(users).set({ teamId: team!.id }).where(eq(users.id, member.user.id));
    await manager.client.login(manager.user.username, PASSWORD);

    const form = await manager.client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02`);
    expect(form.text).toContain(`<option value="${member.user.id}"`);
    expect(form.text).not.toContain(`<option value="${outsider.user.id}"`);
    const made = await manager.client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '12:00',
      forUserId: String(member.user.id),
    });
    expect(made.status).toBe(303);
    const [row] = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, idOf(made.location)));
    expect(row).toMatchObject({ userId: member.user.id, createdById: manager.user.id });
    expect((await member.client.get('/bookings')).text).toContain(`사용자 ${manager.user.username}님이 예약함`);
    const refused = await manager.client.post('/bookings', {
      deskId: String(desks[1]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '12:00',
      forUserId: String(outsider.user.id),
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('내 팀원만 대신 예약할 수 있습니다');
  });
});

describe('absence', () => {
  it('shows the bookings it would cancel, cancels them only after a yes, and validates the dates', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const a = idOf((await book(client, desks[0]!.id, '2026-12-03', '09:00', '12:00')).location);
    const b = idOf((await book(client, desks[0]!.id, '2026-12-07', '09:00', '12:00')).location);
    await client.get('/absences');
    const bad = await client.post('/absences', { startsOn: '2026-12-04', endsOn: '2026-12-02', kind: 'leave' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="endsOn-error"');
    const ask = await client.post('/absences', {
      startsOn: '2026-12-02',
      endsOn: '2026-12-04',
      kind: 'business_trip',
      note: '부산 출장',
    });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('2026-12-03 09:00–12:00');
    expect((await t.db.select().from(bookings).where(eq(bookings.id, a)))[0]!.status).toBe('booked');
    const yes = await client.post('/absences', {
      startsOn: '2026-12-02',
      endsOn: '2026-12-04',
      kind: 'business_trip',
      note: '부산 출장',
      confirm: '1',
    });
    expect(yes.status).toBe(303);
    expect((await t.db.select().from(bookings).where(eq(bookings.id, a)))[0]!.status).toBe('cancelled');
    expect((await t.db.select().from(bookings).where(eq(bookings.id, b)))[0]!.status).toBe('booked');
    expect((await client.get('/absences')).text).toContain('부산 출장');
  });
});

describe('repeating bookings', () => {
  it('reports collisions before writing anything, books the free dates on request, and cancels the rest', async () => {
    const { desks } = await createCenter(t.db);
    const other = await signedIn();
    await book(other.client, desks[0]!.id, '2026-12-03', '10:00', '11:00');
    const { user, client } = await signedIn();
    await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-01`);
    const series = {
      deskId: String(desks[0]!.id),
      date: '2026-12-01',
      start: '09:00',
      end: '12:00',
      until: '2026-12-10',
    };
    const body = new URLSearchParams({ _csrf: client.csrfToken!, ...series });
    body.append('weekday', '2');
    body.append('weekday', '4');
    const ask = await client.request('POST', '/bookings', {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ask.status).toBe(409);
    expect(ask.text).toContain('그 시간에는 이미 다른 예약이 있습니다');
    expect(ask.text).toContain('빈 3일만 예약');
    expect((await t.db.select().from(bookings).where(eq(bookings.userId, user.id))).length).toBe(0);

    body.set('_csrf', client.csrfToken!);
    body.append('seriesChoice', 'free');
    const yes = await client.request('POST', '/bookings', {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(yes.status).toBe(303);
    const mine = await t.db.select().from(bookings).where(eq(bookings.userId, user.id));
    expect(mine.map((b) => b.startsAt.toISOString()).sort()).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2026-12-08T00:00:00.000Z',
      '2026-12-10T00:00:00.000Z',
    ]);
    const seriesId = mine[0]!.seriesId!;
    expect(mine.every((b) => b.seriesId === seriesId)).toBe(true);

    await client.get('/bookings');
    expect((await client.post(`/series/${seriesId}/cancel-rest`)).status).toBe(303);
    const after = await t.db.select().from(bookings).where(eq(bookings.userId, user.id));
    expect(after.filter((b) => b.status === 'cancelled')).toHaveLength(2); // the one under way today stays
  });

  it('refuses a series without an end, and skips days of leave', async () => {
    const { desks } = await createCenter(t.db);
    const { user, client } = await signedIn();
    await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02`);
    const noEnd = await client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '10:00',
      weekday: '3',
    });
    expect(noEnd.status).toBe(422);
    expect(noEnd.text).toContain('id="until-error"');
    await client.get('/absences');
    await client.post('/absences', { startsOn: '2026-12-09', endsOn: '2026-12-09', kind: 'leave' });
    await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02`);
    const ask = await client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '10:00',
      weekday: '3',
      until: '2026-12-16',
    });
    expect(ask.status).toBe(409);
    expect(ask.text).toContain('휴가·출장');
    expect((await t.db.select().from(bookings).where(eq(bookings.userId, user.id))).length).toBe(0);
  });
});

describe('booking modes', () => {
  it('books desks in half-day blocks where the center says so, in the form and the API alike', async () => {
    const { center, desks } = await createCenter(t.db);
    await t.db.update(centerPolicies).set({ deskMode: 'half_day' }).where(eq(centerPolicies.centerId, center.id));
    const { client } = await signedIn();
    const form = await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02`);
    expect(form.text).not.toContain('id="start"');
    expect(form.text).toContain('value="morning"');
    const odd = await book(client, desks[0]!.id, '2026-12-02', '09:00', '12:00');
    expect(odd.status).toBe(422);
    expect(odd.text).toContain('오전, 오후, 종일 중 하나로');
    const morning = await client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      preset: 'morning',
    });
    expect(morning.status).toBe(303);
  });
});

describe('rooms', () => {
  it('need a title, take attendees who see the booking, and respect the capacity', async () => {
    const { zone } = await createCenter(t.db);
    const [room] = await t.db
      .insert(desks)
      .values({ zoneId: zone.id, label: '회의실 A', kind: 'meeting_room', capacity: 3, features: ['video'] })
      .returning();
    const organiser = await signedIn();
    const guest = await signedIn();
    const other = await signedIn();
    const base = { deskId: String(room!.id), date: '2026-12-02', start: '10:00', end: '11:00' };
    await organiser.client.get(`/bookings/new?desk=${room!.id}&date=2026-12-02`);
    const untitled = await organiser.client.post('/bookings', { ...base, title: '', attendees: '' });
    expect(untitled.status).toBe(422);
    expect(untitled.text).toContain('id="title-error"');
    const unknown = await organiser.client.post('/bookings', { ...base, title: '주간 회의', attendees: 'nobody.here' });
    expect(unknown.text).toContain('없는 아이디입니다: nobody.here');
    const crowd = await organiser.client.post('/bookings', {
      ...base,
      title: '주간 회의',
      attendees: `${guest.user.username}, ${other.user.username}, ${organiser.user.username}, admin`,
    });
    expect(crowd.status).toBe(422);
    const ok = await organiser.client.post('/bookings', {
      ...base,
      title: '주간 회의',
      attendees: `${guest.user.username}, ${other.user.username}`,
    });
    expect(ok.status).toBe(303);
    const seen = await guest.client.get('/bookings');
    expect(seen.text).toContain('주간 회의');
    expect(seen.text).toContain('초대받음');
    expect(seen.text).not.toContain(`action="/bookings/${idOf(ok.location)}/cancel"`);
    expect((await organiser.client.get('/bookings')).text).toContain(`action="/bookings/${idOf(ok.location)}/cancel"`);
  });
});

describe('operators manage holds and resource modes', () => {
  it('lift a no-show hold, and give one desk its own booking mode', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const held = await signedIn();
    await t.db.insert(bookingBans).values({
      userId: held.user.id,
      startsAt: at('2026-11-30T00:00:00'),
      endsAt: at('2026-12-07T00:00:00'),
      reason: 'test',
    });
    const page = await operator.client.get('/operator');
    expect(page.text).toContain(held.user.username);
    expect((await operator.client.post(`/operator/holds/${held.user.id}/lift`)).status).toBe(303);
    expect((await book(held.client, desks[0]!.id, '2026-12-03', '09:00', '10:00')).status).toBe(303);

    await operator.client.get(`/operator/centers/${center.id}/settings`);
    await operator.client.post(`/operator/centers/${center.id}/resource-modes`, {
      [`mode-${desks[1]!.id}`]: 'whole_day',
    });
    expect((await book(held.client, desks[1]!.id, '2026-12-04', '09:00', '13:00')).text).toContain(
      '종일로만 예약합니다',
    );
    expect((await book(held.client, desks[1]!.id, '2026-12-04', '09:00', '18:00')).status).toBe(303);
  });
});

describe('audit of bulk cancellations', () => {
  it('records the real status a booking had when a closure cancelled it', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const holder = await signedIn();
    const [row] = await t.db
      .insert(bookings)
      .values({
        deskId: desks[0]!.id,
        userId: holder.user.id,
        createdById: holder.user.id,
        startsAt: at('2026-12-01T09:00:00'),
        endsAt: at('2026-12-01T18:00:00'),
        status: 'checked_in',
      })
      .returning();
    await operator.client.get(`/operator/centers/${center.id}/settings`);
    await operator.client.post(`/operator/centers/${center.id}/closures`, {
      startsOn: '2026-12-01',
      endsOn: '2026-12-01',
      kind: 'other',
      reason: '정전',
    });
    const trail = await t.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, row!.id));
    expect(trail.map((e) => [e.fromStatus, e.toStatus])).toEqual([['checked_in', 'cancelled']]);
  });
});
