import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings } from '../../src/db/schema.js';
import { signedIn as signInAs, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

async function countBookings(deskId: number) {
  const [row] = await t.db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.deskId, deskId), eq(bookings.status, 'booked')));
  return row!.n;
}

const signedIn = (organisationId?: number) => signInAs(t, { organisationId });

describe('booking a desk over HTTP', () => {
  it('shows the form with presets and opening-hour slots, books, lists and cancels', async () => {
    const { desks } = await createCenter(t.db);
    const desk = desks[0]!;
    const { client } = await signedIn();

    const form = await client.get(`/bookings/new?desk=${desk.id}&date=2026-12-02`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="morning"');
    expect(form.text).toContain('<option value="08:00"');
    expect(form.text).toContain('<option value="20:00"');

    const created = await client.post('/bookings', {
      deskId: String(desk.id),
      date: '2026-12-02',
      start: '10:00',
      end: '12:30',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/bookings#booking-\d+$/);
    const id = Number(created.location!.split('-').at(-1));

    const list = await client.get('/bookings');
    expect(list.text).toContain(`id="booking-${id}"`);
    expect(list.text).toContain('10:00–12:30');
    expect(list.text).toMatch(/role="status">예약했습니다/);

    const cancelled = await client.post(`/bookings/${id}/cancel`);
    expect(cancelled.status).toBe(303);
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
    expect(row!.status).toBe('cancelled');
    expect(row!.cancelledAt).not.toBeNull();
    expect((await client.get('/bookings')).text).toContain('예약을 취소했습니다');
  });

  it('opens a link with an impossible date or times on today or the whole day, and says so at the field', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const badDate = await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('링크의 날짜 2026-02-30은(는) 달력에 없는 날짜라서 오늘 날짜를 보여 드립니다');
    expect(badDate.text).toContain('id="date-error"');
    expect(badDate.text).toContain('action="/bookings"');
    const badTimes = await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02&start=15:00&end=10:00`);
    expect(badTimes.status).toBe(400);
    expect(badTimes.text).toContain('링크의 시각 15:00–10:00은(는) 2026-12-02에 예약할 수 있는 시각이 아니라서');
    // The whole day is chosen instead.
    expect(badTimes.text).toMatch(/<select id="start"[^>]*>(?:(?!<\/select>).)*<option value="09:00" selected>/s);
    const fine = await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-02&start=10:00&end=12:00`);
    expect(fine.status).toBe(200);
    expect(fine.text).not.toContain('링크의');
  });

  it('books a preset clipped to opening hours', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    await client.get(`/bookings/new?desk=${desks[0]!.id}&date=2026-12-03`);
    const res = await client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-03',
      start: '',
      end: '',
      preset: 'afternoon',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(bookings).where(eq(bookings.deskId, desks[0]!.id));
    expect(row!.startsAt.toISOString()).toBe('2026-12-03T04:00:00.000Z'); // 13:00 KST
    expect(row!.endsAt.toISOString()).toBe('2026-12-03T09:00:00.000Z'); // 18:00 KST
  });

  it.each([
    [
      'an end before the start',
      { date: '2026-12-02', start: '12:00', end: '10:00' },
      422,
      'end',
      '종료 시각은 시작 시각보다 늦어야 합니다.',
    ],
    [
      'a range outside opening hours',
      { date: '2026-12-02', start: '19:00', end: '21:00' },
      422,
      'end',
      '운영 시간(08:00–20:00) 안에서 고르세요.',
    ],
    [
      'a date in the past',
      { date: '2026-11-30', start: '09:00', end: '10:00' },
      422,
      'date',
      '지난 날짜는 예약할 수 없습니다.',
    ],
    [
      'a day the center is closed',
      { date: '2026-12-05', start: '09:00', end: '10:00' },
      422,
      'date',
      '센터가 이 날 운영하지 않습니다',
    ],
    ['a nonsense date', { date: 'tomorrow', start: '09:00', end: '10:00' }, 422, 'date', '날짜를 2026-12-01 형식으로'],
    [
      'a time that is not a time',
      { date: '2026-12-02', start: "9 o'clock", end: '10:00' },
      422,
      'start',
      '시각을 고르세요.',
    ],
  ])(
    'rejects %s, re-rendering the input with a message at the field and writing nothing',
    async (_n, input, status, field, message) => {
      const { desks } = await createCenter(t.db);
      const { client } = await signedIn();
      const res = await client.post('/bookings', { deskId: String(desks[0]!.id), ...input });
      expect(res.status).toBe(status);
      expect(res.text).toContain(`id="${field}-error"`);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`href="#${field}"`); // the error summary links to the field
      if (/^\d{4}-\d{2}-\d{2}$/.test(input.date)) expect(res.text).toContain(`value="${input.date}"`);
      expect(await countBookings(desks[0]!.id)).toBe(0);
    },
  );

  it('answers 409 for a taken slot, keeps the input, and shows what is still free', async () => {
    const { desks } = await createCenter(t.db);
    const first = await signedIn();
    const second = await signedIn();
    const deskId = String(desks[1]!.id);
    expect(
      (await first.client.post('/bookings', { deskId, date: '2026-12-02', start: '09:00', end: '12:00' })).status,
    ).toBe(303);
    const res = await second.client.post('/bookings', { deskId, date: '2026-12-02', start: '11:00', end: '13:00' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('이미 다른 예약이 있습니다');
    expect(res.text).toMatch(/<option value="11:00" selected>/);
    expect(res.text).toContain('08:00–09:00, 12:00–20:00');
    // Back to back is fine: ranges are half-open.
    expect(
      (await second.client.post('/bookings', { deskId, date: '2026-12-02', start: '12:00', end: '13:00' })).status,
    ).toBe(303);
  });

  it('does not let one person hold two desks at once', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    expect(
      (
        await client.post('/bookings', {
          deskId: String(desks[0]!.id),
          date: '2026-12-04',
          start: '09:00',
          end: '12:00',
        })
      ).status,
    ).toBe(303);
    const res = await client.post('/bookings', {
      deskId: String(desks[1]!.id),
      date: '2026-12-04',
      start: '10:00',
      end: '11:00',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('좌석은 한 번에 하나만');
  });

  it('frees the slot when a booking is cancelled', async () => {
    const { desks } = await createCenter(t.db);
    const a = await signedIn();
    const b = await signedIn();
    const deskId = String(desks[0]!.id);
    const made = await a.client.post('/bookings', { deskId, date: '2026-12-02', start: '09:00', end: '10:00' });
    await a.client.post(`/bookings/${made.location!.split('-').at(-1)}/cancel`);
    expect(
      (await b.client.post('/bookings', { deskId, date: '2026-12-02', start: '09:00', end: '10:00' })).status,
    ).toBe(303);
  });

  it("answers 404 for someone else's booking and changes nothing; its address leads its owner to it", async () => {
    const { desks } = await createCenter(t.db);
    const owner = await signedIn();
    const other = await signedIn();
    const made = await owner.client.post('/bookings', {
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '14:00',
      end: '15:00',
    });
    const id = made.location!.split('-').at(-1);
    expect((await other.client.post(`/bookings/${id}/cancel`)).status).toBe(404);
    expect((await other.client.get('/bookings')).text).not.toContain(`booking-${id}`);
    expect(await countBookings(desks[0]!.id)).toBe(1);
    // The booking's own address leads its owner to it in My bookings, and nobody else anywhere.
    const own = await owner.client.get(`/bookings/${id}`);
    expect(own.status).toBe(303);
    expect(own.location).toBe(`/bookings#booking-${id}`);
    expect((await other.client.get(`/bookings/${id}`)).status).toBe(404);
    expect((await owner.client.get('/bookings/not-a-number')).status).toBe(404);
  });

  it('refuses to change a booking that has ended', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const made = await client.post('/bookings', {
      deskId: String(desks[2]!.id),
      date: '2026-12-01',
      start: '10:00',
      end: '11:00',
    });
    const id = made.location!.split('-').at(-1);
    t.clock.set(new Date('2026-12-01T11:00:00+09:00'));
    try {
      const res = await client.post(`/bookings/${id}/cancel`);
      expect(res.status).toBe(409);
      expect(res.text).toContain('이미 끝난 예약은 바꿀 수 없습니다');
      const list = await client.get('/bookings');
      expect(list.text).not.toContain(`/bookings/${id}/cancel"`);
    } finally {
      t.clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });

  it('keeps a partner zone for its partner and partner staff out of public zones', async () => {
    const partner = await createOrganisation(t.db, 'private');
    const { desks, partnerDesk } = await createCenter(t.db, { partnerOrganisationId: partner.id });
    const publicUser = await signedIn();
    const partnerUser = await signedIn(partner.id);
    const at = { date: '2026-12-02', start: '09:00', end: '10:00' };
    expect((await publicUser.client.post('/bookings', { deskId: String(partnerDesk!.id), ...at })).status).toBe(403);
    expect((await partnerUser.client.post('/bookings', { deskId: String(desks[0]!.id), ...at })).status).toBe(403);
    expect((await partnerUser.client.post('/bookings', { deskId: String(partnerDesk!.id), ...at })).status).toBe(303);
  });

  it('sends visitors to sign in first and back to the form afterwards', async () => {
    const { desks } = await createCenter(t.db);
    const user = await createUser(t.db);
    const client = t.client();
    const path = `/bookings/new?desk=${desks[0]!.id}&date=2026-12-02`;
    const res = await client.get(path);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login');
    const login = await client.get('/login');
    expect(login.text).toContain('계속하려면 먼저 로그인하세요');
    const signed = await client.post('/login', { username: user.username, password: PASSWORD });
    expect(signed.location).toBe(path);
  });

  it('answers 404 for an unknown desk and 403 without a CSRF token', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    expect((await client.get('/bookings/new?desk=999999')).status).toBe(404);
    expect(
      (await client.post('/bookings', { deskId: '999999', date: '2026-12-02', start: '09:00', end: '10:00' })).status,
    ).toBe(404);
    expect((await client.post('/bookings', { deskId: 'abc' })).status).toBe(404);
    const forged = await client.post('/bookings', {
      _csrf: 'forged',
      deskId: String(desks[0]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '10:00',
    });
    expect(forged.status).toBe(403);
    expect(await countBookings(desks[0]!.id)).toBe(0);
  });
});

describe('My bookings over years of history', () => {
  it('shows the coming bookings in full and the past twenty at a time, with a link to older ones', async () => {
    const { desks } = await createCenter(t.db);
    const { user, client } = await signedIn();
    // 25 finished days in November, newest on the 30th.
    await t.db.insert(bookings).values(
      Array.from({ length: 25 }, (_, i) => ({
        deskId: desks[0]!.id,
        userId: user.id,
        createdById: user.id,
        startsAt: new Date(`2026-11-${String(30 - i).padStart(2, '0')}T09:00:00+09:00`),
        endsAt: new Date(`2026-11-${String(30 - i).padStart(2, '0')}T18:00:00+09:00`),
        status: 'completed' as const,
      })),
    );
    const first = await client.get('/bookings');
    expect(first.status).toBe(200);
    expect(first.text).toContain('2026-11-30');
    expect(first.text).toContain('2026-11-11'); // the twentieth
    expect(first.text).not.toContain('2026-11-10');
    // Handlebars writes '=' in an attribute as &#x3D;, which the browser reads back as '='.
    const older = /href="(\/bookings\?before(?:=|&#x3D;)[^"#]+)#past-title"/.exec(first.text)?.[1];
    expect(older).toBeDefined();
    const second = await client.get(older!.replace('&#x3D;', '='));
    expect(second.status).toBe(200);
    expect(second.text).toContain('2026-11-10');
    expect(second.text).toContain('2026-11-06');
    expect(second.text).not.toContain('2026-11-11');
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('href="/bookings#past-title"');
  });

  it('answers a made-up page position with a clear refusal, not a server error', async () => {
    const { client } = await signedIn();
    for (const before of ['nonsense', Buffer.from('9999-01-01T00:00:00Z|1').toString('base64url'), '%00']) {
      const res = await client.get(`/bookings?before=${before}`);
      expect([400, 422]).toContain(res.status);
    }
  });
});
