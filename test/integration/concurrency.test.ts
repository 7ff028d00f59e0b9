import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from '../../src/bookings/book.js';
import { inTransaction } from '../../src/db/client.js';
import { isTransientConflict, retryTransient } from '../../src/db/failures.js';
import { bookings } from '../../src/db/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';
import type { HttpClient } from '../helpers/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

describe(`concurrent booking requests (${engine})`, () => {
  it('100 simultaneous requests for one desk and overlapping times make exactly one booking and 99 conflicts', async () => {
    const { desks } = await createCenter(t.db);
    const deskId = desks[0]!.id;
    // 100 different people, each signed in with their own session.
    const clients: HttpClient[] = [];
    for (let batch = 0; batch < 10; batch++) {
      clients.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const user = await createUser(t.db);
            const client = t.client();
            await client.login(user.username, PASSWORD);
            return client;
          }),
        )),
      );
    }
    const starts = ['09:00', '09:30', '10:00', '10:30'];
    const responses = await Promise.all(
      clients.map((c, i) =>
        c.post('/bookings', { deskId: String(deskId), date: '2026-12-02', start: starts[i % 4]!, end: '11:00' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.text).toContain('이미 다른 예약이 있습니다');
    const rows = await t.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.deskId, deskId), inArray(bookings.status, ['booked', 'checked_in'])));
    expect(rows).toHaveLength(1);
  });
});

describe.runIf(engine === 'postgres')('bookings of one desk in flight at once', () => {
  // Without a queue, simultaneous inserts for one desk each wait on the others' uncommitted rows
  // in the exclusion constraint, and PostgreSQL untangles that only by cancelling one a second
  // (deadlock detection): the booking benchmark's 17 clients on one slot saw 500s and 15 s waits.
  it('queue on the desk: a booking waits while another booking of that desk is being written, then goes through', async () => {
    const { desks } = await createCenter(t.db, { desks: 1 });
    const [first, second] = [await createUser(t.db), await createUser(t.db)];
    const deps = { clock: t.clock, needsKey: Buffer.alloc(32, 7) };
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let held!: () => void;
    const holding = new Promise<void>((r) => {
      held = r;
    });
    // Another booking of the desk, in flight: it holds the desk's lock and has written its row.
    const other = book(t.db, deps, {
      source: 'api',
      actorId: first.id,
      personId: first.id,
      deskId: desks[0]!.id,
      date: '2026-12-02',
      start: 9 * 60,
      end: 10 * 60,
      withinTransaction: async () => {
        held();
        await released;
      },
    });
    await holding;
    let settled = false;
    const mine = book(t.db, deps, {
      source: 'api',
      actorId: second.id,
      personId: second.id,
      deskId: desks[0]!.id,
      date: '2026-12-02',
      start: 10 * 60,
      end: 11 * 60,
    }).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    release();
    await other;
    const began = Date.now();
    expect((await mine).booking.deskId).toBe(desks[0]!.id);
    expect(Date.now() - began).toBeLessThan(500);
  });
});

describe.runIf(engine === 'postgres')('a deadlock PostgreSQL breaks', () => {
  it('is run again by retryTransient, so both sides finish instead of one failing', async () => {
    const [a, b] = [await createUser(t.db), await createUser(t.db)];
    const attempts = { first: 0, second: 0 };
    let locked = 0;
    const bothLocked = () =>
      new Promise<void>((resolve) => {
        const check = () => (locked >= 2 ? resolve() : setTimeout(check, 5));
        check();
      });
    // Each side locks one row, waits until the other holds its row too, then asks for the other's:
    // a real deadlock, which PostgreSQL breaks by cancelling one side with 40P01.
    // One side of the deadlock; only its first attempt waits for the other, so a retry goes through.
    const side = (own: number, other: number, key: 'first' | 'second') => () =>
      inTransaction(t.db, async (tx) => {
        attempts[key]++;
        await tx.execute(sql`select id from users where id = ${own} for update`);
        if (attempts[key] === 1) {
          locked++;
          await bothLocked();
        }
        await tx.execute(sql`select id from users where id = ${other} for update`);
      });
    await Promise.all([retryTransient(side(a.id, b.id, 'first')), retryTransient(side(b.id, a.id, 'second'))]);
    expect(attempts.first + attempts.second).toBe(3);
    // Without the retry, the cancelled side fails with the deadlock.
    locked = 0;
    attempts.first = 0;
    attempts.second = 0;
    const results = await Promise.allSettled([side(a.id, b.id, 'first')(), side(b.id, a.id, 'second')()]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isTransientConflict((failed[0] as PromiseRejectedResult).reason)).toBe(true);
  });
});
