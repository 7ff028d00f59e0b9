import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveNeeds } from '../../src/accessibility/needs.js';
import { findSessionUser } from '../../src/auth/users.js';
import { createBooking } from '../../src/bookings/service.js';
import { saveHome } from '../../src/centers/homes.js';
import * as s from '../../src/db/schema.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { signedIn, startTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createOrganisation, createUser } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const deps = () => ({ db: t.db, clock: t.clock, events: new LocalBus(), needsKey: testConfig().needsKey });
const place = (id: number, lat: number, lng: number) =>
  t.db.update(s.centers).set({ lat, lng }).where(eq(s.centers.id, id));
/** A person of the organisation, as the booking commands see them. */
async function person(organisationId?: number) {
  const user = await createUser(t.db, { organisationId });
  return (await findSessionUser(t.db, user.id))!;
}
/** The results section of a search page, one entry per center in page order. */
function resultIds(html: string): number[] {
  return [...html.matchAll(/<li class="result" id="result-(\d+)">/g)].map((m) => Number(m[1]));
}
function resultOf(html: string, centerId: number): string {
  const start = html.indexOf(`id="result-${centerId}"`);
  expect(start).toBeGreaterThan(0);
  const end = html.indexOf('<li class="result"', start + 10);
  return html.slice(start, end === -1 ? undefined : end);
}

