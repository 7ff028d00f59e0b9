import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminChanges, bookings, centerHours, centers, desks, zones } from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter, createUser } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
let admin: HttpClient;
let adminId: number;
beforeAll(async () => {
  t = await startTestApp();
  const a = await signedIn(t, { role: 'admin' });
  admin = a.client;
  adminId = a.user.id;
});
afterAll(() => t.destroy());

const at = (s: string) => new Date(`${s}+09:00`);
const count = async (table: typeof centers | typeof desks | typeof adminChanges) =>
  (await t.db.select().from(table)).length;

function centerForm(code: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    code,
    name: '마포 스마트워크센터',
    nameEn: 'Mapo Smart Work Center',
    district: '마포구',
    districtEn: 'Mapo-gu',
    address: '서울특별시 마포구 월드컵북로 400',
    addressEn: '400 World Cup buk-ro, Mapo-gu, Seoul',
    lat: '37.5663',
    lng: '126.9019',
    phone: '02-120-1234',
    directions: '디지털미디어시티역 2번 출구, 엘리베이터 이용',
    directionsEn: 'DMC station exit 2, lift',
    stepFree: '1',
    'open-1': '1',
    'opens-1': '09:00',
    'closes-1': '18:00',
    'open-6': '1',
    'opens-6': '10:00',
    'closes-6': '14:00',
    ...extra,
  };
}

describe('administrators create and edit centers', () => {
  it('creates a center with Saturday hours and its audit record', async () => {
    await admin.get('/admin/centers/new');
    const res = await admin.post('/admin/centers/new', centerForm('mapo-dmc'));
    expect(res.status).toBe(303);
    const [center] = await t.db.select().from(centers).where(eq(centers.code, 'mapo-dmc'));
    expect(center).toMatchObject({ nameEn: 'Mapo Smart Work Center', stepFree: true, accessibleParking: false });
    expect(center!.directions).toContain('2번 출구');
    const hours = await t.db.select().from(centerHours).where(eq(centerHours.centerId, center!.id));
    expect(hours.map((h) => [h.weekday, h.opensMinute, h.closesMinute]).sort()).toEqual([
      [1, 540, 1080],
      [6, 600, 840],
    ]);
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'center'), eq(adminChanges.entityId, center!.id)));
    expect(audit).toMatchObject({ action: 'create', actorId: adminId, before: null });
    expect((audit!.after as { code: string }).code).toBe('mapo-dmc');
  });

  it('refuses bad input with 422, the summary and each field message, and writes nothing', async () => {
    await admin.get('/admin/centers/new');
    const before = [await count(centers), await count(adminChanges)];
    const res = await admin.post(
      '/admin/centers/new',
      centerForm('Bad Code!', { name: '', lat: 'north', 'opens-6': '25:00', 'closes-1': '08:00' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('class="error-summary"');
    for (const [href, text] of [
      ['#code', '센터 코드는 영문 소문자'],
      ['#name', '한국어 이름을 적어 주세요'],
      ['#lat', '위도는 33~39'],
      ['#opens-6', '토요일 여는 시각'],
      ['#closes-1', '월요일 닫는 시각은'],
    ]) {
      expect(res.text).toContain(`href="${href}"`);
      expect(res.text).toContain(text);
    }
    // The input is shown again.
    expect(res.text).toContain('value="Bad Code!"');
    expect([await count(centers), await count(adminChanges)]).toEqual(before);
  });

  it('refuses a code already used (422 on the field)', async () => {
    await admin.get('/admin/centers/new');
    await admin.post('/admin/centers/new', centerForm('taken-code'));
    const n = await count(centers);
    const res = await admin.post('/admin/centers/new', centerForm('taken-code'));
    expect(res.status).toBe(422);
    expect(res.text).toContain('센터 코드 taken-code는 이미 쓰이고 있습니다.');
    expect(await count(centers)).toBe(n);
  });

  it('edits a center: hours replaced, before and after recorded', async () => {
    const { center } = await createCenter(t.db);
    const page = await admin.get(`/admin/centers/${center.id}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${center.code}"`);
    const res = await admin.post(
      `/admin/centers/${center.id}/edit`,
      centerForm(center.code, { accessibleParking: '1', 'open-7': '1', 'opens-7': '10:00', 'closes-7': '16:00' }),
    );
    expect(res.status).toBe(303);
    const hours = await t.db.select().from(centerHours).where(eq(centerHours.centerId, center.id));
    expect(hours.map((h) => h.weekday).sort()).toEqual([1, 6, 7]);
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'center'), eq(adminChanges.entityId, center.id)));
    expect(audit!.action).toBe('update');
    expect((audit!.before as { hours: unknown[] }).hours).toHaveLength(5);
    expect((audit!.after as { accessibleParking: boolean }).accessibleParking).toBe(true);
  });
});

