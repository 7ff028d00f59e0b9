import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

describe('calendar', () => {
  it('serves a private, revocable iCal feed of my bookings, and one booking as .ics', async () => {
    const { desks } = await createCenter(t.db);
    const user = await createUser(t.db);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const made = await client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '12:00',
    });
    const id = made.location!.split('-').at(-1);

    await client.get('/profile');
    await client.post('/profile/calendar');
    const profile = await client.get('/profile');
    const url = /id="calendar-url" type="text" readonly value="([^"]+)"/.exec(profile.text)?.[1];
    expect(url).toMatch(/\/calendar\/[\w-]+\.ics$/);
    const path = new URL(url!).pathname;

    const feed = await fetch(t.baseUrl + path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const body = await feed.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toContain(`UID:booking-${id}@`);
    expect(body).toContain('DTSTART:20261202T000000Z'); // 09:00 in Seoul
    expect(body).toContain('DTEND:20261202T030000Z');
    expect(body).toContain('STATUS:CONFIRMED');

    await client.post(`/bookings/${id}/cancel`);
    expect(await (await fetch(t.baseUrl + path)).text()).toContain('STATUS:CANCELLED');

    // A new address revokes the old one.
    await client.post('/profile/calendar');
    expect((await fetch(t.baseUrl + path)).status).toBe(404);

    const one = await client.get(`/bookings/${id}/ics`);
    expect(one.status).toBe(200);
    expect(one.text).toContain(`UID:booking-${id}@`);
    const stranger = t.client();
    await stranger.login((await createUser(t.db)).username, PASSWORD);
    expect((await stranger.get(`/bookings/${id}/ics`)).status).toBe(404);
  });
});