describe(`search across centers (${engine})`, () => {
  it('finds free desks at every center, ranked by distance from home then by fit, with free counts', async () => {
    const { user, client } = await signedIn(t);
    await saveHome(t.db, user.id, { areaCode: 'jung', lat: 37.5641, lng: 126.9979 }, t.clock.now());
    const near = await createCenter(t.db, { desks: 3 });
    const far = await createCenter(t.db, { desks: 3 });
    await place(near.center.id, 37.565, 126.998);
    await place(far.center.id, 37.3, 127.1);
    // Two of the near center's three desks are taken in the morning by others.
    for (const d of [near.desks[1]!, near.desks[2]!])
      await createBooking(deps(), await person(), { deskId: d.id, date: '2026-12-02', start: 540, end: 780 });

    const byDistance = await client.get('/search?date=2026-12-02&when=morning&kind=desk&near=1');
    expect(byDistance.status).toBe(200);
    const order = resultIds(byDistance.text);
    expect(order.indexOf(near.center.id)).toBeLessThan(order.indexOf(far.center.id));
    expect(resultOf(byDistance.text, near.center.id)).toContain('빈 좌석 1개(조건에 맞는 3개 중)');
    expect(resultOf(byDistance.text, far.center.id)).toContain('빈 좌석 3개(조건에 맞는 3개 중)');
    expect(resultOf(byDistance.text, near.center.id)).toMatch(/약 [\d.]+km/);
    // The one free desk is offered with a link to the booking form, prefilled with the morning.
    expect(resultOf(byDistance.text, near.center.id)).toContain(
      `href="/bookings/new?desk=${near.desks[0]!.id}&amp;date=2026-12-02&amp;start=09:00&amp;end=13:00"`,
    );
    expect(resultOf(byDistance.text, near.center.id)).not.toContain(`desk=${near.desks[1]!.id}&`);

    // Without the home: the better fit (more free) comes first.
    const byFit = await client.get('/search?date=2026-12-02&when=morning&kind=desk');
    const fitOrder = resultIds(byFit.text);
    expect(fitOrder.indexOf(far.center.id)).toBeLessThan(fitOrder.indexOf(near.center.id));

    // In the afternoon all three near desks are free again.
    const afternoon = await client.get('/search?date=2026-12-02&when=range&start=14:00&end=16:00&kind=desk');
    expect(resultOf(afternoon.text, near.center.id)).toContain('빈 좌석 3개');
    expect(resultOf(afternoon.text, near.center.id)).toContain('start=14:00&amp;end=16:00');
  });

  it('filters by features and kind, and never offers a partner zone to people outside the partner', async () => {
    const partner = await createOrganisation(t.db, 'private');
    const { client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 3, partnerOrganisationId: partner.id });
    await t.db
      .insert(s.desks)
      .values({ zoneId: c.zone.id, label: 'R-1', kind: 'meeting_room', capacity: 6, features: ['video'] });
    await t.db
      .update(s.centerPolicies)
      .set({ priorityReleaseHours: 24 })
      .where(eq(s.centerPolicies.centerId, c.center.id));
    // The accessible desk waits for the people who need it (until 24 hours before): not offered to
    // someone who declared no need, as book() would refuse it; offered to a wheelchair user.
    const accessible = await client.get('/search?date=2026-12-03&when=day&kind=desk&feature=accessible');
    expect(resultOf(accessible.text, c.center.id)).not.toContain(`desk=${c.desks[0]!.id}&`);
    const needing = await signedIn(t);
    await saveNeeds({ db: t.db, key: testConfig().needsKey }, needing.user.id, ['wheelchair'], t.clock.now());
    const forThem = await needing.client.get('/search?date=2026-12-03&when=day&kind=desk&feature=accessible');
    const mine = resultOf(forThem.text, c.center.id);
    expect(mine).toContain('빈 좌석 1개(조건에 맞는 1개 중)');
    expect(mine).toContain(`desk=${c.desks[0]!.id}&`);
    // The partner desk is not counted for a public servant; nor is the held accessible desk.
    const all = await client.get('/search?date=2026-12-03&when=day&kind=desk');
    expect(resultOf(all.text, c.center.id)).toContain('빈 좌석 2개(조건에 맞는 3개 중)');
    const rooms = await client.get('/search?date=2026-12-03&when=day&kind=room');
    expect(resultOf(rooms.text, c.center.id)).toContain('빈 공간 1곳(조건에 맞는 1곳 중)');
    // Two needs at once: only desks with both.
    const both = await client.get('/search?date=2026-12-03&when=day&kind=desk&feature=accessible&feature=quiet');
    expect(resultOf(both.text, c.center.id)).toContain('조건에 맞는 곳이 없습니다');
  });

  it('says why a center cannot be booked: a holiday in both languages, the person already holding a desk', async () => {
    const { user, client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 2 });
    // 2026-12-25 is a Friday and 성탄절 (the search horizon is the default 14 days: lengthen it).
    await t.db.update(s.centerPolicies).set({ horizonDays: 30 }).where(eq(s.centerPolicies.centerId, c.center.id));
    const holiday = await client.get('/search?date=2026-12-25&when=day&kind=desk');
    expect(holiday.status).toBe(200);
    expect(resultOf(holiday.text, c.center.id)).toContain('성탄절');
    const english = await client.get('/search?date=2026-12-25&when=day&kind=desk&lang=en');
    expect(resultOf(english.text, c.center.id)).toContain('Christmas');
    expect(resultOf(english.text, c.center.id)).not.toContain('성탄절');
    const me = (await findSessionUser(t.db, user.id))!;
    await createBooking(deps(), me, { deskId: c.desks[0]!.id, date: '2026-12-04', start: 540, end: 780 });
    const holding = await client.get('/search?date=2026-12-04&when=morning&kind=desk&lang=ko');
    expect(holding.text).toContain('이 시간에 이미 예약한 좌석이 있습니다');
  });

  it('validates the date and times before reading anything, and shows the form again with its messages', async () => {
    const { client } = await signedIn(t);
    const past = await client.get('/search?date=2026-11-30&when=day&kind=desk');
    expect(past.status).toBe(422);
    expect(past.text).toContain('href="#date"');
    expect(past.text).not.toContain('class="result"');
    const far = await client.get('/search?date=2027-06-01&when=day&kind=desk');
    expect(far.status).toBe(422);
    const notADate = await client.get('/search?date=2026-02-30&when=day');
    expect(notADate.status).toBe(422);
    const backwards = await client.get('/search?date=2026-12-02&when=range&start=15:00&end=10:00');
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('value="15:00"');
    const offStep = await client.get('/search?date=2026-12-02&when=range&start=09:10&end=10:00');
    expect(offStep.status).toBe(422);
    const feature = await client.get('/search?date=2026-12-02&when=day&feature=jacuzzi');
    expect(feature.status).toBe(422);
    const block = await client.get('/search?date=2026-12-02&when=evening');
    expect(block.status).toBe(422);
    // The empty form is just the form.
    const empty = await client.get('/search');
    expect(empty.status).toBe(200);
    expect(empty.text).not.toContain('id="results-title"');
    // Signed out: sent to sign in.
    expect((await t.client().get('/search?date=2026-12-02')).status).toBe(303);
  });

  it('searches as far ahead as the person may book: a pilot programme’s longer horizon counts', async () => {
    const { center } = await createCenter(t.db);
    // Monday 2026-12-21 is 20 days after the test's today: beyond the usual 14-day horizon.
    const far = '/search?date=2026-12-21&when=day&kind=desk';
    const outsider = await signedIn(t);
    const refused = await outsider.client.get(far);
    // Refused outright, or (when another center books further ahead) this center offers nothing that day.
    if (refused.status === 200) expect(resultOf(refused.text, center.id)).not.toContain('/bookings/new?desk=');
    else expect(refused.status).toBe(422);
    const member = await signedIn(t);
    const [programme] = await t.db
      .insert(s.programmes)
      .values({
        name: '시범사업',
        nameEn: 'Pilot',
        goal: '',
        goalEn: '',
        startsOn: '2026-11-01',
        endsOn: '2027-03-31',
        targetGroups: ['everyone'],
        extraHorizonDays: 14,
      })
      .returning();
    await t.db.insert(s.programmeMembers).values({
      programmeId: programme!.id,
      userId: member.user.id,
      status: 'approved',
      appliedAt: t.clock.now(),
      approvedOn: '2026-11-01',
    });
    const page = await member.client.get(far);
    expect(page.status).toBe(200);
    // The center is offered, not "too far ahead": what the search offers, book() admits.
    expect(resultOf(page.text, center.id)).toContain('/bookings/new?desk=');
  });

  it('the booking form takes the time chosen in the search', async () => {
    const { client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 1 });
    const form = await client.get(`/bookings/new?desk=${c.desks[0]!.id}&date=2026-12-02&start=14:00&end=16:30`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<option value="14:00" selected>');
    expect(form.text).toContain('<option value="16:30" selected>');
    // A time that is not a slot that day falls back to the whole day.
    const odd = await client.get(`/bookings/new?desk=${c.desks[0]!.id}&date=2026-12-02&start=03:00&end=04:00`);
    expect(odd.text).toContain('<option value="09:00" selected>');
  });
});

