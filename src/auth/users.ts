import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { organisations, users } from '../db/schema.js';

export type Role = (typeof users.$inferSelect)['role'];

/** What the app knows of the signed-in person on every request; never includes the password hash. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  displayNameEn: string;
  role: Role;
  organisationId: number;
  organisationKind: 'public' | 'private' | 'civilian';
  organisationName: string;
  organisationNameEn: string;
  teamId: number | null;
}

const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  displayNameEn: users.displayNameEn,
  role: users.role,
  organisationId: users.organisationId,
  organisationKind: organisations.kind,
  organisationName: organisations.name,
  organisationNameEn: organisations.nameEn,
  teamId: users.teamId,
  disabled: users.disabled,
};

export async function findSessionUser(db: Database, id: number): Promise<SessionUser | undefined> {
  const [row] = await db
    .select(sessionUserColumns)
    .from(users)
    .innerJoin(organisations, eq(users.organisationId, organisations.id))
    .where(eq(users.id, id));
  if (!row || row.disabled) return undefined;
  const { disabled: _disabled, ...user } = row;
  return user;
}

export async function findCredentials(
  db: Database,
  username: string,
): Promise<{ id: number; passwordHash: string; disabled: boolean } | undefined> {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.username, username));
  return row;
}

/** Usernames are case-insensitive: stored and looked up in lower case, without surrounding spaces. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function findUserIdByUsername(db: Database, username: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, normaliseUsername(username)));
  return row?.id;
}
