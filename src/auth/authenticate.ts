import type { Database } from '../db/client.js';
import { timingDummyHash, verifyPassword } from './password.js';
import {
  clearAccountFailures,
  DEFAULT_THROTTLE,
  recordSignInFailure,
  signInWaitMs,
  type ThrottlePolicy,
} from './sign-in-throttle.js';
import { findCredentials, findSessionUser, normaliseUsername, type SessionUser } from './users.js';

/**
 * The one password check. An unknown username costs the same hash as a known one, so timing
 * does not tell which usernames exist. Callers outside sign-in (re-authentication) use it
 * directly; sign-in goes through `signIn`, which adds the throttle.
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

export type SignInResult =
  | { kind: 'ok'; user: SessionUser }
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Sign-in with the throttle of `sign-in-throttle.ts`, for the login form and the API's token
 * endpoint alike: a throttled attempt is refused before the password is looked at, a failure
 * is counted against the account and the address, a success is never counted.
 */
export async function signIn(
  db: Database,
  input: { username: string; password: string; ip: string; now: Date },
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<SignInResult> {
  const username = normaliseUsername(input.username);
  const wait = await signInWaitMs(db, username, input.ip, input.now, policy);
  if (wait > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
  const user = await authenticateWithPassword(db, username, input.password);
  if (!user) {
    await recordSignInFailure(db, username, input.ip, input.now, policy);
    return { kind: 'failed' };
  }
  return { kind: 'ok', user };
}

/** After the whole sign-in (password and, when asked, the second factor) succeeded. */
export function signInSucceeded(db: Database, username: string): Promise<void> {
  return clearAccountFailures(db, normaliseUsername(username));
}
