import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const TEST_DB_PREFIX = 'sws_test_';

export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database copied from the migrated template; returns its URL and a function that drops it. */
export async function createDatabaseFromTemplate(
  template: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const pid = template.split('_').at(-1);
  const name = `${TEST_DB_PREFIX}${randomBytes(4).toString('hex')}_${pid}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    // Two copies of one template at the same moment can fail with "being accessed by other users": retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        if (attempt >= 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(base, name),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}