describe('operators add zones and desks to their centers', () => {
  it('adds a zone and twenty desks A-01 … A-20, and refuses labels already there', async () => {
    const { center } = await createCenter(t.db, { desks: 1 });
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    await client.get(`/operator/centers/${center.id}/space`);
    const zone = await client.post(`/operator/centers/${center.id}/space/zones`, {
      zoneCode: 'B',
      zoneName: '인터넷망 좌석',
      zoneNameEn: 'Internet desks',
      network: 'internet',
    });
    expect(zone.status).toBe(303);
    const [b] = await t.db
      .select()
      .from(zones)
      .where(and(eq(zones.centerId, center.id), eq(zones.code, 'B')));
    const res = await client.post(`/operator/centers/${center.id}/space/desks`, {
      zoneId: String(b!.id),
      prefix: 'B-',
      start: '1',
      count: '20',
      kind: 'desk',
      capacity: '1',
      features: 'monitor',
    });
    expect(res.status).toBe(303);
    const made = await t.db.select().from(desks).where(eq(desks.zoneId, b!.id));
    expect(made.map((d) => d.label).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `B-${String(i + 1).padStart(2, '0')}`),
    );
    expect(made[0]!.features).toEqual(['monitor']);
    const again = await client.post(`/operator/centers/${center.id}/space/desks`, {
      zoneId: String(b!.id),
      prefix: 'B-',
      start: '19',
      count: '3',
      kind: 'desk',
      capacity: '1',
    });
    expect(again.status).toBe(422);
    expect(again.text).toContain('B-19, B-20');
    expect(await t.db.select().from(desks).where(eq(desks.zoneId, b!.id))).toHaveLength(20);
  });

  it('refuses bad zone and desk input with field messages and writes nothing', async () => {
    const { center, zone } = await createCenter(t.db, { desks: 1 });
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    await client.get(`/operator/centers/${center.id}/space`);
    const n = await count(desks);
    const z = await client.post(`/operator/centers/${center.id}/space/zones`, {
      zoneCode: 'A',
      zoneName: '',
      zoneNameEn: 'x',
      network: 'government',
    });
    expect(z.status).toBe(422);
    expect(z.text).toContain('href="#zoneName"');
    const d = await client.post(`/operator/centers/${center.id}/space/desks`, {
      zoneId: String(zone.id),
      prefix: 'A-',
      start: '-1',
      count: '500',
      kind: 'sofa',
      capacity: '0',
    });
    expect(d.status).toBe(422);
    for (const f of ['start', 'count', 'kind', 'capacity']) expect(d.text).toContain(`href="#${f}"`);
    expect(await count(desks)).toBe(n);
    // The zone code is taken in this center.
    const dup = await client.post(`/operator/centers/${center.id}/space/zones`, {
      zoneCode: 'A',
      zoneName: '중복',
      zoneNameEn: 'Duplicate',
      network: 'government',
    });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('이 센터에 A 구역이 이미 있습니다.');
  });

  it('an operator reaching a center they do not run is told it is not theirs (403), not "not found"', async () => {
    const { center } = await createCenter(t.db);
    const { center: other } = await createCenter(t.db);
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    const res = await client.get(`/operator/centers/${other.id}/space`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('담당 센터가 아닙니다');
    expect((await client.get('/operator/centers/2147483000/space')).status).toBe(404);
  });
});

