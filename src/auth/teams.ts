import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { approvalDelegations, teams, users } from '../db/schema.js';

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

/**
 * Whether `actorId` decides for `userId` on `date`: as the manager of their team, or as the
 * acting manager that manager delegated to for a period covering the date.
 */
export async function mayApproveFor(db: Database, actorId: number, userId: number, date: string): Promise<boolean> {
  if (await isManagerOf(db, actorId, userId)) return true;
  const rows = await db
    .select({ id: approvalDelegations.id })
    .from(approvalDelegations)
    .innerJoin(teams, eq(teams.managerId, approvalDelegations.managerId))
    .innerJoin(users, eq(users.teamId, teams.id))
    .where(
      and(
        eq(approvalDelegations.delegateId, actorId),
        eq(users.id, userId),
        lte(approvalDelegations.startsOn, date),
        gte(approvalDelegations.endsOn, date),
      ),
    );
  return rows.length > 0;
}

export function delegationsOf(db: Database, managerId: number) {
  return db
    .select({
      id: approvalDelegations.id,
      startsOn: approvalDelegations.startsOn,
      endsOn: approvalDelegations.endsOn,
      delegate: users.displayName,
      delegateEn: users.displayNameEn,
      username: users.username,
    })
    .from(approvalDelegations)
    .innerJoin(users, eq(approvalDelegations.delegateId, users.id))
    .where(eq(approvalDelegations.managerId, managerId))
    .orderBy(asc(approvalDelegations.startsOn));
}

export async function delegate(
  db: Database,
  managerId: number,
  delegateUsername: string,
  startsOn: string,
  endsOn: string,
): Promise<boolean> {
  const [person] = await db.select({ id: users.id }).from(users).where(eq(users.username, delegateUsername));
  if (!person || person.id === managerId) return false;
  await db.insert(approvalDelegations).values({ managerId, delegateId: person.id, startsOn, endsOn });
  return true;
}

export async function removeDelegation(db: Database, managerId: number, id: number): Promise<void> {
  await db
    .delete(approvalDelegations)
    .where(and(eq(approvalDelegations.id, id), eq(approvalDelegations.managerId, managerId)));
}

/** The manager of a person's team, if any. */
export async function managerOf(db: Database, userId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ managerId: teams.managerId })
    .from(users)
    .innerJoin(teams, eq(users.teamId, teams.id))
    .where(eq(users.id, userId));
  return row?.managerId ?? undefined;
}
