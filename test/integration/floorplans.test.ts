import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminChanges, desks, zonePlans } from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
import { createCenter } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
let operator: HttpClient;
let setup: Awaited<ReturnType<typeof createCenter>>;
let planPath: string;
beforeAll(async () => {
  t = await startTestApp();
  setup = await createCenter(t.db, { desks: 4 });
  operator = (await signedIn(t, { role: 'operator', operates: setup.center.id })).client;
  planPath = `/operator/centers/${setup.center.id}/space/zones/${setup.zone.id}/plan`;
});
afterAll(() => t.destroy());

/** A PNG's first bytes: signature and IHDR (enough for the check, which reads the header). */
function png(width: number, height: number, extra = 0): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(33 + extra);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(b.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  b.set([8, 6, 0, 0, 0], 24);
  return b;
}

async function upload(client: HttpClient, bytes: Uint8Array<ArrayBuffer>, name: string, type: string) {
  await client.get(planPath);
  const form = new FormData();
  form.append('_csrf', client.csrfToken ?? '');
  form.append('image', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return client.request('POST', `${planPath}/image`, { body: form as unknown as string });
}

const positions = async () =>
  (await t.db.select().from(desks).where(eq(desks.zoneId, setup.zone.id))).map((d) => [d.label, d.planX, d.planY]);

describe('placing desks on a zone’s floor plan', () => {
  it('shows the placement page with the plan and a column and row field per desk', async () => {
    const res = await operator.get(planPath);
    expect(res.status).toBe(200);
    for (const d of setup.desks) {
      expect(res.text).toContain(`name="x-${d.id}"`);
      expect(res.text).toContain(`data-map-desk="${d.id}"`);
    }
    // Not placed yet: they stand in a row from the top left, ready to be moved.
    expect(res.text).toContain(
      `id="x-${setup.desks[1]!.id}" name="x-${setup.desks[1]!.id}" type="number" inputmode="numeric" min="1" value="2"`,
    );
  });

  it('saves positions and the grid in one audited change', async () => {
    const [a, b, c, d] = setup.desks.map((x) => x.id);
    const res = await operator.post(planPath, {
      cols: '10',
      rows: '6',
      [`x-${a}`]: '1',
      [`y-${a}`]: '1',
      [`x-${b}`]: '3',
      [`y-${b}`]: '2',
      [`x-${c}`]: '10',
      [`y-${c}`]: '6',
      [`x-${d}`]: '5',
      [`y-${d}`]: '4',
    });
    expect(res.status).toBe(303);
    expect(await positions()).toEqual([
      ['A-01', 0, 0],
      ['A-02', 2, 1],
      ['A-03', 9, 5],
      ['A-04', 4, 3],
    ]);
    const [plan] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    expect(plan).toMatchObject({ kind: 'grid', cols: 10, rows: 6, image: null });
    const audit = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'zone'), eq(adminChanges.action, 'place_desks')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ cols: 10, rows: 6 });
  });

  it('refuses two desks on one cell, or a desk outside the grid, with 422 and writes nothing', async () => {
    const [a, b, c] = setup.desks.map((x) => x.id);
    const before = await positions();
    const same = await operator.post(planPath, {
      cols: '10',
      rows: '6',
      [`x-${a}`]: '3',
      [`y-${a}`]: '2',
      [`x-${b}`]: '3',
      [`y-${b}`]: '2',
    });
    expect(same.status).toBe(422);
    expect(same.text).toContain('class="error-summary"');
    expect(same.text).toContain('같은 칸');
    // What was typed comes back.
    expect(same.text).toContain(`name="x-${a}" type="number" inputmode="numeric" min="1" value="3"`);
    // A desk not sent keeps its cell, and counts: shrinking the grid leaves A-03 outside.
    const outside = await operator.post(planPath, { cols: '8', rows: '6', [`x-${a}`]: '1', [`y-${a}`]: '1' });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('A-03 좌석이 배치도 밖에 있습니다');
    const bad = await operator.post(planPath, { cols: '100', rows: '6', [`x-${c}`]: 'left', [`y-${c}`]: '1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('4부터 60까지의 숫자');
    expect(bad.text).toContain('A-03 좌석의 열과 행');
    expect(await positions()).toEqual(before);
  });

  it('is for the center’s operators only', async () => {
    const other = (await signedIn(t, { role: 'operator' })).client;
    expect((await other.get(planPath)).status).toBe(403);
    const employee = (await signedIn(t, { role: 'employee' })).client;
    expect((await employee.get(planPath)).status).toBe(403);
    expect((await operator.get(`/operator/centers/${setup.center.id}/space/zones/999999/plan`)).status).toBe(404);
  });
});

