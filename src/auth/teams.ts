import { and, asc, eq, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { teams, users } from '../db/schema.js';

/** The people in the teams a manager leads (not the manager), for booking on their behalf. */
export async function teamMembersOf(db: Database, managerId: number) {
  return db
    .select({ id: users.id, displayName: users.displayName, displayNameEn: users.displayNameEn })
    .from(users)
    .innerJoin(teams, eq(users.teamId, teams.id))
    .where(and(eq(teams.managerId, managerId), ne(users.id, managerId), eq(users.disabled, false)))
    .orderBy(asc(users.displayName));
}

export async function isManagerOf(db: Database, managerId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(teams, eq(users.teamId, teams.id))
    .where(and(eq(teams.managerId, managerId), eq(users.id, userId)));
  return row !== undefined;
}
