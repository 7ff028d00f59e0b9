import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import * as s from '../../src/db/schema.js';
import { DEMO_PASSWORD } from '../../src/demo/data.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { TestClock } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

describe('demo data', () => {
  it('creates realistic centers, demo logins and bookings once, and changes nothing when run again', async () => {
    const db = t.database.db;
    const clock = new TestClock();
    expect(await seedDemoData(db, clock, { withUsers: true })).toEqual({ seeded: true });

    const centers = await db.select().from(s.centers);
    expect(centers.length).toBeGreaterThanOrEqual(6);
    for (const c of centers) {
      expect(c.lat).toBeGreaterThan(37.2);
      expect(c.lat).toBeLessThan(37.8);
      const zoneRows = await db.select().from(s.zones).where(eq(s.zones.centerId, c.id));
      expect(zoneRows.length).toBeGreaterThanOrEqual(3);
      const deskRows = await db
        .select({ kind: s.desks.kind })
        .from(s.desks)
        .innerJoin(s.zones, eq(s.desks.zoneId, s.zones.id))
        .where(eq(s.zones.centerId, c.id));
      const deskCount = deskRows.filter((d) => d.kind === 'desk').length;
      expect(deskCount).toBeGreaterThanOrEqual(20);
      expect(deskCount).toBeLessThanOrEqual(60);
    }
    const zones = await db.select().from(s.zones);
    expect(zones.some((z) => z.network === 'government')).toBe(true);
    expect(zones.some((z) => z.network === 'internet')).toBe(true);
    expect(zones.some((z) => z.partnerOrganisationId !== null)).toBe(true);
    const desks = await db.select().from(s.desks);
    expect(desks.some((d) => d.features.includes('accessible'))).toBe(true);
    expect(desks.some((d) => d.features.includes('height_adjustable'))).toBe(true);
    expect(desks.some((d) => d.kind === 'nursing_room')).toBe(true);

    const users = await db.select().from(s.users);
    for (const role of ['employee', 'manager', 'operator', 'admin'] as const) {
      const u = users.find((x) => x.username === role);
      expect(u?.role).toBe(role);
      expect(await verifyPassword(u!.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    const team = (await db.select().from(s.teams)).find(
      (x) => x.managerId === users.find((u) => u.username === 'manager')!.id,
    );
    expect(users.filter((u) => u.teamId === team?.id).length).toBeGreaterThanOrEqual(2);
    const [bookingCount] = await db.select({ n: count() }).from(s.bookings);
    expect(bookingCount!.n).toBeGreaterThan(0);

    const before = await Promise.all(
      [s.centers, s.zones, s.desks, s.users, s.bookings].map(
        async (tbl) => (await db.select({ n: count() }).from(tbl))[0]!.n,
      ),
    );
    expect(await seedDemoData(db, clock, { withUsers: true })).toEqual({ seeded: false });
    const after = await Promise.all(
      [s.centers, s.zones, s.desks, s.users, s.bookings].map(
        async (tbl) => (await db.select({ n: count() }).from(tbl))[0]!.n,
      ),
    );
    expect(after).toEqual(before);
  });
});

describe('production seeding', () => {
  it('creates no demo user', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoData(other.database.db, new TestClock(), { withUsers: false });
      const [users] = await other.database.db.select({ n: count() }).from(s.users);
      expect(users!.n).toBe(0);
    } finally {
      await other.destroy();
    }
  });
});
