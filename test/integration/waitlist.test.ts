import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, notifications, waitlistEntries } from '../../src/db/schema.js';
import { signedIn as signInAs, startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

const signedIn = () => signInAs(t);
const slot = { date: '2026-12-02', start: '09:00', end: '12:00' };

describe(`waitlist (${engine})`, () => {
  it('gives each desk freed by concurrent cancellations to exactly one waiter, in order', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 2 });
    const holders = [await signedIn(), await signedIn()];
    const ids: number[] = [];
    for (const [i, h] of holders.entries()) {
      const made = await h.client.post('/bookings', { deskId: String(desks[i]!.id), ...slot });
      ids.push(Number(made.location!.split('-').at(-1)));
    }
    // The center is full: three people wait, two booked automatically, one with offers.
    const waiters = [await signedIn(), await signedIn(), await signedIn()];
    for (const [i, w] of waiters.entries()) {
      await w.client.get('/bookings');
      const res = await w.client.post('/waitlist', {
        centerId: String(center.id),
        ...slot,
        ...(i < 2 ? { autoBook: '1' } : {}),
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/bookings#waitlist');
    }
    await Promise.all(holders.map((h, i) => h.client.post(`/bookings/${ids[i]}/cancel`)));

    const active = await t.db
      .select()
      .from(bookings)
      .where(
        and(
          inArray(
            bookings.deskId,
            desks.map((d) => d.id),
          ),
          inArray(bookings.status, ['booked', 'checked_in']),
        ),
      );
    expect(active).toHaveLength(2);
    expect(new Set(active.map((b) => b.deskId)).size).toBe(2);
    expect(active.map((b) => b.userId).sort()).toEqual([waiters[0]!.user.id, waiters[1]!.user.id].sort());
    const entries = await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.centerId, center.id));
    expect(entries.map((e) => e.status).sort()).toEqual(['fulfilled', 'fulfilled', 'waiting']);
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, waiters[0]!.user.id));
    expect(told.map((n) => n.messageKey)).toContain('notice.waitlistBooked');
    expect((await waiters[2]!.client.get('/bookings')).text).toContain('대기 중');

    // Another desk frees: the one who asked for offers is offered it, not booked.
    await waiters[0]!.client.get('/bookings');
    const own = active.find((b) => b.userId === waiters[0]!.user.id)!;
    await waiters[0]!.client.post(`/bookings/${own.id}/cancel`);
    const [third] = await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.userId, waiters[2]!.user.id));
    expect(third!.status).toBe('offered');
    const offer = await t.db.select().from(notifications).where(eq(notifications.userId, waiters[2]!.user.id));
    expect(offer.map((n) => n.messageKey)).toContain('notice.waitlistOffer');
  });

  it('sends people to book instead of waiting when a matching desk is free', async () => {
    const { center } = await createCenter(t.db);
    const { user, client } = await signedIn();
    await client.get('/bookings');
    const res = await client.post('/waitlist', { centerId: String(center.id), ...slot, autoBook: '1' });
    expect(res.location).toBe(`/centers/${center.id}?date=2026-12-02&free=1`);
    expect(await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.userId, user.id))).toHaveLength(0);
    expect((await client.get(res.location!)).text).toContain('대기 대신 바로 예약하세요');
  });

  it('offers the waitlist when the desk asked for is taken', async () => {
    const { desks } = await createCenter(t.db, { desks: 1 });
    const a = await signedIn();
    await a.client.post('/bookings', { deskId: String(desks[0]!.id), ...slot });
    const b = await signedIn();
    const taken = await b.client.post('/bookings', { deskId: String(desks[0]!.id), ...slot });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('action="/waitlist"');
  });
});
