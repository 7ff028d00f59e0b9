import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { createBooking } from '../../src/bookings/service.js';
import { pgErrorOf } from '../../src/db/client.js';
import { bookings } from '../../src/db/schema.js';
import { ConflictError } from '../../src/errors.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { TestClock } from '../helpers/app.js';
import { createTestDatabase, engine, type TestDatabase } from '../helpers/database.js';
import { createCenter, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

const at = (s: string) => new Date(`2026-12-02T${s}:00+09:00`);

describe(`the database itself forbids double booking (${engine})`, () => {
  it('rejects an overlapping active booking of one desk with SQLSTATE 23P01', async () => {
    const db = t.database.db;
    const { desks } = await createCenter(db);
    const [a, b] = [await createUser(db), await createUser(db)];
    await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: a.id, createdById: a.id, startsAt: at('09:00'), endsAt: at('12:00') });
    const err = await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: b.id, createdById: b.id, startsAt: at('11:30'), endsAt: at('13:00') })
      .catch((e: unknown) => e);
    expect(pgErrorOf(err)).toEqual({ code: '23P01', constraint: 'bookings_no_desk_overlap' });
  });

  it('allows back-to-back ranges and frees a slot once cancelled', async () => {
    const db = t.database.db;
    const { desks } = await createCenter(db);
    const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
    const [first] = await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: a.id, createdById: a.id, startsAt: at('09:00'), endsAt: at('12:00') })
      .returning();
    await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: b.id, createdById: b.id, startsAt: at('12:00'), endsAt: at('13:00') });
    await db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, first!.id));
    await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: c.id, createdById: c.id, startsAt: at('10:00'), endsAt: at('11:00') });
    const rows = await db.select().from(bookings).where(eq(bookings.deskId, desks[0]!.id));
    expect(rows).toHaveLength(3);
  });

  it('rejects one person in two places at once, and an end before the start', async () => {
    const db = t.database.db;
    const { desks } = await createCenter(db);
    const a = await createUser(db);
    await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: a.id, createdById: a.id, startsAt: at('09:00'), endsAt: at('12:00') });
    const overlap = await db
      .insert(bookings)
      .values({ deskId: desks[1]!.id, userId: a.id, createdById: a.id, startsAt: at('10:00'), endsAt: at('11:00') })
      .catch((e: unknown) => e);
    expect(pgErrorOf(overlap)).toEqual({ code: '23P01', constraint: 'bookings_no_user_overlap' });
    const backwards = await db
      .insert(bookings)
      .values({ deskId: desks[2]!.id, userId: a.id, createdById: a.id, startsAt: at('15:00'), endsAt: at('14:00') })
      .catch((e: unknown) => e);
    expect(pgErrorOf(backwards)?.code).toBe('23514');
  });

  it('turns the constraint error into a ConflictError in the service', async () => {
    const db = t.database.db;
    const { desks } = await createCenter(db);
    const [a, b] = [await createUser(db), await createUser(db)];
    const clock = new TestClock();
    const input = { deskId: desks[0]!.id, date: '2026-12-02', start: 9 * 60, end: 10 * 60 };
    await createBooking(
      { db, clock, events: new LocalBus(), needsKey: Buffer.alloc(32) },
      (await findSessionUser(db, a.id))!,
      input,
    );
    await expect(
      createBooking(
        { db, clock, events: new LocalBus(), needsKey: Buffer.alloc(32) },
        (await findSessionUser(db, b.id))!,
        input,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe(`the database enforces status transitions (${engine})`, () => {
  it('refuses to revive a cancelled booking or to complete one nobody checked in to', async () => {
    const db = t.database.db;
    const { desks } = await createCenter(db);
    const a = await createUser(db);
    const [row] = await db
      .insert(bookings)
      .values({ deskId: desks[0]!.id, userId: a.id, createdById: a.id, startsAt: at('15:00'), endsAt: at('16:00') })
      .returning();
    const skip = await db
      .update(bookings)
      .set({ status: 'completed' })
      .where(eq(bookings.id, row!.id))
      .catch((e: unknown) => e);
    expect(pgErrorOf(skip)?.code).toBe('23514');
    await db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, row!.id));
    const revive = await db
      .update(bookings)
      .set({ status: 'booked' })
      .where(eq(bookings.id, row!.id))
      .catch((e: unknown) => e);
    expect(pgErrorOf(revive)?.code).toBe('23514');
  });
});
