import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { createBooking } from '../../src/bookings/service.js';
import * as s from '../../src/db/schema.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { deliverDue, RETRY_FOR_MS } from '../../src/webhooks/delivery.js';
import { createWebhook } from '../../src/webhooks/repository.js';
import { SIGNATURE_HEADER, verifySignature } from '../../src/webhooks/signing.js';
import { serveApp, startTestApp, type TestApp, TestClock, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

/** A real HTTP receiver on loopback that fails its first `failures` requests. */
async function receiver(failures: number) {
  const received: { headers: IncomingMessage['headers']; body: string; status: number }[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      const status = calls <= failures ? 503 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe(`webhooks (${engine})`, () => {
  it('delivers a signed event from the outbox, retrying with backoff until the receiver takes it, across a restart', async () => {
    const rx = await receiver(2);
    try {
      const clock = new TestClock();
      const owner = await createUser(t.db);
      const { secret } = await createWebhook(
        t.db,
        { id: owner.id, role: 'employee' },
        { url: rx.url, events: ['booking.created', 'booking.cancelled'], all: false },
        false,
      );
      const { desks } = await createCenter(t.db);
      const me = (await findSessionUser(t.db, owner.id))!;
      const booking = await createBooking(
        { db: t.db, clock, events: new LocalBus(), needsKey: testConfig().needsKey },
        me,
        { deskId: desks[1]!.id, date: '2026-12-02', start: 540, end: 720 },
      );
      // Someone else's booking is not this person's event.
      const other = (await findSessionUser(t.db, (await createUser(t.db)).id))!;
      await createBooking({ db: t.db, clock, events: new LocalBus(), needsKey: testConfig().needsKey }, other, {
        deskId: desks[2]!.id,
        date: '2026-12-02',
        start: 540,
        end: 720,
      });

      expect(await deliverDue({ db: t.db, clock })).toMatchObject({ delivered: 0, retrying: 1 });
      // Not due yet: nothing is sent again before the backoff has passed.
      expect(await deliverDue({ db: t.db, clock })).toMatchObject({ delivered: 0, retrying: 0 });
      clock.set(new Date(clock.now().getTime() + 31_000));
      expect(await deliverDue({ db: t.db, clock })).toMatchObject({ retrying: 1 });
      // A restart: the first app goes away; a new app on the same database finds the pending delivery.
      const reopened = await serveApp(t.database, clock);
      clock.set(new Date(clock.now().getTime() + 61_000));
      expect(await deliverDue({ db: t.db, clock })).toMatchObject({ delivered: 1 });
      await reopened.close();

      expect(rx.received.map((r) => r.status)).toEqual([503, 503, 200]);
      const last = rx.received.at(-1)!;
      const header = String(last.headers[SIGNATURE_HEADER.toLowerCase()]);
      expect(verifySignature(secret, header, last.body, Math.floor(clock.now().getTime() / 1000))).toBe(true);
      expect(verifySignature('whsec_wrong', header, last.body, Math.floor(clock.now().getTime() / 1000))).toBe(false);
      const event = JSON.parse(last.body);
      expect(event).toMatchObject({ type: 'booking.created', data: { booking: { id: booking.id } } });
      // The same event id on every try, so a receiver can tell a retry from a new event.
      expect(new Set(rx.received.map((r) => r.headers['x-sws-event-id'])).size).toBe(1);
      const [row] = await t.db.select().from(s.webhookDeliveries).where(eq(s.webhookDeliveries.eventId, event.id));
      expect(row).toMatchObject({ status: 'delivered', attempts: 3 });
    } finally {
      await rx.close();
    }
  });

  it('gives up after a day, and two workers never send one delivery twice', async () => {
    const rx = await receiver(1000);
    try {
      const clock = new TestClock();
      const owner = await createUser(t.db);
      await createWebhook(
        t.db,
        { id: owner.id, role: 'employee' },
        { url: rx.url, events: ['booking.created'], all: false },
        false,
      );
      const { desks } = await createCenter(t.db);
      await createBooking(
        { db: t.db, clock, events: new LocalBus(), needsKey: testConfig().needsKey },
        (await findSessionUser(t.db, owner.id))!,
        { deskId: desks[1]!.id, date: '2026-12-02', start: 540, end: 720 },
      );
      const [a, b] = await Promise.all([deliverDue({ db: t.db, clock }), deliverDue({ db: t.db, clock })]);
      expect(a.retrying + b.retrying).toBe(1);
      clock.set(new Date(clock.now().getTime() + RETRY_FOR_MS + 60_000));
      expect((await deliverDue({ db: t.db, clock })).failed).toBe(1);
    } finally {
      await rx.close();
    }
  });

  it('are managed on the profile: registered with the secret shown once, refused without events, tested, deleted', async () => {
    const rx = await receiver(0);
    try {
      const owner = await createUser(t.db);
      const client = t.client();
      await client.login(owner.username, PASSWORD);
      await client.get('/profile/webhooks');
      const none = await client.post('/profile/webhooks', { url: rx.url });
      expect(none.status).toBe(422);
      expect(none.text).toContain('받을 이벤트를 하나 이상 고르세요');
      expect(none.text).toContain(`value="${rx.url}"`);
      const made = await client.post('/profile/webhooks', { url: rx.url, events: 'booking.created' });
      expect(made.status).toBe(201);
      expect(made.text).toMatch(/whsec_[\w-]+/);
      const [hook] = await t.db.select().from(s.webhooks).where(eq(s.webhooks.ownerId, owner.id));
      expect((await client.post(`/profile/webhooks/${hook!.id}/test`)).status).toBe(303);
      await deliverDue({ db: t.db, clock: t.clock });
      expect(JSON.parse(rx.received.at(-1)!.body).type).toBe('ping');
      expect((await client.get('/profile/webhooks')).text).toContain('전달됨');
      const stranger = t.client();
      await stranger.login((await createUser(t.db)).username, PASSWORD);
      await stranger.get('/profile/webhooks');
      expect((await stranger.post(`/profile/webhooks/${hook!.id}/delete`)).status).toBe(404);
      expect((await client.post(`/profile/webhooks/${hook!.id}/delete`)).status).toBe(303);
    } finally {
      await rx.close();
    }
  });
});
