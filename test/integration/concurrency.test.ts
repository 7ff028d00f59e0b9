import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
