// Bookings beyond a single desk for oneself: for a team member, around leave, repeating, and rooms.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, desks } from '../../src/db/schema.js';
import { signedIn as signInAs, startTestApp, type TestApp, teamOf } from '../helpers/app.js';
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
const _at = (s: string) => new Date(`${s}+09:00`);
describe('booking for someone else', () => {
  it('lets a manager book for a member of their team, shown to both, and for nobody else', async () => {
    const { desks } = await createCenter(t.db);
    const { manager, member } = await teamOf(t);
    const outsider = await signedIn();

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
    // Cancelling is a link to its "are you sure?" page, for the organiser only.
    expect(seen.text).not.toContain(`/bookings/${idOf(ok.location)}/cancel"`);
    expect((await organiser.client.get('/bookings')).text).toContain(`href="/bookings/${idOf(ok.location)}/cancel"`);
  });
});
