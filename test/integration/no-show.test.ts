import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftHold, releaseNoShows } from '../../src/bookings/no-show-job.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { bookingEvents, bookings, centerPolicies, notifications } from '../../src/db/schema.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { startTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestApp;
let second: DatabaseHandle | undefined;
beforeAll(async () => {
  t = await startTestApp();
  // On PostgreSQL a second connection pool stands for a second app process.
  if (engine === 'postgres') second = await openDatabase({ url: t.testDatabase.url!, maxConnections: 4 });
});
afterAll(async () => {
  await second?.close();
  await t.destroy();
});

const at = (s: string) => new Date(`${s}+09:00`);
const events = new LocalBus();

async function bookingFor(
  deskId: number,
  userId: number,
  from: string,
  to: string,
  status: 'booked' | 'checked_in' = 'booked',
) {
  const [row] = await t.db
    .insert(bookings)
    .values({ deskId, userId, createdById: userId, startsAt: at(from), endsAt: at(to), status })
    .returning();
  return row!;
}

describe('no-show release', () => {
  it('releases each overdue booking exactly once when two processes run the job at the same moment', async () => {
    const { desks } = await createCenter(t.db, { desks: 3 });
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createUser(t.db)));
    const made = [];
    for (const [i, u] of users.entries()) {
      made.push(
        await bookingFor(
          desks[i % 3]!.id,
          u.id,
          `2026-11-${String(23 + Math.floor(i / 3)).padStart(2, '0')}T09:00:00`,
          `2026-11-${String(23 + Math.floor(i / 3)).padStart(2, '0')}T12:00:00`,
        ),
      );
    }
    const clock = new TestClock(at('2026-12-01T09:10:00'));
    const other = second?.db ?? t.db;
    const [a, b] = await Promise.all([
      releaseNoShows({ db: t.db, clock, events }),
      releaseNoShows({ db: other, clock, events }),
    ]);
    const ids = made.map((m) => m.id);
    const rows = await t.db.select().from(bookings);
    expect(rows.filter((r) => ids.includes(r.id)).every((r) => r.status === 'no_show')).toBe(true);
    const audit = await t.db.select().from(bookingEvents).where(eq(bookingEvents.toStatus, 'no_show'));
    const mine = audit.filter((e) => ids.includes(e.bookingId));
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((e) => e.bookingId)).size).toBe(6);
    expect(a.released + b.released).toBeGreaterThanOrEqual(6);
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, users[0]!.id));
    expect(notes.map((n) => n.messageKey)).toContain('notice.noShow');
  });

  it('keeps a booking within its window, follows the center check-in policy, and completes ended check-ins', async () => {
    const { center, desks } = await createCenter(t.db);
    await t.db.update(centerPolicies).set({ checkInAfterMinutes: 60 }).where(eq(centerPolicies.centerId, center.id));
    const u = await createUser(t.db);
    const v = await createUser(t.db);
    const late = await bookingFor(desks[0]!.id, u.id, '2026-12-01T09:00:00', '2026-12-01T12:00:00');
    const done = await bookingFor(desks[1]!.id, v.id, '2026-12-01T07:00:00', '2026-12-01T09:00:00', 'checked_in');
    await releaseNoShows({ db: t.db, clock: new TestClock(at('2026-12-01T09:59:00')), events });
    expect((await t.db.select().from(bookings).where(eq(bookings.id, late.id)))[0]!.status).toBe('booked');
    expect((await t.db.select().from(bookings).where(eq(bookings.id, done.id)))[0]!.status).toBe('completed');
    await releaseNoShows({ db: t.db, clock: new TestClock(at('2026-12-01T10:00:00')), events });
    expect((await t.db.select().from(bookings).where(eq(bookings.id, late.id)))[0]!.status).toBe('no_show');
  });

  it('holds booking ahead after 3 no-shows in 30 days, keeps same-day booking, and an operator can lift it', async () => {
    const { desks } = await createCenter(t.db);
    const user = await createUser(t.db);
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26'])
      await bookingFor(desks[0]!.id, user.id, `${day}T09:00:00`, `${day}T10:00:00`);
    const result = await releaseNoShows({ db: t.db, clock: t.clock, events });
    expect(result.banned).toBeGreaterThanOrEqual(1);
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const ahead = await client.post('/bookings', {
      deskId: String(desks[1]!.id),
      date: '2026-12-02',
      start: '09:00',
      end: '10:00',
    });
    expect(ahead.status).toBe(403);
    expect(ahead.text).toContain('미리 예약할 수 없습니다');
    const today = await client.post('/bookings', {
      deskId: String(desks[1]!.id),
      date: '2026-12-01',
      start: '13:00',
      end: '14:00',
    });
    expect(today.status).toBe(303);
    expect(await liftHold(t.db, user.id, user.id, t.clock.now())).toBe(true);
    expect(
      (
        await client.post('/bookings', {
          deskId: String(desks[1]!.id),
          date: '2026-12-02',
          start: '09:00',
          end: '10:00',
        })
      ).status,
    ).toBe(303);
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.messageKey, 'notice.banned')));
    expect(notes).toHaveLength(1);
  });
});
