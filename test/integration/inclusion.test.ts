import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings } from '../../src/db/schema.js';
import { signedIn, startTestApp, type TestApp } from '../helpers/app.js';
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
    expect(when.text).toContain('name="part" value="afternoon"');
    const confirm = await client.get(`/simple/confirm?center=${center.id}&date=2026-12-02&part=afternoon`);
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
  });
});
