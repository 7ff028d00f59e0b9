import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings } from '../../src/db/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const at = (s: string) => new Date(`${s}+09:00`);

describe('centers', () => {
  it('lists centers with address, district, hours and desks free for the rest of today', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 4 });
    const user = await createUser(t.db);
    // One desk taken later today, one taken only before now (09:10): three stay free from now on.
    await t.db.insert(bookings).values([
      {
        deskId: desks[0]!.id,
        userId: user.id,
        createdById: user.id,
        startsAt: at('2026-12-01T14:00:00'),
        endsAt: at('2026-12-01T15:00:00'),
      },
      {
        deskId: desks[1]!.id,
        userId: (await createUser(t.db)).id,
        createdById: user.id,
        startsAt: at('2026-12-01T08:00:00'),
        endsAt: at('2026-12-01T09:00:00'),
      },
    ]);
    const res = await t.client().get('/centers');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/centers/${center.id}"`);
    expect(res.text).toContain(center.name);
    expect(res.text).toContain('서울특별시 중구 세종대로 110');
    expect(res.text).toContain('월–금 08:00–20:00');
    const card = res.text.slice(res.text.indexOf(`data-live-center="${center.id}"`));
    // Now (09:10) all 4 are free; for the rest of the day 3 are (one is booked 14:00–15:00).
    expect(card).toMatch(/data-field="now.free">4</);
    expect(card).toMatch(/data-field="capacity">4</);
    expect(card).toMatch(/data-field="freeRestOfDay">3</);
  });

  it('shows a date grouped by zone with features, free and booked ranges, and marks my own', async () => {
    const partner = await createOrganisation(t.db, 'private');
    const { center, desks } = await createCenter(t.db, { partnerOrganisationId: partner.id });
    const me = await createUser(t.db);
    const other = await createUser(t.db);
    await t.db.insert(bookings).values([
      {
        deskId: desks[0]!.id,
        userId: me.id,
        createdById: me.id,
        startsAt: at('2026-12-02T09:00:00'),
        endsAt: at('2026-12-02T12:00:00'),
      },
      {
        deskId: desks[1]!.id,
        userId: other.id,
        createdById: other.id,
        startsAt: at('2026-12-02T13:00:00'),
        endsAt: at('2026-12-02T18:00:00'),
      },
    ]);
    const client = t.client();
    await client.login(me.username, PASSWORD);
    const res = await client.get(`/centers/${center.id}?date=2026-12-02`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('행정망 좌석');
    expect(res.text).toContain('협력기관 좌석');
    expect(res.text).toContain('휠체어 접근');
    expect(res.text).toContain(`이 구역은 ${partner.name} 직원 전용입니다.`);
    const desk1 = res.text.slice(
      res.text.indexOf(`id="desk-${desks[0]!.id}"`),
      res.text.indexOf(`id="desk-${desks[1]!.id}"`),
    );
    expect(desk1).toContain('08:00–09:00, 12:00–20:00');
    expect(desk1).toMatch(/내 예약<\/dt><dd>09:00–12:00/);
    const desk2 = res.text.slice(res.text.indexOf(`id="desk-${desks[1]!.id}"`));
    expect(desk2).toMatch(/예약된 시간<\/dt><dd>13:00–18:00/);
    expect(res.text).toContain(`/bookings/new?desk=${desks[1]!.id}&amp;date=2026-12-02`);
    // The day's reads are shared by viewers for a few seconds, but a booking made here shows at once.
    const made = await client.post('/bookings', {
      deskId: String(desks[1]!.id),
      date: '2026-12-02',
      start: '18:00',
      end: '19:00',
    });
    expect(made.status).toBe(303);
    const again = await client.get(`/centers/${center.id}?date=2026-12-02`);
    const desk2Again = again.text.slice(again.text.indexOf(`id="desk-${desks[1]!.id}"`));
    expect(desk2Again).toMatch(/내 예약<\/dt><dd>18:00–19:00/);
  });

  it("renders each desk's day once for all viewers, yet marks only each viewer's own, in each language", async () => {
    const { center, desks } = await createCenter(t.db);
    const me = await createUser(t.db);
    const other = await createUser(t.db);
    await t.db.insert(bookings).values([
      {
        deskId: desks[0]!.id,
        userId: me.id,
        createdById: me.id,
        startsAt: at('2026-12-03T09:00:00'),
        endsAt: at('2026-12-03T12:00:00'),
      },
      {
        deskId: desks[1]!.id,
        userId: other.id,
        createdById: other.id,
        startsAt: at('2026-12-03T13:00:00'),
        endsAt: at('2026-12-03T18:00:00'),
      },
    ]);
    const deskPart = (html: string, i: number) =>
      html.slice(
        html.indexOf(`id="desk-${desks[i]!.id}"`),
        html.indexOf('</dl>', html.indexOf(`id="desk-${desks[i]!.id}"`)),
      );
    const page = `/centers/${center.id}?date=2026-12-03`;
    const mine = t.client();
    await mine.login(me.username, PASSWORD);
    const theirs = t.client();
    await theirs.login(other.username, PASSWORD);
    // Anonymous first, so the shared fragments are made before either person looks.
    const anon = await t.client().get(page);
    expect(deskPart(anon.text, 0)).toMatch(/예약된 시간<\/dt><dd>09:00–12:00/);
    expect(anon.text).not.toContain('내 예약');
    const mineView = await mine.get(page);
    expect(deskPart(mineView.text, 0)).toMatch(/내 예약<\/dt><dd>09:00–12:00/);
    expect(deskPart(mineView.text, 0)).not.toContain('예약된 시간');
    expect(deskPart(mineView.text, 1)).toMatch(/예약된 시간<\/dt><dd>13:00–18:00/);
    expect(deskPart(mineView.text, 1)).not.toContain('내 예약');
    const theirView = await theirs.get(page);
    expect(deskPart(theirView.text, 0)).toMatch(/예약된 시간<\/dt><dd>09:00–12:00/);
    expect(deskPart(theirView.text, 1)).toMatch(/내 예약<\/dt><dd>13:00–18:00/);
    expect(deskPart(theirView.text, 0)).not.toContain('내 예약');
    const english = await t.client().get(`${page}&lang=en`);
    expect(deskPart(english.text, 1)).toContain('Booked');
    expect(deskPart(english.text, 1)).not.toContain('예약된 시간');
  });

  it('says when the center is closed that day and offers no booking', async () => {
    const { center } = await createCenter(t.db);
    const res = await t.client().get(`/centers/${center.id}?date=2026-12-06`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('이 날은 운영하지 않습니다');
    expect(res.text).not.toContain('/bookings/new');
  });

  it('answers 400 with a field message for a bad date, and 404 for an unknown center', async () => {
    const { center } = await createCenter(t.db);
    const bad = await t.client().get(`/centers/${center.id}?date=2026-02-31`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="date-error"');
    expect((await t.client().get('/centers/99999')).status).toBe(404);
    expect((await t.client().get('/centers/abc')).status).toBe(404);
  });

  it('switches to English with ?lang=en and remembers it', async () => {
    const { center } = await createCenter(t.db);
    const client = t.client();
    const en = await client.get(`/centers/${center.id}?date=2026-12-02&lang=en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain(center.nameEn);
    expect(en.text).toContain('Wednesday, 2 December 2026');
    const later = await client.get('/centers');
    expect(later.text).toContain('Smart work centers');
    expect(later.text).toContain('Mon–Fri 08:00–20:00');
    const back = await client.get('/centers?lang=ko');
    expect(back.text).toContain('<html lang="ko">');
  });
});

describe('pages without a database row', () => {
  it('renders 404 as a page, not a stack trace', async () => {
    const res = await t.client().get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('페이지를 찾을 수 없습니다');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('filtering desks', () => {
  it('shows only desks with a feature, or only desks with free time, without JavaScript', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 3 });
    const user = await createUser(t.db);
    await t.db.insert(bookings).values({
      deskId: desks[2]!.id,
      userId: user.id,
      createdById: user.id,
      startsAt: at('2026-12-02T08:00:00'),
      endsAt: at('2026-12-02T20:00:00'),
    });
    const accessible = await t.client().get(`/centers/${center.id}?date=2026-12-02&feature=accessible`);
    expect(accessible.text).toContain(`id="desk-${desks[0]!.id}"`);
    expect(accessible.text).not.toContain(`id="desk-${desks[1]!.id}"`);
    expect(accessible.text).toContain('<option value="accessible" selected>');
    const free = await t.client().get(`/centers/${center.id}?date=2026-12-02&free=1`);
    expect(free.text).toContain(`id="desk-${desks[1]!.id}"`);
    expect(free.text).not.toContain(`id="desk-${desks[2]!.id}"`);
    expect(free.text).toContain('종일 비어 있는 좌석 2 / 3');
    const unknown = await t.client().get(`/centers/${center.id}?date=2026-12-02&feature=<script>`);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain(`id="desk-${desks[1]!.id}"`);
  });
});
