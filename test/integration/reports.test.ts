import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { catchUpRollups } from '../../src/reports/rollup.js';
import { buildReport } from '../../src/reports/service.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createUser } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

/**
 * A fixed week at center A (2 desks, open Mon–Fri 08–20) whose figures are worked out by hand in
 * the comments, read back from the aggregates through the service and the pages.
 */
let t: TestApp;
let a: Awaited<ReturnType<typeof createCenter>>;
let b: Awaited<ReturnType<typeof createCenter>>;
let operator: HttpClient;
let admin: HttpClient;
let employee: HttpClient;
const users: number[] = [];
const names: string[] = [];
const bookingIds: number[] = [];
const range = { from: '2026-11-02', to: '2026-11-08' };
const at = (day: string, hm: string) => new Date(`2026-11-${day}T${hm}:00+09:00`);

beforeAll(async () => {
  t = await startTestApp();
  a = await createCenter(t.db, { desks: 2 });
  b = await createCenter(t.db, { desks: 1 });
  const org = (await createUser(t.db)).organisationId;
  const [team] = await t.db
    .insert(s.teams)
    .values({ code: `rt-${Date.now()}`, organisationId: org, name: '보고팀', nameEn: 'Report team' })
    .returning();
  for (let i = 1; i <= 7; i++) {
    const u = await createUser(t.db, { organisationId: org });
    users.push(u.id);
    names.push(u.displayName, u.username);
    if (i <= 5) await t.db.update(s.users).set({ teamId: team!.id }).where(sql`id = ${u.id}`);
    // u1, u2, u3, u5, u6 live in Jongno-gu; u4 in Jung-gu; u7 gave no home.
    if (i !== 7)
      await t.db
        .insert(s.userHomes)
        .values({ userId: u.id, areaCode: i === 4 ? 'jung' : 'jongno', lat: 37.57, lng: 126.98 });
  }
  const [d1, d2] = a.desks.map((d) => d.id) as [number, number];
  const u = (n: number) => users[n - 1]!;
  const rows = [
    // Mon 2 Nov: u1 desk 1 09–12 came at 09:00 (stay 180); u2 desk 2 10:30–12 came 10:45 (75); u3 desk 1 13–15 no-show.
    {
      deskId: d1,
      userId: u(1),
      startsAt: at('02', '09:00'),
      endsAt: at('02', '12:00'),
      status: 'completed',
      checkedInAt: at('02', '09:00'),
    },
    {
      deskId: d2,
      userId: u(2),
      startsAt: at('02', '10:30'),
      endsAt: at('02', '12:00'),
      status: 'completed',
      checkedInAt: at('02', '10:45'),
    },
    { deskId: d1, userId: u(3), startsAt: at('02', '13:00'), endsAt: at('02', '15:00'), status: 'no_show' },
    // Tue 3 Nov: u1 desk 1 09–18 came 09:30 (510); u4 desk 2 09–10 cancelled.
    {
      deskId: d1,
      userId: u(1),
      startsAt: at('03', '09:00'),
      endsAt: at('03', '18:00'),
      status: 'completed',
      checkedInAt: at('03', '09:30'),
    },
    { deskId: d2, userId: u(4), startsAt: at('03', '09:00'), endsAt: at('03', '10:00'), status: 'cancelled' },
    // Wed 4 Nov: u5 desk 2 14–16 (120); u6 desk 2 09–10 (60).
    {
      deskId: d2,
      userId: u(5),
      startsAt: at('04', '14:00'),
      endsAt: at('04', '16:00'),
      status: 'completed',
      checkedInAt: at('04', '14:00'),
    },
    {
      deskId: d2,
      userId: u(6),
      startsAt: at('04', '09:00'),
      endsAt: at('04', '10:00'),
      status: 'completed',
      checkedInAt: at('04', '09:00'),
    },
    // Thu 5 Nov: u7 desk 1 09–11 no-show.
    { deskId: d1, userId: u(7), startsAt: at('05', '09:00'), endsAt: at('05', '11:00'), status: 'no_show' },
    // Center B, Mon: u1 09–10 — in the network's figures, never in A's.
    {
      deskId: b.desks[0]!.id,
      userId: u(1),
      startsAt: at('02', '09:00'),
      endsAt: at('02', '10:00'),
      status: 'completed',
      checkedInAt: at('02', '09:00'),
    },
  ] as const;
  for (const r of rows) {
    const [row] = await t.db
      .insert(s.bookings)
      .values({ ...r, createdById: r.userId, createdAt: at('01', '08:00') })
      .returning({ id: s.bookings.id });
    bookingIds.push(row!.id);
  }
  // u1 has an approved plan mixing remote and staggered days over November.
  await t.db.insert(s.schedulePlans).values({
    userId: u(1),
    fromDate: '2026-11-01',
    toDate: '2026-11-30',
    status: 'approved',
    pattern: [
      { weekday: 1, type: 'remote', place: 'home' },
      { weekday: 2, type: 'staggered', place: 'hq' },
    ],
  });
  await catchUpRollups(t.db);
  operator = (await signedIn(t, { role: 'operator', operates: a.center.id })).client;
  admin = (await signedIn(t, { role: 'admin' })).client;
  employee = (await signedIn(t)).client;
});
afterAll(() => t.destroy());

