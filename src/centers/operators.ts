import { and, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import type { Database } from '../db/client.js';
import { centerOperators } from '../db/schema.js';

/** Admins run every center; operators run the centers they are assigned to; nobody else runs any. */
export async function mayOperate(
  db: Database,
  user: Pick<SessionUser, 'id' | 'role'>,
  centerId: number,
): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'operator') return false;
  const [row] = await db
    .select({ centerId: centerOperators.centerId })
    .from(centerOperators)
    .where(and(eq(centerOperators.centerId, centerId), eq(centerOperators.userId, user.id)));
  return row !== undefined;
}

/** The centers a user runs: all for an admin (undefined), the assigned ones for an operator. */
export async function operatedCenterIds(
  db: Database,
  user: Pick<SessionUser, 'id' | 'role'>,
): Promise<number[] | undefined> {
  if (user.role === 'admin') return undefined;
  if (user.role !== 'operator') return [];
  const rows = await db
    .select({ centerId: centerOperators.centerId })
    .from(centerOperators)
    .where(eq(centerOperators.userId, user.id));
  return rows.map((r) => r.centerId);
}
