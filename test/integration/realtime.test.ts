import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { bookings, notifications } from '../../src/db/schema.js';
import { createBus } from '../../src/realtime/bus.js';
import { type RunningApp, serveApp, signedIn as signInAs, startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';
import { collect, connect, newerVersion, nextEvent, request } from '../helpers/sockets.js';

let t: TestApp;
const sockets: Socket[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t.destroy());

async function socketFor(app: { baseUrl: string }, client?: HttpClient) {
  const s = await connect(app.baseUrl, client ? `sws.sid=${client.cookie('sws.sid')}` : undefined);
  sockets.push(s);
  return s;
}

const signedIn = (role: 'employee' | 'operator' = 'employee', operates?: number) => signInAs(t, { role, operates });

const book = (client: HttpClient, deskId: number, start = '09:00', end = '12:00', date = '2026-12-01') =>
  client.post('/bookings', { deskId: String(deskId), date, start, end });

describe('live counts over Socket.IO', () => {
  it('gives anyone the current anonymous counts first, then each change within a second', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 4 });
    const anonymous = await socketFor(t);
    const reply = await request(anonymous, 'center:subscribe', center.id);
    expect(reply.ok).toBe(true);
    expect(reply.state.now).toEqual({ free: 4, booked: 0, checkedIn: 0 });

    const { user, client } = await signedIn();
    const started = Date.now();
    const update = nextEvent(anonymous, 'center:counts', (s) => s.centerId === center.id);
    expect((await book(client, desks[0]!.id)).status).toBe(303);
    const state = await update;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(state.now).toEqual({ free: 3, booked: 1, checkedIn: 0 });
    expect(newerVersion(state.version, reply.state.version)).toBe(true);
    // Anonymous: no person in it.
    expect(JSON.stringify(state)).not.toContain(user.username);
    expect(JSON.stringify(state)).not.toContain(user.displayName);
  });

  it('lets a socket without a session join nothing but the public counts', async () => {
    const { center } = await createCenter(t.db);
    const anonymous = await socketFor(t);
    expect(await request(anonymous, 'board:subscribe', center.id)).toEqual({ ok: false, error: 'forbidden' });
    expect(await request(anonymous, 'center:subscribe', 'DROP TABLE')).toEqual({ ok: false, error: 'bad_request' });
    expect(await request(anonymous, 'center:subscribe', 999_999)).toEqual({ ok: false, error: 'not_found' });
  });

  it('never gives an employee the operator board, and gives the operator of that center names', async () => {
    const { center, desks } = await createCenter(t.db);
    const other = await createCenter(t.db);
    const employee = await signedIn();
    const operator = await signedIn('operator', center.id);
    const employeeSocket = await socketFor(t, employee.client);
    const operatorSocket = await socketFor(t, operator.client);

    expect(await request(employeeSocket, 'board:subscribe', center.id)).toEqual({ ok: false, error: 'forbidden' });
    expect(await request(operatorSocket, 'board:subscribe', other.center.id)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const board = await request(operatorSocket, 'board:subscribe', center.id);
    expect(board.ok).toBe(true);
    expect(board.state.desks.map((d: { state: string }) => d.state)).toEqual(['free', 'free', 'free']);

    await request(employeeSocket, 'center:subscribe', center.id);
    const employeeBoards = collect(employeeSocket, 'board:update');
    const update = nextEvent(operatorSocket, 'board:update', (b) =>
      b.desks.some((d: { state: string }) => d.state === 'booked'),
    );
    const countsForEmployee = nextEvent(employeeSocket, 'center:counts');
    await book(employee.client, desks[1]!.id, '09:00', '10:00');
    const b = await update;
    expect(b.desks[1].current.userName).toBe(employee.user.displayName);
    await countsForEmployee;
    expect(employeeBoards.seen).toEqual([]);
  });

  it('sends the current state first after a reconnect, so nothing missed while away is lost', async () => {
    const { center, desks } = await createCenter(t.db);
    const first = await socketFor(t);
    const before = (await request(first, 'center:subscribe', center.id)).state;
    first.disconnect();
    const { client } = await signedIn();
    await book(client, desks[0]!.id);
    await book((await signedIn()).client, desks[1]!.id);
    const again = await socketFor(t);
    const pushed = nextEvent(again, 'center:counts', (s) => s.centerId === center.id, 2000).catch(() => undefined);
    const replied = (await request(again, 'center:subscribe', center.id)).state;
    // The reply is the current state; if a change was still in flight between processes, the
    // update that follows it within the coalescing window brings the client level.
    const after = replied.now.booked === 2 ? replied : await pushed;
    expect(after.now.booked).toBe(2);
    expect(newerVersion(after.version, before.version)).toBe(true);
  });

  it('gathers a burst of changes into few updates', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 10 });
    const s = await socketFor(t);
    await request(s, 'center:subscribe', center.id);
    const updates = collect(s, 'center:counts');
    const people = await Promise.all(desks.map(() => signedIn()));
    await Promise.all(people.map((p, i) => book(p.client, desks[i]!.id)));
    await new Promise((r) => setTimeout(r, 800));
    updates.stop();
    expect(updates.seen.length).toBeGreaterThan(0);
    expect(updates.seen.length).toBeLessThan(10);
    expect(updates.seen.at(-1).now.booked).toBe(10);
    const versions = updates.seen.map((u) => u.version);
    for (let i = 1; i < versions.length; i++) expect(newerVersion(versions[i], versions[i - 1])).toBe(true);
  });
});