describe('the report figures of a fixed week', () => {
  it('matches the hand-computed figures for center A', async () => {
    const r = await buildReport(t.db, { range, centers: [a.center.id] });
    expect(r.pending).toBe(0);
    // 7 bookings not cancelled (3 Mon, 1 Tue, 2 Wed, 1 Thu); 5 came; 2 no-shows; 1 cancelled.
    expect(r.totals).toMatchObject({ booked: 7, present: 5, noShow: 2, cancelled: 1 });
    expect(r.totals.checkInRate).toBe(0.714);
    expect(r.totals.noShowRate).toBe(0.286);
    // Stays 180 + 75 + 510 + 120 + 60 = 945 minutes over 5 visits.
    expect(r.totals.averageStay).toBe(189);
    // Minutes that held a desk: 180 + 90 + 540 + 120 + 60 = 990.
    expect(r.totals.bookedMinutes).toBe(990);
    // Desk-hours held: Mon 1 + 2 + 2, Tue 9, Wed 1 + 1 + 1 = 17 of 5 days × 12 h × 2 desks = 120.
    expect(r.totals.occupancy).toBe(0.142);
    // u1, u2, u3, u5, u6, u7 (u4 only cancelled); u1 came on two days.
    expect(r.totals.people).toBe(6);
    expect(r.totals.repeat).toBe(1);
    expect(r.peakDays).toEqual([
      { date: '2026-11-02', booked: 3 },
      { date: '2026-11-04', booked: 2 },
      { date: '2026-11-03', booked: 1 },
      { date: '2026-11-05', booked: 1 },
    ]);
    expect(r.granularity).toBe('day');
    expect(r.periods).toHaveLength(7);
    expect(r.periods[0]!.figures).toMatchObject({ booked: 3, present: 2, noShow: 1, cancelled: 0 });
    // Monday 10:00: both desks; Tuesday 12:00: one of two.
    expect(r.grid.find((c) => c.weekday === 1 && c.hour === 10)).toMatchObject({ averageBooked: 2, occupancy: 1 });
    expect(r.grid.find((c) => c.weekday === 2 && c.hour === 12)).toMatchObject({ averageBooked: 1, occupancy: 0.5 });
    // 10:00 over the 7 days: Monday 2 + Tuesday 1 = 3 / 7.
    expect(r.hours.find((h) => h.hour === 10)?.averageBooked).toBe(0.4);
    // By feature: desk 1 alone is accessible (u1 twice, u3 and u7 no-shows).
    expect(r.byFeature.find((f) => f.feature === 'accessible')).toMatchObject({ booked: 4, present: 2, noShow: 2 });
    expect(r.byFeature.find((f) => f.feature === 'monitor')).toMatchObject({ booked: 7, present: 5 });
    expect(r.byDesk.map((d) => [d.label, d.booked, d.present, d.noShow, d.cancelled])).toEqual([
      ['A-01', 4, 2, 2, 0],
      ['A-02', 3, 3, 0, 1],
    ]);
    expect(r.byZone).toHaveLength(1);
    // Five of the six live in Jongno-gu; the one without a home is "other", too few to show a number.
    expect(r.districts).toEqual([
      { key: 'jongno', people: 5 },
      { key: null, people: null },
    ]);
    // Four of the team came (fewer than 5) and two have no team: all "other", 6.
    expect(r.teams).toEqual([{ key: null, people: 6 }]);
    // Plans are a network figure only.
    expect(r.uptake).toBeUndefined();
  });

  it('adds center B for the network, with flexible-work uptake', async () => {
    const r = await buildReport(t.db, { range });
    expect(r.network).toBe(true);
    const mine = r.byCenter.filter((c) => c.centerId === a.center.id || c.centerId === b.center.id);
    expect(mine.map((c) => [c.centerId, c.booked])).toEqual([
      [a.center.id, 7],
      [b.center.id, 1],
    ]);
    expect(r.uptake?.byType).toMatchObject({ remote: 1, staggered: 1, choice: 0, compressed: 0, discretionary: 0 });
  });
});

