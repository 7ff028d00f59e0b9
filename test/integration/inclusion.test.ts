import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookings,
  centerPolicies,
  centers,
  needsAccessLog,
  programmeMembers,
  programmes,
  userHomes,
  userNeeds,
} from '../../src/db/schema.js';
import { signedIn, startTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
import { createCenter, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

describe('display preferences', () => {
  it('work without an account (a cookie) and follow the account once signed in', async () => {
    const visitor = t.client();
    await visitor.get('/preferences');
    expect((await visitor.post('/preferences', { largeText: '1', highContrast: '1' })).status).toBe(303);
    expect((await visitor.get('/centers')).text).toContain('class="pref-large-text pref-high-contrast"');

    const { user, client } = await signedIn(t);
    await client.get('/preferences');
    await client.post('/preferences', { reducedMotion: '1' });
    // Another browser, no cookie: the account carries the choice.
    const other = t.client();
    await other.login(user.username, PASSWORD);
    expect((await other.get('/centers')).text).toContain('class="pref-reduced-motion"');
  });
});

describe('simple mode', () => {
  it('books in three steps: where, when, confirm', async () => {
    const { center } = await createCenter(t.db);
    const { user, client } = await signedIn(t);
    await client.get('/preferences');
    const saved = await client.post('/preferences', { simpleMode: '1' });
    expect(saved.location).toBe('/simple');
    const where = await client.get('/simple');
    expect(where.text).toContain(`/simple/when?center=${center.id}`);
    const when = await client.get(`/simple/when?center=${center.id}`);
    expect(when.text).toContain('name="when" value="2026-12-02|afternoon"');
    const confirm = await client.get(`/simple/confirm?center=${center.id}&when=2026-12-02%7Cafternoon`);
    const deskId = /name="deskId" value="(\d+)"/.exec(confirm.text)?.[1];
    expect(deskId).toBeDefined();
    const done = await client.post('/simple/book', {
      center: String(center.id),
      date: '2026-12-02',
      part: 'afternoon',
      deskId: deskId!,
    });
    expect(done.status).toBe(303);
    const [row] = await t.db.select().from(bookings).where(eq(bookings.userId, user.id));
    expect(row!.startsAt.toISOString()).toBe('2026-12-02T04:00:00.000Z');
    // Signing in again, the person lands on the simple mode.
    const again = t.client();
    const landed = await again.login(user.username, PASSWORD);
    expect(landed.location ?? '').toBe('/simple');
  });

  it('offers only bookable choices and shows a refusal as an error, keeping the choice', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 1 });
    const { client } = await signedIn(t);
    // 09:40 on Tuesday 1 December: this morning's block has begun past its slot; the afternoon has not.
    t.clock.set(new Date('2026-12-01T09:40:00+09:00'));
    try {
      const when = await client.get(`/simple/when?center=${center.id}`);
      expect(when.text).not.toContain('2026-12-01|morning');
      expect(when.text).toContain('value="2026-12-01|afternoon" checked');
      // A choice that is no longer bookable: back to the choices, as an error, not a green box.
      const stale = await client.get(`/simple/confirm?center=${center.id}&when=2026-12-01%7Cmorning`);
      expect(stale.status).toBe(422);
      expect(stale.text).toContain('error-summary');
      // Someone takes the only desk between the confirm page and the button.
      const confirm = await client.get(`/simple/confirm?center=${center.id}&when=2026-12-01%7Cafternoon`);
      expect(confirm.text).toContain(`name="deskId" value="${desks[0]!.id}"`);
      const other = await signedIn(t);
      await other.client.get('/bookings');
      await other.client.post('/bookings', {
        deskId: String(desks[0]!.id),
        date: '2026-12-01',
        start: '13:00',
        end: '18:00',
      });
      const refused = await client.post('/simple/book', {
        center: String(center.id),
        date: '2026-12-01',
        part: 'afternoon',
        deskId: String(desks[0]!.id),
      });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('error-summary');
      expect(refused.text).toContain('13:00–18:00');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });
});