describe(`favourites (${engine})`, () => {
  it('stars a center and a desk with CSRF, lists them on the profile, and takes them off again', async () => {
    const { user, client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 2 });
    const page = await client.get(`/centers/${c.center.id}?date=2026-12-02`);
    expect(page.text).toContain('action="/favourites"');
    const added = await client.post('/favourites', { centerId: String(c.center.id), back: `/centers/${c.center.id}` });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/centers/${c.center.id}`);
    // Twice is still once.
    await client.post('/favourites', { centerId: String(c.center.id) });
    await client.post('/favourites', { deskId: String(c.desks[1]!.id), back: '//evil.example/' });
    const rows = await t.db.select().from(s.userFavourites).where(eq(s.userFavourites.userId, user.id));
    expect(rows).toHaveLength(2);
    const profile = await client.get('/profile');
    expect(profile.text).toContain(`href="/centers/${c.center.id}"`);
    expect(profile.text).toContain(`${c.center.name} · 행정망 좌석 · A-02`);
    const starred = await client.get(`/centers/${c.center.id}?date=2026-12-02`);
    expect(starred.text).toContain('즐겨찾기에서 빼기');
    // The search marks the favourite center.
    const search = await client.get('/search?date=2026-12-02&when=day&kind=desk');
    expect(resultOf(search.text, c.center.id)).toContain('즐겨찾기');

    const removed = await client.post('/favourites', { centerId: String(c.center.id), action: 'remove' });
    expect(removed.location).toBe('/profile#favourites');
    const left = await t.db.select().from(s.userFavourites).where(eq(s.userFavourites.userId, user.id));
    expect(left.map((r) => r.deskId)).toEqual([c.desks[1]!.id]);
  });

  it('refuses a missing target, both targets at once, and a post without the CSRF token', async () => {
    const { client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 1 });
    await client.get('/profile');
    expect((await client.post('/favourites', { centerId: '999999' })).status).toBe(404);
    expect(
      (await client.post('/favourites', { centerId: String(c.center.id), deskId: String(c.desks[0]!.id) })).status,
    ).toBe(404);
    expect((await client.post('/favourites', { centerId: 'abc' })).status).toBe(404);
    const forged = await client.request('POST', '/favourites', {
      body: `centerId=${c.center.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    // The database refuses a row with neither or both targets.
    const other = await createUser(t.db);
    await expect(t.db.insert(s.userFavourites).values({ userId: other.id })).rejects.toThrow();
  });
});