describe('the rollup job', () => {
  it('catches up after bookings change, and the page says so until it has', async () => {
    // A booking on Friday, then cancelled (booked → cancelled, as cancel() does), then deleted.
    const [extra] = await t.db
      .insert(s.bookings)
      .values({
        deskId: a.desks[1]!.id,
        userId: users[0]!,
        createdById: users[0]!,
        startsAt: at('06', '09:00'),
        endsAt: at('06', '10:00'),
        status: 'booked',
      })
      .returning({ id: s.bookings.id });
    const before = await buildReport(t.db, { range, centers: [a.center.id] });
    expect(before.pending).toBe(1);
    expect(before.totals.booked).toBe(7);
    const page = await operator.get(`/operator/reports?center=${a.center.id}&from=${range.from}&to=${range.to}`);
    expect(page.text).toContain('아직 반영되지 않았습니다');
    expect(await catchUpRollups(t.db)).toBe(1);
    const booked = await buildReport(t.db, { range, centers: [a.center.id] });
    expect(booked.pending).toBe(0);
    expect(booked.totals).toMatchObject({ booked: 8, present: 5 });
    expect(booked.totals.bookedMinutes).toBe(990 + 60);

    await t.db.execute(sql`update bookings set status = 'cancelled', cancelled_at = now() where id = ${extra!.id}`);
    expect((await buildReport(t.db, { range, centers: [a.center.id] })).pending).toBe(1);
    await catchUpRollups(t.db);
    expect((await buildReport(t.db, { range, centers: [a.center.id] })).totals).toMatchObject({
      booked: 7,
      cancelled: 2,
    });

    await t.db.delete(s.bookings).where(sql`id = ${extra!.id}`);
    await catchUpRollups(t.db);
    const back = await buildReport(t.db, { range, centers: [a.center.id] });
    expect(back.totals).toMatchObject({ booked: 7, present: 5, noShow: 2, cancelled: 1 });
    expect(back.totals.bookedMinutes).toBe(990);
  });
});

describe('who may see which report', () => {
  it('shows an operator their own center and tells them another center is not theirs', async () => {
    const own = await operator.get(`/operator/reports?from=${range.from}&to=${range.to}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(a.center.name);
    const other = await operator.get(`/operator/reports?center=${b.center.id}&from=${range.from}&to=${range.to}`);
    expect(other.status).toBe(403);
    expect(other.text).toContain('담당 센터가 아닙니다');
    const csv = await operator.get(`/operator/reports?center=${b.center.id}&format=csv`);
    expect(csv.status).toBe(403);
    expect((await operator.get('/admin/reports')).status).toBe(403);
    expect((await employee.get('/operator/reports')).status).toBe(403);
    expect((await t.client().get('/admin/reports')).location).toBe('/login');
    expect((await admin.get(`/operator/reports?center=2147483000`)).status).toBe(404);
  });

  it("counts only the operator's centers when they ask for all of theirs", async () => {
    const csv = await operator.get(`/operator/reports?from=${range.from}&to=${range.to}&format=csv`);
    // Center A alone: 7 bookings, not the network's 8.
    expect(csv.text).toMatch(/^예약,7$/m);
  });

  it('refuses dates that do not exist, in the wrong order, or more than three years apart', async () => {
    for (const [q, message] of [
      ['from=2026-02-30&to=2026-03-01', '실제 날짜'],
      ['from=2026-11-08&to=2026-11-02', '같거나 그 뒤'],
      ['from=2020-01-01&to=2026-01-01', '3년을 넘을 수 없습니다'],
      ['from=2026-11-01&to=', '실제 날짜'],
    ] as const) {
      const res = await admin.get(`/admin/reports?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.text, q).toContain(message);
      expect(res.text, q).toContain('field-invalid');
    }
    expect((await admin.get('/admin/reports?format=pdf')).status).toBe(422);
  });
});

describe('the page and its exports', () => {
  const q = `center=${'{a}'}&from=${range.from}&to=${range.to}`;
  it('renders each chart as SVG with a title and description beside a table of the same figures', async () => {
    const page = await admin.get(`/admin/reports?${q.replace('{a}', String(a.center.id))}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="chart"');
    expect(page.text).toMatch(/<title id="chart-periods-title">/);
    expect(page.text).toMatch(/<desc id="chart-periods-desc">/);
    expect(page.text).toContain('<th scope="row">2026-11-02</th>');
    // Never a person: none of the seven people's names is on the page.
    for (const name of names) expect(page.text).not.toContain(name);
  });

  it('exports the same tables as CSV and as XLSX', async () => {
    const path = `/admin/reports?${q.replace('{a}', String(a.center.id))}`;
    const csv = await admin.get(`${path}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(
      `utilisation-center-${a.center.id}-2026-11-02-2026-11-08.csv`,
    );
    expect(csv.text).toMatch(/^예약,7$/m);
    expect(csv.text).toMatch(/^입실률,71\.4%$/m);
    expect(csv.text).toMatch(/^2026-11-02,3,2,1,0,66\.7,33\.3,128$/m);
    expect(csv.text).toMatch(/^A-01,.*,4,2,2,0,50,50,345$/m);

    const en = await admin.get(`${path}&format=xlsx`);
    expect(en.status).toBe(200);
    const cookie = (admin as unknown as { cookieHeader(): string }).cookieHeader();
    const res = await fetch(`${t.baseUrl}${path}&format=xlsx`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const summary = book.worksheets[0]!;
    const values = summary
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toContainEqual(['예약', 7]);
    const periods = book.worksheets[1]!;
    const monday = periods
      .getSheetValues()
      .find((r) => (r as unknown[] | undefined)?.[1] === '2026-11-02') as unknown[];
    expect(monday.slice(1, 6)).toEqual(['2026-11-02', 3, 2, 1, 0]);
    expect(monday[6]).toBeCloseTo(0.667);
  });
});