describe('needs and priority', () => {
  it('holds an accessible desk for people who need it until 24 hours before, then for anyone', async () => {
    const { center, desks } = await createCenter(t.db);
    await t.db.update(centerPolicies).set({ priorityReleaseHours: 24 }).where(eq(centerPolicies.centerId, center.id));
    const accessible = desks[0]!; // the factory's first desk is accessible
    const without = await signedIn(t);
    const held = await without.client.post('/bookings', {
      deskId: String(accessible.id),
      date: '2026-12-03',
      start: '09:00',
      end: '12:00',
    });
    expect(held.status).toBe(403);
    expect(held.text).toContain('필요한 분을 위해 2026-12-02 09:00까지 남겨 둡니다');

    const wheelchair = await signedIn(t);
    await wheelchair.client.get('/profile/needs');
    await wheelchair.client.post('/profile/needs', { need: 'wheelchair' });
    expect(
      (
        await wheelchair.client.post('/bookings', {
          deskId: String(accessible.id),
          date: '2026-12-03',
          start: '09:00',
          end: '12:00',
        })
      ).status,
    ).toBe(303);
    // Within 24 hours of the start the hold is over.
    expect(
      (
        await without.client.post('/bookings', {
          deskId: String(accessible.id),
          date: '2026-12-02',
          start: '09:00',
          end: '12:00',
        })
      ).status,
    ).toBe(303);
  });

  it('keeps needs encrypted, shows an operator only "needs an accessible desk", and lets the person export and delete them', async () => {
    const { center, desks } = await createCenter(t.db);
    const person = await signedIn(t);
    await person.client.get('/profile/needs');
    const form = new URLSearchParams({ _csrf: person.client.csrfToken! });
    form.append('need', 'wheelchair');
    form.append('need', 'hearing');
    await person.client.request('POST', '/profile/needs', {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const [row] = await t.db.select().from(userNeeds).where(eq(userNeeds.userId, person.user.id));
    expect(row!.sealed).not.toMatch(/wheelchair|hearing/);
    expect((await person.client.get('/profile/needs')).text).toMatch(
      /id="need-hearing" name="need" type="checkbox" value="hearing" checked/,
    );

    await person.client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-01',
      start: '09:00',
      end: '12:00',
    });
    const operator = await signedIn(t, { role: 'operator', operates: center.id });
    const board = await operator.client.get(`/operator/centers/${center.id}`);
    expect(board.text).toContain('접근 가능 좌석 필요');
    expect(board.text).not.toMatch(/청각|hearing|wheelchair/);
    expect((await operator.client.get('/profile/needs')).text).not.toContain('checked');
    const api = await fetch(`${t.baseUrl}/api/v1/centers/${center.id}/availability?date=2026-12-01`);
    expect(await api.text()).not.toMatch(/hearing|wheelchair|needs/);

    const exported = await person.client.get('/profile/needs/export');
    expect(exported.headers.get('content-disposition')).toContain('my-needs.json');
    expect(JSON.parse(exported.text).needs).toEqual(['wheelchair', 'hearing']);
    await person.client.post('/profile/needs/delete');
    expect(await t.db.select().from(userNeeds).where(eq(userNeeds.userId, person.user.id))).toHaveLength(0);
    const log = await t.db.select().from(needsAccessLog).where(eq(needsAccessLog.subjectId, person.user.id));
    expect(log.map((l) => l.action)).toEqual(['update', 'export', 'delete']);
  });

  it('lets a pilot programme benefit extend how far ahead its participants book', async () => {
    const { desks } = await createCenter(t.db);
    const participant = await signedIn(t);
    const other = await signedIn(t);
    const [programme] = await t.db
      .insert(programmes)
      .values({
        name: '장애인 우선예약 시범사업',
        nameEn: 'Early booking for disabled staff',
        goal: '',
        goalEn: '',
        startsOn: '2026-11-01',
        endsOn: '2027-03-31',
        targetGroups: ['disabled'],
        extraHorizonDays: 14,
      })
      .returning();
    await t.db.insert(programmeMembers).values({
      programmeId: programme!.id,
      userId: participant.user.id,
      status: 'approved',
      appliedAt: TEST_NOW,
      approvedOn: '2026-11-01',
    });
    const far = { deskId: String(desks[1]!.id), date: '2026-12-22', start: '09:00', end: '12:00' };
    expect((await other.client.post('/bookings', far)).status).toBe(422);
    expect((await participant.client.post('/bookings', far)).status).toBe(303);
  });
});

describe('centers near home', () => {
  it('sorts centers by distance from a chosen district, remembers it when asked, and shows facilities', async () => {
    const near = await createCenter(t.db); // the factory puts centers at Seoul City Hall
    await t.db.update(centers).set({ stepFree: true, accessibleParking: true }).where(eq(centers.id, near.center.id));
    const { user, client } = await signedIn(t);
    const page = await client.get('/centers?area=jung&save=1');
    expect(page.text).toMatch(/집에서 약 \d+\.\dkm · 대중교통 약 \d+분/);
    expect(page.text).toContain('계단 없는 출입');
    expect(page.text).toContain('장애인 주차');
    const [home] = await t.db.select().from(userHomes).where(eq(userHomes.userId, user.id));
    expect(home).toMatchObject({ areaCode: 'jung' });
    expect((await client.get('/centers')).text).toContain('<option value="jung" selected>');
    // Coordinates from the browser are kept to two decimals only.
    await client.get('/centers?lat=37.566312&lng=126.977912&save=1');
    const [again] = await t.db.select().from(userHomes).where(eq(userHomes.userId, user.id));
    expect(again).toMatchObject({ areaCode: null, lat: 37.57, lng: 126.98 });
  });
});