describe('operators edit a desk or room and a zone', () => {
  it('turns a desk into a nursing room with features; refuses a taken label and bad input, writing nothing', async () => {
    const { center, zone, desks: made } = await createCenter(t.db, { desks: 2 });
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    const [a, b] = made;
    const page = await client.get(`/operator/centers/${center.id}/space/desks/${a!.id}/edit`);
    expect(page.status).toBe(200);
    const ok = await client.post(`/operator/centers/${center.id}/space/desks/${a!.id}/edit`, {
      label: 'N-1',
      kind: 'nursing_room',
      capacity: '2',
      features: 'sink',
    });
    expect(ok.status).toBe(303);
    const [row] = await t.db.select().from(desks).where(eq(desks.id, a!.id));
    expect(row).toMatchObject({ label: 'N-1', kind: 'nursing_room', capacity: 2, features: ['sink'] });
    const taken = await client.post(`/operator/centers/${center.id}/space/desks/${b!.id}/edit`, {
      label: 'N-1',
      kind: 'desk',
      capacity: '1',
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('이 구역에 N-1 좌석이 이미 있습니다.');
    const bad = await client.post(`/operator/centers/${center.id}/space/desks/${b!.id}/edit`, {
      label: '',
      kind: 'sofa',
      capacity: '0',
      features: 'jacuzzi',
    });
    expect(bad.status).toBe(422);
    for (const f of ['label', 'kind', 'capacity', 'features']) expect(bad.text).toContain(`href="#${f}"`);
    expect((await t.db.select().from(desks).where(eq(desks.id, b!.id)))[0]).toEqual(b);
    const z = await client.post(`/operator/centers/${center.id}/space/zones/${zone.id}/edit`, {
      zoneName: '인터넷 좌석',
      zoneNameEn: 'Internet desks',
      network: 'internet',
    });
    expect(z.status).toBe(303);
    expect((await t.db.select().from(zones).where(eq(zones.id, zone.id)))[0]!.network).toBe('internet');
    const zBad = await client.post(`/operator/centers/${center.id}/space/zones/${zone.id}/edit`, {
      zoneName: '',
      zoneNameEn: '',
      network: 'satellite',
    });
    expect(zBad.status).toBe(422);
    for (const f of ['zoneName', 'zoneNameEn', 'network']) expect(zBad.text).toContain(`href="#${f}"`);
  });
});

describe('retiring a desk or a zone', () => {
  it('is refused while a future booking holds it (how many, until when), then allowed; history kept', async () => {
    const {
      center,
      zone,
      desks: [desk, other],
    } = await createCenter(t.db, { desks: 2 });
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    const person = await createUser(t.db);
    const [past] = await t.db
      .insert(bookings)
      .values({
        deskId: desk!.id,
        userId: person.id,
        createdById: person.id,
        startsAt: at('2026-11-30T09:00:00'),
        endsAt: at('2026-11-30T12:00:00'),
        status: 'completed',
      })
      .returning();
    const [future] = await t.db
      .insert(bookings)
      .values({
        deskId: desk!.id,
        userId: person.id,
        createdById: person.id,
        startsAt: at('2026-12-03T09:00:00'),
        endsAt: at('2026-12-03T13:00:00'),
      })
      .returning();
    const page = await client.get(`/operator/centers/${center.id}/space/desks/${desk!.id}/retire`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('앞으로의 예약 1건(2026-12-03 13:00까지)');
    const refused = await client.post(`/operator/centers/${center.id}/space/desks/${desk!.id}/retire`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('앞으로의 예약 1건(2026-12-03 13:00까지)');
    expect((await t.db.select().from(desks).where(eq(desks.id, desk!.id)))[0]!.active).toBe(true);
    // The zone too: its desk is held.
    const zoneRefused = await client.post(`/operator/centers/${center.id}/space/zones/${zone.id}/retire`);
    expect(zoneRefused.status).toBe(409);

    await t.db
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: t.clock.now() })
      .where(eq(bookings.id, future!.id));
    const confirm = await client.get(`/operator/centers/${center.id}/space/desks/${desk!.id}/retire`);
    expect(confirm.text).toContain('운영을 종료하면 더 이상 예약할 수 없습니다');
    const done = await client.post(`/operator/centers/${center.id}/space/desks/${desk!.id}/retire`);
    expect(done.status).toBe(303);
    const [row] = await t.db.select().from(desks).where(eq(desks.id, desk!.id));
    expect(row!.active).toBe(false);
    expect((await t.db.select().from(bookings).where(eq(bookings.id, past!.id))).length).toBe(1);
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'desk'), eq(adminChanges.entityId, desk!.id)));
    expect(audit!.action).toBe('retire');
    // The database refuses a new booking on the retired desk, whatever code would try.
    await expect(
      t.db.insert(bookings).values({
        deskId: desk!.id,
        userId: person.id,
        createdById: person.id,
        startsAt: at('2026-12-04T09:00:00'),
        endsAt: at('2026-12-04T10:00:00'),
      }),
    ).rejects.toThrow();
    // The other desk is unaffected; the whole zone can now go.
    expect((await t.db.select().from(desks).where(eq(desks.id, other!.id)))[0]!.active).toBe(true);
    const zoneDone = await client.post(`/operator/centers/${center.id}/space/zones/${zone.id}/retire`);
    expect(zoneDone.status).toBe(303);
    expect((await t.db.select().from(desks).where(eq(desks.id, other!.id)))[0]!.active).toBe(false);
    expect((await t.db.select().from(zones).where(eq(zones.id, zone.id)))[0]!.active).toBe(false);
  });
});