describe('operators', () => {
  it('take a desk out of service: its booking moves to an equivalent desk, the holder is told live', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 3 });
    const operator = await signedIn('operator', center.id);
    const holder = await signedIn();
    const made = await book(holder.client, desks[1]!.id, '13:00', '15:00');
    const bookingId = Number(made.location!.split('-').at(-1));
    const holderSocket = await socketFor(t, holder.client);
    const told = nextEvent(holderSocket, 'notification');

    await operator.client.get(`/operator/centers/${center.id}`);
    const res = await operator.client.post(`/operator/centers/${center.id}/desks/${desks[1]!.id}/out-of-service`, {
      reason: '모니터 고장',
    });
    expect(res.status).toBe(303);
    await told;
    const [moved] = await t.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(moved!.status).toBe('booked');
    expect(moved!.deskId).not.toBe(desks[1]!.id);
    const notices = await t.db.select().from(notifications).where(eq(notifications.userId, holder.user.id));
    expect(notices.map((n) => n.messageKey)).toContain('notice.bookingsMoved');
    expect((await holder.client.get('/bookings')).text).toContain('모니터 고장');
    // Out of service: not bookable until it is back.
    expect((await book(holder.client, desks[1]!.id, '16:00', '17:00')).status).toBe(404);
    await operator.client.post(`/operator/centers/${center.id}/desks/${desks[1]!.id}/in-service`);
    expect((await book(holder.client, desks[1]!.id, '16:00', '17:00')).status).toBe(303);
  });

  it('cancel with a notice when no equivalent desk is free', async () => {
    const { center, desks } = await createCenter(t.db, { desks: 1 });
    const operator = await signedIn('operator', center.id);
    const holder = await signedIn();
    const made = await book(holder.client, desks[0]!.id, '13:00', '15:00');
    await operator.client.get(`/operator/centers/${center.id}`);
    await operator.client.post(`/operator/centers/${center.id}/desks/${desks[0]!.id}/out-of-service`, {
      reason: '청소',
    });
    const [row] = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, Number(made.location!.split('-').at(-1))));
    expect(row!.status).toBe('cancelled');
    expect((await holder.client.get('/bookings')).text).toContain('취소했습니다');
  });

  it('see only their own centers, check people in, and refuse a missing reason with 422', async () => {
    const { center, desks } = await createCenter(t.db);
    const other = await createCenter(t.db);
    const operator = await signedIn('operator', center.id);
    const employee = await signedIn();
    // A center they do not run: told so (403), not "not found".
    expect((await operator.client.get(`/operator/centers/${other.center.id}`)).status).toBe(403);
    expect((await employee.client.get(`/operator/centers/${center.id}`)).status).toBe(403);
    const made = await book(employee.client, desks[0]!.id, '09:00', '11:00');
    const bookingId = made.location!.split('-').at(-1);
    const board = await operator.client.get(`/operator/centers/${center.id}`);
    expect(board.text).toContain(employee.user.displayName);
    expect((await operator.client.post(`/operator/centers/${center.id}/bookings/${bookingId}/check-in`)).status).toBe(
      303,
    );
    const [row] = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, Number(bookingId)));
    expect(row!.status).toBe('checked_in');
    const missing = await operator.client.post(`/operator/centers/${center.id}/desks/${desks[1]!.id}/out-of-service`, {
      reason: ' ',
    });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('사용 중지 사유를 입력하세요');
  });
});

describe('employees', () => {
  it('check themselves in from My bookings within the window, not before', async () => {
    const { desks } = await createCenter(t.db);
    const { client } = await signedIn();
    const early = await book(client, desks[0]!.id, '10:00', '11:00');
    const now = await book(client, desks[1]!.id, '09:00', '10:00');
    const list = await client.get('/bookings');
    expect(list.text).toContain(`action="/bookings/${now.location!.split('-').at(-1)}/check-in"`);
    expect(list.text).not.toContain(`action="/bookings/${early.location!.split('-').at(-1)}/check-in"`);
    await client.post(`/bookings/${early.location!.split('-').at(-1)}/check-in`);
    expect((await client.get('/bookings')).text).toContain('체크인은 시작 15분 전부터');
    await client.post(`/bookings/${now.location!.split('-').at(-1)}/check-in`);
    expect((await client.get('/bookings')).text).toContain('이용 중');
  });
});