describe(`my usual on the Today page (${engine})`, () => {
  it('books a favourite desk first, at the hours of the last booking, through the same rules', async () => {
    const { user, client } = await signedIn(t);
    const me = (await findSessionUser(t.db, user.id))!;
    const c = await createCenter(t.db, { desks: 3 });
    await createBooking(deps(), me, { deskId: c.desks[0]!.id, date: '2026-12-02', start: 780, end: 1080 });
    await t.db.insert(s.userFavourites).values({ userId: user.id, deskId: c.desks[2]!.id });
    const today = await client.get('/');
    expect(today.text).toContain('즐겨찾기한 좌석');
    expect(today.text).toContain('13:00–18:00');
    const booked = await client.post('/today/usual', { date: '2026-12-07' });
    expect(booked.status).toBe(303);
    const [row] = await t.db
      .select()
      .from(s.bookings)
      .where(and(eq(s.bookings.userId, user.id), eq(s.bookings.deskId, c.desks[2]!.id)));
    expect(row).toMatchObject({
      startsAt: new Date('2026-12-07T04:00:00.000Z'),
      endsAt: new Date('2026-12-07T09:00:00.000Z'),
    });
  });

  it('with a favourite center only, books a free desk there; says so when none is free', async () => {
    const { user, client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 1 });
    await t.db.insert(s.userFavourites).values({ userId: user.id, centerId: c.center.id });
    const page = await client.get('/');
    expect(page.text).toContain('즐겨찾기한 센터');
    // Someone else holds the only desk all day on the 8th.
    await createBooking(deps(), await person(), { deskId: c.desks[0]!.id, date: '2026-12-08', start: 540, end: 1080 });
    const full = await client.post('/today/usual', { date: '2026-12-08' });
    expect(full.status).toBe(409);
    expect(full.text).toContain('빈 좌석이 없습니다');
    const ok = await client.post('/today/usual', { date: '2026-12-09' });
    expect(ok.status).toBe(303);
    const rows = await t.db.select().from(s.bookings).where(eq(s.bookings.userId, user.id));
    expect(rows.map((r) => r.deskId)).toEqual([c.desks[0]!.id]);
    expect(rows[0]!.startsAt).toEqual(new Date('2026-12-09T00:00:00.000Z'));
  });
});

