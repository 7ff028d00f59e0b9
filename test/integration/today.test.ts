import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { cancelBooking, createBooking } from '../../src/bookings/service.js';
import * as s from '../../src/db/schema.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { signedIn, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const deps = () => ({ db: t.db, clock: t.clock, events: new LocalBus(), needsKey: testConfig().needsKey });

describe(`the Today page (${engine})`, () => {
  it('shows today’s booking with check-in, the live count, next bookings, the week and unread notices', async () => {
    const { user, client } = await signedIn(t);
    const me = (await findSessionUser(t.db, user.id))!;
    const { center, desks } = await createCenter(t.db);
    // 09:10 now: a booking from 09:00 can be checked in.
    const today = await createBooking(deps(), me, { deskId: desks[0]!.id, date: '2026-12-01', start: 540, end: 720 });
    await createBooking(deps(), me, { deskId: desks[1]!.id, date: '2026-12-03', start: 780, end: 1080 });
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="/bookings/${today.id}/check-in"`);
    expect(page.text).toContain('name="back" value="today"');
    expect(page.text).toContain(`data-live-center="${center.id}"`);
    expect(page.text).toContain('13:00–18:00');
    expect(page.text).toContain('aria-current="date"');
    // The notice of the booking just made is unread.
    expect(page.text).toContain('예약이 확정되었습니다');
    const checkedIn = await client.post(`/bookings/${today.id}/check-in`, { back: 'today' });
    expect(checkedIn.status).toBe(303);
    expect(checkedIn.location).toBe('/');
    const after = await client.get('/');
    expect(after.text).toContain(`action="/bookings/${today.id}/check-out"`);
    const out = await client.post(`/bookings/${today.id}/check-out`, { back: 'today' });
    expect(out.location).toBe('/');
  });

  it('books the usual desk and hours on a chosen day, through the same rules', async () => {
    const { user, client } = await signedIn(t);
    const me = (await findSessionUser(t.db, user.id))!;
    const { desks } = await createCenter(t.db);
    const first = await client.get('/');
    expect(first.text).not.toContain('action="/today/usual"');
    await createBooking(deps(), me, { deskId: desks[2]!.id, date: '2026-12-02', start: 540, end: 720 });
    await client.get('/');
    const booked = await client.post('/today/usual', { date: '2026-12-04' });
    expect(booked.status).toBe(303);
    const rows = await t.db.select().from(s.bookings).where(eq(s.bookings.userId, user.id));
    const usual = rows.find((b) => b.startsAt.toISOString() === '2026-12-04T00:00:00.000Z');
    expect(usual).toMatchObject({ deskId: desks[2]!.id, endsAt: new Date('2026-12-04T03:00:00.000Z') });
    // The same day again: the rules refuse it, shown on the page with the field.
    const again = await client.post('/today/usual', { date: '2026-12-04' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.text).toContain('href="#usual-date"');
    const bad = await client.post('/today/usual', { date: '2026-02-30' });
    expect(bad.status).toBe(422);
    // A booking the person then cancelled is not their usual: the desk before it still is.
    const dropped = await createBooking(deps(), me, { deskId: desks[1]!.id, date: '2026-12-07', start: 600, end: 660 });
    await cancelBooking(deps(), me, dropped.id);
    expect((await client.post('/today/usual', { date: '2026-12-08' })).status).toBe(303);
    const later = await t.db.select().from(s.bookings).where(eq(s.bookings.userId, user.id));
    expect(later.find((b) => b.startsAt.toISOString() === '2026-12-08T00:00:00.000Z')?.deskId).toBe(desks[2]!.id);
  });

  it('still welcomes anonymous visitors', async () => {
    const res = await fetch(`${t.baseUrl}/`);
    expect(await res.text()).toContain('href="/centers"');
  });
});
