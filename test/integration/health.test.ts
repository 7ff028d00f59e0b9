import { describe, expect, it } from 'vitest';
import { serveApp, TestClock } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

describe('GET /healthz', () => {
  it('answers 200 while the database answers and 503 once it does not', async () => {
    const testDb = await createTestDatabase();
    const app = await serveApp(testDb.database, new TestClock());
    try {
      const ok = await fetch(`${app.baseUrl}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok' });
      await testDb.database.close();
      const down = await fetch(`${app.baseUrl}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable' });
    } finally {
      await app.close();
      await testDb.destroy();
    }
  });
});