describe(`the colleague picker (${engine})`, () => {
  it('finds people of the booker’s own organisation by name, username or team, and nobody else', async () => {
    const org = await createOrganisation(t.db);
    const otherOrg = await createOrganisation(t.db);
    const { client } = await signedIn(t, { organisationId: org.id });
    const [team] = await t.db
      .insert(s.teams)
      .values({ code: `team-${org.id}`, organisationId: org.id, name: '디지털정책팀', nameEn: 'Digital Policy' })
      .returning();
    const colleague = await createUser(t.db, { organisationId: org.id, username: `sohee-${org.id}` });
    await t.db
      .update(s.users)
      .set({ displayName: '박소희', displayNameEn: 'Park Sohee', teamId: team!.id })
      .where(eq(s.users.id, colleague.id));
    const stranger = await createUser(t.db, { organisationId: otherOrg.id, username: `sohee2-${org.id}` });
    await t.db
      .update(s.users)
      .set({ displayName: '박소희', displayNameEn: 'Park Sohee' })
      .where(eq(s.users.id, stranger.id));
    const gone = await createUser(t.db, { organisationId: org.id });
    await t.db.update(s.users).set({ displayName: '박소영', disabled: true }).where(eq(s.users.id, gone.id));

    const byName = JSON.parse((await client.request('GET', `/colleagues?q=${encodeURIComponent('박소')}`)).text);
    expect(byName.colleagues).toEqual([{ username: colleague.username, name: '박소희', team: '디지털정책팀' }]);
    const byTeam = JSON.parse((await client.request('GET', `/colleagues?q=${encodeURIComponent('정책')}`)).text);
    expect(byTeam.colleagues.map((c: { username: string }) => c.username)).toEqual([colleague.username]);
    const english = JSON.parse((await client.request('GET', '/colleagues?q=park&lang=en')).text);
    expect(english.colleagues).toEqual([{ username: colleague.username, name: 'Park Sohee', team: 'Digital Policy' }]);
    // LIKE wildcards are text, not patterns.
    const wildcard = JSON.parse((await client.request('GET', '/colleagues?q=%25')).text);
    expect(wildcard.colleagues).toEqual([]);
    expect(JSON.parse((await client.request('GET', '/colleagues?q=')).text).colleagues).toEqual([]);
    expect((await t.client().get('/colleagues?q=park')).status).toBe(303);
  });

  it('the room form offers the picker over the plain field, which still takes usernames', async () => {
    const { client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 1 });
    const [room] = await t.db
      .insert(s.desks)
      .values({ zoneId: c.zone.id, label: 'R-2', kind: 'meeting_room', capacity: 4, features: [] })
      .returning();
    const form = await client.get(`/bookings/new?desk=${room!.id}&date=2026-12-02`);
    expect(form.text).toContain('data-colleague-picker hidden');
    expect(form.text).toContain('<datalist id="colleague-options">');
    expect(form.text).toContain('/static/js/colleagues');
    expect(form.text).toContain('id="attendees" name="attendees" type="text"');
  });
});

describe(`repeating bookings in words (${engine})`, () => {
  it('the notice says the rule in words in both languages, never the RRULE', async () => {
    const { client } = await signedIn(t);
    const c = await createCenter(t.db, { desks: 1 });
    await client.get(`/bookings/new?desk=${c.desks[0]!.id}&date=2026-12-03`);
    const made = await client.request('POST', '/bookings', {
      body: new URLSearchParams([
        ['_csrf', client.csrfToken ?? ''],
        ['deskId', String(c.desks[0]!.id)],
        ['date', '2026-12-03'],
        ['start', '09:00'],
        ['end', '12:00'],
        ['weekday', '2'],
        ['weekday', '4'],
        ['until', '2026-12-15'],
      ]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(made.status).toBe(303);
    const ko = await client.get('/bookings');
    expect(ko.text).toContain('매주 화·목, 12월 15일까지');
    expect(ko.text).not.toContain('FREQ=');
    const en = await client.get('/notifications?lang=en');
    expect(en.text).toContain('every Tuesday and Thursday until 15 December');
    expect(en.text).toMatch(/\d+ days in all/);
    expect(en.text).not.toContain('FREQ=');
  });
});
