import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBans, bookingEvents, bookings, centerPolicies, notifications } from '../../src/db/schema.js';
import { signedIn as signInAs, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter } from '../helpers/factories.js';
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
    expect((await stranger.client.get(`/operator/centers/${center.id}/qr`)).status).toBe(403);
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

describe('operators manage holds and resource modes', () => {
  it('lift a no-show hold, and give one desk its own booking mode', async () => {
    const { center, desks } = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const held = await signedIn();
    // The hold follows a no-show at this operator's center (operators see only their centers' holds).
    await t.db.insert(bookings).values({
      deskId: desks[2]!.id,
      userId: held.user.id,
      createdById: held.user.id,
      startsAt: at('2026-11-27T09:00:00'),
      endsAt: at('2026-11-27T10:00:00'),
      status: 'no_show',
    });
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
