import { and, eq, gte, sum } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { userBenefits } from '../db/schema.js';

/** Extra days a person may book ahead through the pilot programmes they take part in today. */
export async function extraHorizonDays(db: Database, userId: number, today: string): Promise<number> {
  const [row] = await db
    .select({ days: sum(userBenefits.extraHorizonDays) })
    .from(userBenefits)
    .where(and(eq(userBenefits.userId, userId), gte(userBenefits.endsOn, today)));
  return Number(row?.days ?? 0);
}
