import { eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { apiTokens, organisations, users } from '../db/schema.js';

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

// Read on every signed-in request: built once.
const sessionUserById = preparedFor((db) =>
  db
    .select(sessionUserColumns)
    .from(users)
    .innerJoin(organisations, eq(users.organisationId, organisations.id))
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('session_user'),
);

export async function findSessionUser(db: Database, id: number): Promise<SessionUser | undefined> {
  const [row] = await sessionUserById(db).execute({ id });
  return activeSessionUser(row);
}

/**
 * The person behind an API token in one statement (the token, its owner and the owner's
 * organisation), with when the token was last used; undefined for an unknown or refused token
 * or a deactivated owner. `valid` is the token's own condition.
 */
export async function findTokenOwner(
  db: Database,
  valid: SQL | undefined,
): Promise<{ user: SessionUser; lastUsedAt: Date | null } | undefined> {
  const [row] = await db
    .select({ ...sessionUserColumns, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(apiTokens.userId, users.id))
    .innerJoin(organisations, eq(users.organisationId, organisations.id))
    .where(valid);
  if (!row) return undefined;
  const { lastUsedAt, ...person } = row;
  const user = activeSessionUser(person);
  return user ? { user, lastUsedAt } : undefined;
}

function activeSessionUser(row: (SessionUser & { disabled: boolean }) | undefined): SessionUser | undefined {
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
