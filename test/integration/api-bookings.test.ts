import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveNeeds } from '../../src/accessibility/needs.js';
import * as s from '../../src/db/schema.js';
import { api } from '../helpers/api.js';
import { startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

async function tokenOf(user: { username: string }) {
  const res = await api(t.baseUrl, 'POST', '/api/v1/auth/tokens', {
    json: { username: user.username, password: PASSWORD, name: 'client' },
  });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

async function person(options: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(t.db, options);
  return { user, token: await tokenOf(user) };
}

const slot = (day: string, from: string, to: string) => ({
  start: `${day}T${from}:00+09:00`,
  end: `${day}T${to}:00+09:00`,
});

describe(`bookings through the API, complete (${engine})`, () => {
  it('books a meeting room with a title and attendees; the Location answers, with each caller’s role', async () => {
    const { zone } = await createCenter(t.db);
    const [room] = await t.db
      .insert(s.desks)
      .values({ zoneId: zone.id, label: 'R-01', kind: 'meeting_room', capacity: 4, features: [] })
      .returning();
    const organiser = await person();
    const guest = await person();
    const stranger = await person();
    const untitled = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: organiser.token,
      json: { deskId: room!.id, ...slot('2026-12-02', '10:00', '11:00') },
    });
    expect(untitled.status).toBe(422);
    const made = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: organiser.token,
      json: {
        deskId: room!.id,
        ...slot('2026-12-02', '10:00', '11:00'),
        title: '주간 회의',
        attendees: [guest.user.username],
      },
    });
    expect(made.status).toBe(201);
    const location = made.headers.get('location')!;
    const mine = await api(t.baseUrl, 'GET', location, { token: organiser.token });
    expect(mine.body).toMatchObject({
      kind: 'meeting_room',
      role: 'organiser',
      title: '주간 회의',
      attendees: [guest.user.username],
    });
    expect((await api(t.baseUrl, 'GET', location, { token: guest.token })).body.role).toBe('attendee');
    expect((await api(t.baseUrl, 'GET', location, { token: stranger.token })).status).toBe(404);
    const listed = await api(
      t.baseUrl,
      'GET',
      '/api/v1/me/bookings?from=2026-12-02T00:00:00%2B09:00&kind=meeting_room',
      {
        token: guest.token,
      },
    );
    expect(listed.body.data.map((b: { id: number }) => b.id)).toEqual([made.body.id]);
  });

  it('moves a booking atomically: a refused move keeps the old slot', async () => {
    const { desks } = await createCenter(t.db);
    const me = await person();
    const other = await person();
    const made = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-03', '09:00', '12:00') },
    });
    await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: other.token,
      json: { deskId: desks[2]!.id, ...slot('2026-12-03', '09:00', '12:00') },
    });
    const refused = await api(t.baseUrl, 'PATCH', `/api/v1/bookings/${made.body.id}`, {
      token: me.token,
      json: { deskId: desks[2]!.id, ...slot('2026-12-03', '09:00', '12:00') },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/api/problems/desk-taken');
    const still = await api(t.baseUrl, 'GET', `/api/v1/bookings/${made.body.id}`, { token: me.token });
    expect(still.body).toMatchObject({ deskId: desks[1]!.id, start: '2026-12-03T09:00:00+09:00' });
    const moved = await api(t.baseUrl, 'PATCH', `/api/v1/bookings/${made.body.id}`, {
      token: me.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-03', '13:00', '15:00') },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: made.body.id, deskId: desks[0]!.id, end: '2026-12-03T15:00:00+09:00' });
    // The calendar copy changes with it: same UID from PUBLIC_URL, a higher SEQUENCE.
    const ics = await fetch(`${t.baseUrl}/api/v1/bookings/${made.body.id}.ics`, {
      headers: { authorization: `Bearer ${me.token}` },
    }).then((r) => r.text());
    expect(ics).toContain(`UID:booking-${made.body.id}@smartwork.test`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('http://smartwork.test/bookings');
  });

  it('checks in and out', async () => {
    const { desks } = await createCenter(t.db);
    const me = await person();
    const made = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-01', '09:00', '12:00') },
    });
    const inside = await api(t.baseUrl, 'POST', `/api/v1/bookings/${made.body.id}/check-in`, { token: me.token });
    expect(inside.body.status).toBe('checked_in');
    const again = await api(t.baseUrl, 'POST', `/api/v1/bookings/${made.body.id}/check-in`, { token: me.token });
    expect(again.status).toBe(409);
    const out = await api(t.baseUrl, 'POST', `/api/v1/bookings/${made.body.id}/check-out`, { token: me.token });
    expect(out.body.status).toBe('completed');
  });

  it('pages my bookings with a cursor and filters by status', async () => {
    const { desks } = await createCenter(t.db);
    const me = await person();
    const ids: number[] = [];
    for (const day of ['2026-12-02', '2026-12-03', '2026-12-04']) {
      const r = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
        token: me.token,
        json: { deskId: desks[1]!.id, ...slot(day, '09:00', '12:00') },
      });
      ids.push(r.body.id);
    }
    await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${ids[1]}`, { token: me.token });
    const first = await api(t.baseUrl, 'GET', '/api/v1/me/bookings?limit=2', { token: me.token });
    expect(first.body.data.map((b: { id: number }) => b.id)).toEqual(ids.slice(0, 2));
    const second = await api(t.baseUrl, 'GET', `/api/v1/me/bookings?limit=2&cursor=${first.body.next}`, {
      token: me.token,
    });
    expect(second.body.data.map((b: { id: number }) => b.id)).toEqual([ids[2]]);
    expect(second.body.next).toBeNull();
    const active = await api(t.baseUrl, 'GET', '/api/v1/me/bookings?status=booked', { token: me.token });
    expect(active.body.data.map((b: { id: number }) => b.id)).toEqual([ids[0], ids[2]]);
    expect((await api(t.baseUrl, 'GET', '/api/v1/me/bookings?cursor=garbage', { token: me.token })).status).toBe(422);
  });

  it('answers 405 with Allow for a method an address does not have', async () => {
    const me = await person();
    const res = await fetch(`${t.baseUrl}/api/v1/bookings/1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD, OPTIONS');
  });
});

