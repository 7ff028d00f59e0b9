import passportModule from 'passport';
import type { Database } from '../db/client.js';
import { findSessionUser, type SessionUser } from './users.js';

export type Authenticator = InstanceType<typeof passportModule.Authenticator>;

declare global {
  namespace Express {
    interface User extends SessionUser {}
  }
}

/**
 * A Passport instance of the app's own (not the global singleton), so several apps can run in
 * one process. It only keeps the signed-in user in the session: the password check is
 * `signIn` (src/auth/authenticate.ts), with its throttle and the second factor, and there is
 * no other way in.
 */
export function createPassport(db: Database): Authenticator {
  const passport = new passportModule.Authenticator();
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    findSessionUser(db, id).then((user) => done(null, user ?? false), done);
  });
  return passport;
}
