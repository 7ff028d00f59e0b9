import type { Database } from '../db/client.js';
import { timingDummyHash, verifyPassword } from './password.js';
import { findCredentials, findSessionUser, normaliseUsername, type SessionUser } from './users.js';

/**
 * The one password check, for the login form and the API's token endpoint alike. An unknown
 * username costs the same hash as a known one, so timing does not tell which usernames exist.
 */
export async function authenticateWithPassword(
  db: Database,
  username: string,
  password: string,
): Promise<SessionUser | undefined> {
  const credentials = await findCredentials(db, normaliseUsername(username));
  const ok = await verifyPassword(credentials?.passwordHash ?? (await timingDummyHash()), password);
  if (!credentials || !ok || credentials.disabled) return undefined;
  return findSessionUser(db, credentials.id);
}