describe('the floor plan’s picture', () => {
  it('accepts a PNG by its bytes, fits the grid to it and serves it with a long cache and an ETag', async () => {
    const res = await upload(operator, png(1200, 600), 'plan.png', 'image/png');
    expect(res.status).toBe(303);
    const [plan] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    expect(plan).toMatchObject({
      kind: 'image',
      imageType: 'image/png',
      imageWidth: 1200,
      imageHeight: 600,
      cols: 10,
      rows: 5,
    });
    const page = await operator.get(planPath);
    const src = /<image href="([^"]+)"/.exec(page.text)?.[1];
    expect(src).toBe(`/floor-plans/${setup.zone.id}/${plan!.imageHash}`);
    const img = await fetch(t.baseUrl + src);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('cache-control')).toContain('max-age=31536000');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(png(1200, 600));
    const again = await fetch(t.baseUrl + src, { headers: { 'if-none-match': img.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const audit = await t.db
      .select()
      .from(adminChanges)
      .where(and(eq(adminChanges.entity, 'zone'), eq(adminChanges.action, 'plan_image')));
    expect(audit[0]!.after).toMatchObject({ imageType: 'image/png', bytes: 33 });
    expect(JSON.stringify(audit[0]!.after)).not.toContain('"image":');
  });

  it('refuses what is not a picture, an active SVG and a file over 2 MB, and keeps the plan as it was', async () => {
    const [before] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    const fake = await upload(operator, new TextEncoder().encode('<html>hi</html>'), 'plan.png', 'image/png');
    expect(fake.status).toBe(422);
    expect(fake.text).toContain('PNG, JPEG, SVG 그림만');
    const svg = await upload(
      operator,
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>',
      ),
      'plan.svg',
      'image/svg+xml',
    );
    expect(svg.status).toBe(422);
    expect(svg.text).toContain('스크립트');
    const big = await upload(operator, png(100, 100, 2 * 1024 * 1024), 'big.png', 'image/png');
    expect(big.status).toBe(422);
    expect(big.text).toContain('2MB 이하');
    const [after] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    expect(after!.imageHash).toBe(before!.imageHash);
  });

  it('serves a plain SVG sandboxed, so it can never run as a page', async () => {
    const drawing =
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="800" height="400" fill="#eee"/></svg>';
    expect((await upload(operator, new TextEncoder().encode(drawing), 'plan.svg', 'image/svg+xml')).status).toBe(303);
    const [plan] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    const img = await fetch(`${t.baseUrl}/floor-plans/${setup.zone.id}/${plan!.imageHash}`);
    expect(img.headers.get('content-type')).toContain('image/svg+xml');
    expect(img.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    // Removing the picture leaves a grid of the same size.
    await operator.get(planPath);
    expect((await operator.post(`${planPath}/image/remove`)).status).toBe(303);
    const [grid] = await t.db.select().from(zonePlans).where(eq(zonePlans.zoneId, setup.zone.id));
    expect(grid).toMatchObject({ kind: 'grid', image: null, cols: plan!.cols, rows: plan!.rows });
    expect((await fetch(`${t.baseUrl}/floor-plans/${setup.zone.id}/${plan!.imageHash}`)).status).toBe(404);
  });
});

describe('the maps', () => {
  it('gives employees a map whose desks link to their booking form, named with label and state', async () => {
    await operator.get(planPath);
    expect((await operator.post(planPath, { cols: '10', rows: '6' })).status).toBe(303);
    const employee = (await signedIn(t, { role: 'employee' })).client;
    const page = await employee.get(`/centers/${setup.center.id}?date=2026-12-02`);
    expect(page.status).toBe(200);
    const a = setup.desks[0]!;
    expect(page.text).toContain(
      `href="/bookings/new?desk&#x3D;${a.id}&amp;date&#x3D;2026-12-02" class="map-desk state-free" aria-label="A-01, 예약 가능" data-map-desk="${a.id}"`,
    );
    // The list is still there.
    expect(page.text).toContain(`id="desk-${a.id}"`);
    const other = await createCenter(t.db);
    expect((await employee.get(`/centers/${other.center.id}`)).text).not.toContain('data-floor-map');
  });

  it('shows operators the map beside the board table, with the same states', async () => {
    const board = await operator.get(`/operator/centers/${setup.center.id}`);
    expect(board.status).toBe(200);
    expect(board.text).toContain('data-floor-map');
    expect(board.text).toContain(`href="#board-desk-${setup.desks[0]!.id}" class="map-desk state-free"`);
    expect(board.text).toContain(`id="board-desk-${setup.desks[0]!.id}"`);
  });
});