describe(`rules as data: a client books on its first attempt (${engine})`, () => {
  it('offers only bookable ranges: blocks at a half-day center, nothing past, nothing closed, the held desk only to who needs it', async () => {
    const partnerOrg = await createOrganisation(t.db, 'private');
    const { center, desks, partnerDesk } = await createCenter(t.db, { partnerOrganisationId: partnerOrg.id });
    await t.db
      .update(s.centerPolicies)
      .set({ deskMode: 'half_day', priorityReleaseHours: 72 })
      .where(eq(s.centerPolicies.centerId, center.id));
    await t.db.insert(s.closures).values({
      centerId: center.id,
      startsOn: '2026-12-04',
      endsOn: '2026-12-04',
      reason: '점검',
      kind: 'maintenance',
    });
    const employee = await person();
    const partner = await person({ organisationId: partnerOrg.id });
    const withNeeds = await person();
    await saveNeeds({ db: t.db, key: testConfig().needsKey }, withNeeds.user.id, ['wheelchair'], new Date());

    const detail = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}`);
    expect(detail.body.bookingRules).toMatchObject({ deskMode: 'half_day', horizonDays: 14 });
    expect(detail.body.closuresAhead).toContainEqual({
      reason: '점검',
      kind: 'maintenance',
      from: '2026-12-04',
      to: '2026-12-04',
    });

    for (const who of [employee, partner, withNeeds]) {
      for (const date of ['2026-12-01', '2026-12-03', '2026-12-07']) {
        const res = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=${date}`, {
          token: who.token,
        });
        expect(res.status).toBe(200);
        const offers = res.body.data.filter((d: { bookable: unknown[] }) => d.bookable.length > 0);
        expect(offers.length, `${who.user.username} on ${date}`).toBeGreaterThan(0);
        const first = offers[0] as { deskId: number; bookable: { start: string; end: string }[] };
        const booked = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
          token: who.token,
          json: { deskId: first.deskId, ...first.bookable[0]! },
        });
        expect(booked.status, JSON.stringify(booked.body)).toBe(201);
        await api(t.baseUrl, 'DELETE', `/api/v1/bookings/${booked.body.id}`, { token: who.token });
      }
    }
    // Today at 09:10 the morning block has begun but may still be booked; nothing before it is offered.
    const today = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=2026-12-01`, {
      token: employee.token,
    });
    const plain = today.body.data.find((d: { deskId: number }) => d.deskId === desks[1]!.id);
    expect(plain.bookable.map((r: { start: string }) => r.start.slice(11, 16))).toEqual(['09:00', '13:00', '09:00']);
    // The accessible desk is held a week ahead for people who need it; the partner desk is not the employee's.
    const ahead = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=2026-12-07`, {
      token: employee.token,
    });
    const held = ahead.body.data.find((d: { deskId: number }) => d.deskId === desks[0]!.id);
    expect(held.bookable).toEqual([]);
    expect(held.notBookable).toMatchObject({ type: '/api/problems/held-for-needs' });
    expect(held.notBookable.releasesAt).toBe('2026-12-04T09:00:00+09:00');
    const partnerOnly = ahead.body.data.find((d: { deskId: number }) => d.deskId === partnerDesk!.id);
    expect(partnerOnly.notBookable.type).toBe('/api/problems/zone-not-allowed');
    const theirs = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=2026-12-07`, {
      token: withNeeds.token,
    });
    expect(theirs.body.data.find((d: { deskId: number }) => d.deskId === desks[0]!.id).bookable.length).toBe(3);
    // A closed day: open null, a closure, and nothing bookable.
    const closed = await api(t.baseUrl, 'GET', `/api/v1/centers/${center.id}/availability?date=2026-12-04`, {
      token: employee.token,
    });
    expect(closed.body.open).toBeNull();
    expect(closed.body.data.every((d: { bookable: unknown[] }) => d.bookable.length === 0)).toBe(true);
    expect(closed.body.data[0].notBookable.type).toBe('/api/problems/closed');
  });

  it('tells the caller their rights and gives each refusal its own type, with members to act on', async () => {
    const { center, desks } = await createCenter(t.db);
    const me = await person();
    const rights = await api(t.baseUrl, 'GET', '/api/v1/me', { token: me.token });
    expect(rights.body.bookingRights.centers).toContainEqual({
      centerId: center.id,
      horizonEnds: '2026-12-15',
      maxWeekHours: 40,
      hoursLeftThisWeek: 40,
    });
    const far = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-22', '09:00', '12:00') },
    });
    expect(far.body).toMatchObject({ type: '/api/problems/beyond-horizon', horizonEnds: '2026-12-15', status: 422 });
    const korean = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-22', '09:00', '12:00') },
      headers: { 'accept-language': 'zh-CN,ko;q=0.9,en;q=0.5' },
    });
    expect(korean.headers.get('content-language')).toBe('ko');
    expect(korean.body.title).toBe('예약 가능 기간 밖');
    const page = await fetch(`${t.baseUrl}/api/problems/beyond-horizon`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('horizonEnds');
    const json = await fetch(`${t.baseUrl}/api/problems/beyond-horizon`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ type: '/api/problems/beyond-horizon', status: 422 });
  });
});

describe(`repeating bookings through the API (${engine})`, () => {
  it('previews with dryRun, books each occurrence through the admission path, refuses those beyond the horizon, and cancels from a date', async () => {
    const { desks } = await createCenter(t.db);
    const me = await person();
    const body = {
      deskId: desks[1]!.id,
      ...slot('2026-12-02', '09:00', '12:00'),
      rrule: 'FREQ=WEEKLY;BYDAY=WE,FR;UNTIL=20261231T235959Z',
    };
    const preview = await api(t.baseUrl, 'POST', '/api/v1/series', {
      token: me.token,
      json: { ...body, dryRun: true },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.bookable.map((r: { start: string }) => r.start.slice(0, 10))).toEqual([
      '2026-12-02',
      '2026-12-04',
      '2026-12-09',
      '2026-12-11',
    ]);
    expect(preview.body.refused.map((r: { type: string }) => r.type)).toEqual(
      Array(5).fill('/api/problems/beyond-horizon'),
    );
    expect(await t.db.select().from(s.bookings).where(eq(s.bookings.userId, me.user.id))).toEqual([]);
    const made = await api(t.baseUrl, 'POST', '/api/v1/series', { token: me.token, json: body });
    expect(made.status).toBe(201);
    expect(made.body.booked).toHaveLength(4);
    const series = await api(t.baseUrl, 'GET', made.headers.get('location')!, { token: me.token });
    expect(series.body.occurrences).toHaveLength(4);
    expect(series.body.occurrences.every((b: { seriesId: number }) => b.seriesId === made.body.id)).toBe(true);
    const cancelled = await api(t.baseUrl, 'DELETE', `/api/v1/series/${made.body.id}?from=2026-12-09`, {
      token: me.token,
    });
    expect(cancelled.body).toEqual({ cancelled: 2 });
    const bad = await api(t.baseUrl, 'POST', '/api/v1/series', {
      token: me.token,
      json: { ...body, rrule: 'FREQ=MINUTELY' },
    });
    expect(bad.status).toBe(422);
    const other = await person();
    expect((await api(t.baseUrl, 'GET', `/api/v1/series/${made.body.id}`, { token: other.token })).status).toBe(404);
  });
});

describe(`absences and the waitlist through the API (${engine})`, () => {
  it('records leave after a dry run that lists what it would cancel, and waits in line only when the center is full', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 1 });
    const me = await person();
    const other = await person();
    const mine = await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-03', '09:00', '12:00') },
    });
    const dry = await api(t.baseUrl, 'POST', '/api/v1/me/absences', {
      token: me.token,
      json: { from: '2026-12-03', to: '2026-12-04', kind: 'leave', dryRun: true },
    });
    expect(dry.body.wouldCancel.map((b: { id: number }) => b.id)).toEqual([mine.body.id]);
    expect((await api(t.baseUrl, 'GET', `/api/v1/bookings/${mine.body.id}`, { token: me.token })).body.status).toBe(
      'booked',
    );
    const done = await api(t.baseUrl, 'POST', '/api/v1/me/absences', {
      token: me.token,
      json: { from: '2026-12-03', to: '2026-12-04', kind: 'leave' },
    });
    expect(done.body.cancelled).toBe(1);
    expect((await api(t.baseUrl, 'GET', '/api/v1/me/absences', { token: me.token })).body.data).toHaveLength(1);

    const wait = { centerId: center.id, ...slot('2026-12-07', '09:00', '12:00') };
    expect((await api(t.baseUrl, 'POST', '/api/v1/waitlist', { token: other.token, json: wait })).status).toBe(409);
    await api(t.baseUrl, 'POST', '/api/v1/bookings', {
      token: me.token,
      json: { deskId: desks[0]!.id, ...slot('2026-12-07', '09:00', '12:00') },
    });
    const joined = await api(t.baseUrl, 'POST', '/api/v1/waitlist', { token: other.token, json: wait });
    expect(joined.status).toBe(201);
    expect((await api(t.baseUrl, 'GET', '/api/v1/me/waitlist', { token: other.token })).body.data).toHaveLength(1);
    const offStep = await api(t.baseUrl, 'POST', '/api/v1/waitlist', {
      token: other.token,
      json: { ...wait, ...slot('2026-12-07', '09:10', '12:00') },
    });
    expect(offStep.status).toBe(422);
    expect((await api(t.baseUrl, 'DELETE', `/api/v1/waitlist/${joined.body.id}`, { token: other.token })).status).toBe(
      204,
    );
  });
});

describe(`calendar copies of a series (${engine})`, () => {
  it('link each occurrence to its series with RELATED-TO', async () => {
    const { desks } = await createCenter(t.db);
    const me = await person();
    const made = await api(t.baseUrl, 'POST', '/api/v1/series', {
      token: me.token,
      json: { deskId: desks[1]!.id, ...slot('2026-12-02', '09:00', '12:00'), rrule: 'FREQ=WEEKLY;COUNT=2' },
    });
    const feed = await fetch(`${t.baseUrl}/api/v1/me/calendar.ics`, {
      headers: { authorization: `Bearer ${me.token}` },
    }).then((r) => r.text());
    expect(feed.match(new RegExp(`RELATED-TO:series-${made.body.id}@smartwork.test`, 'g'))).toHaveLength(2);
  });
});