describe('the audit log', () => {
  it("records an operator's change of a center's booking policy, before and after", async () => {
    const { center } = await createCenter(t.db);
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    await client.get(`/operator/centers/${center.id}/settings`);
    const res = await client.post(`/operator/centers/${center.id}/policy`, {
      horizonDays: '21',
      minMinutes: '60',
      maxHours: '8',
      maxWeekHours: '40',
      checkInBeforeMinutes: '15',
      checkInAfterMinutes: '30',
      noShowLimit: '3',
      priorityReleaseHours: '24',
      deskMode: 'half_day',
      roomMode: 'hourly',
    });
    expect(res.status).toBe(303);
    const [audit] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'center_policy'), eq(adminChanges.entityId, center.id)));
    expect((audit!.before as { horizonDays: number }).horizonDays).toBe(14);
    expect((audit!.after as { horizonDays: number }).horizonDays).toBe(21);
  });

  it("records a center's closure added and removed, with the bookings it cancelled", async () => {
    const { center } = await createCenter(t.db);
    const { client } = await signedIn(t, { role: 'operator', operates: center.id });
    await client.get(`/operator/centers/${center.id}/settings`);
    const added = await client.post(`/operator/centers/${center.id}/closures`, {
      startsOn: '2026-12-10',
      endsOn: '2026-12-10',
      kind: 'maintenance',
      reason: '전기 점검',
    });
    expect(added.status).toBe(303);
    const [made] = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'closure'), eq(adminChanges.action, 'create')))
      .orderBy(desc(adminChanges.id));
    expect((made!.after as { reason: string; cancelledBookings: number }).cancelledBookings).toBe(0);
    await client.get(`/operator/centers/${center.id}/settings`);
    const removed = await client.post(`/operator/centers/${center.id}/closures/${made!.entityId}/delete`);
    expect(removed.status).toBe(303);
    const [gone] = await t.db
      .select()
      .from(adminChanges)
      .where(
        and(
          eq(adminChanges.entity, 'closure'),
          eq(adminChanges.entityId, made!.entityId!),
          eq(adminChanges.action, 'delete'),
        ),
      );
    expect((gone!.before as { reason: string }).reason).toBe('전기 점검');
  });

  it('filters by entity, actor and date, explains bad filters, and exports CSV', async () => {
    const page = await admin.get('/admin/audit?entity=center');
    expect(page.status).toBe(200);
    expect(page.text).toContain('mapo-dmc');
    // Read as a person reads it: the change named in the page's language, field by field, no JSON.
    expect(page.text).toContain('<td>만듦</td>');
    expect(page.text).toMatch(/<dt>code<\/dt><dd><span class="audit-after">mapo-dmc<\/span><\/dd>/);
    expect(page.text).not.toContain('{&quot;');
    const english = await admin.get('/admin/audit?entity=center&lang=en');
    expect(english.text).toContain('<td>Created</td>');
    const csv = await admin.get('/admin/audit.csv?entity=center&from=2026-11-01&to=2026-12-31');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('at,actor,entity,entity_id,action,before,after');
    expect(csv.text).toContain('mapo-dmc');
    const none = await admin.get('/admin/audit.csv?entity=center&from=2020-01-01&to=2020-01-02');
    expect(none.text.trim().split('\n')).toHaveLength(1);
    const bad = await admin.get('/admin/audit?from=2026-02-30&entity=rocket');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#from"');
    expect(bad.text).toContain('href="#entity"');
  });
});