describe('pages', () => {
  it('serve the public display without login or names, and the 7-day history with a table', async () => {
    const { center, desks } = await createCenter(t.db);
    const holder = await signedIn();
    await book(holder.client, desks[0]!.id);
    const display = await t.client().get(`/display/centers/${center.id}`);
    expect(display.status).toBe(200);
    expect(display.headers.get('refresh')).toBe('120');
    expect(display.text).toContain('data-field="now.free">2<');
    expect(display.text).not.toContain(holder.user.displayName);
    const history = await t.client().get(`/centers/${center.id}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('<svg class="chart"');
    expect(history.text).toContain('<table class="table">');
  });
});

describe.runIf(engine === 'postgres')('across app processes', () => {
  let b: RunningApp;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A second app on its own connection pool: what a second process behind the load balancer is.
    const database = await openDatabase({ url: t.testDatabase.url!, maxConnections: 4 });
    b = await serveApp(database, t.clock);
    close = async () => {
      await b.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('sends many changes of one moment as few NOTIFY statements, and every one arrives at another process', async () => {
    const [a, other] = await Promise.all([
      openDatabase({ url: t.testDatabase.url!, maxConnections: 2 }),
      openDatabase({ url: t.testDatabase.url!, maxConnections: 2 }),
    ]);
    const [busA, busB] = await Promise.all([createBus(a), createBus(other)]);
    const seen = new Set<number>();
    const all = new Promise<void>((resolve) =>
      busB.subscribe((e) => {
        if (e.type === 'user') seen.add(e.userId);
        if (seen.size === 450) resolve();
      }),
    );
    // More than one statement's worth (200), published in the same turn as a burst of bookings would.
    await Promise.all(Array.from({ length: 450 }, (_, i) => busA.publish({ type: 'user', userId: i + 1 })));
    await all;
    expect(seen.size).toBe(450);
    await Promise.all([busA.close(), busB.close()]);
    await Promise.all([a.close(), other.close()]);
  });

  it('a booking made on instance A reaches a client connected to instance B', async () => {
    const { center, desks } = await createCenter(t.db);
    const onB = await socketFor(b);
    await request(onB, 'center:subscribe', center.id);
    const update = nextEvent(onB, 'center:counts', (s) => s.centerId === center.id && s.now.booked === 1, 2000);
    const { client } = await signedIn();
    await book(client, desks[0]!.id);
    const state = await update;
    expect(state.now.booked).toBe(1);
  });
});

describe('the live protocol for third-party clients', () => {
  it('restores handshake subscriptions on every reconnect and sends the current state at once', async () => {
    const { center } = await createCenter(t.db, { desks: 2 });
    const { io } = await import('socket.io-client');
    const client = io(t.baseUrl, { transports: ['websocket'], forceNew: true, auth: { centers: [center.id] } });
    try {
      const first = await nextEvent(client, 'center:counts', (s) => s.centerId === center.id);
      expect(first.now.free).toBe(2);
      // The server drops the connection (a deploy): the client reconnects with the same handshake.
      const again = nextEvent(client, 'center:counts', (s) => s.centerId === center.id, 5000);
      client.io.engine.close();
      expect((await again).centerId).toBe(center.id);
    } finally {
      client.disconnect();
    }
  });

  it('lets another site read anonymous counts over polling (CORS), never as the signed-in person', async () => {
    const { center } = await createCenter(t.db);
    const { client } = await signedIn();
    const handshake = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://other.example', cookie: `sws.sid=${client.cookie('sws.sid')}` },
    });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('access-control-allow-origin')).toBe('*');
    const { io } = await import('socket.io-client');
    const foreign = io(t.baseUrl, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: 'https://other.example', cookie: `sws.sid=${client.cookie('sws.sid')}` },
    });
    try {
      await new Promise<void>((r) => foreign.once('connect', () => r()));
      expect((await request(foreign, 'center:subscribe', center.id)).ok).toBe(true);
      // The cookie was not used: this socket is nobody, so no board.
      expect(await request(foreign, 'board:subscribe', center.id)).toEqual({ ok: false, error: 'forbidden' });
    } finally {
      foreign.disconnect();
    }
  });

  it('sends the first change at once (leading edge), not after the coalescing window', async () => {
    const slow = await serveApp(t.database, t.clock, undefined, { coalesceMs: 2000 });
    try {
      const { center, desks } = await createCenter(t.db, { desks: 3 });
      const watcher = await socketFor(slow);
      await request(watcher, 'center:subscribe', center.id);
      // Booked through the same app (on PGlite each app has its own in-memory bus).
      const person = await createUser(t.db);
      const client = slow.client();
      await client.login(person.username, PASSWORD);
      const started = Date.now();
      const update = nextEvent(watcher, 'center:counts', (s) => s.centerId === center.id && s.now.booked === 1);
      expect((await book(client, desks[0]!.id)).status).toBe(303);
      await update;
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await slow.close();
    }
  });
});
