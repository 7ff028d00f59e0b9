import passportModule from 'passport';

export type Authenticator = InstanceType<typeof passportModule.Authenticator>;

import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../db/client.js';
import { authenticateWithPassword } from './authenticate.js';
import { findSessionUser, type SessionUser } from './users.js';

declare global {
  namespace Express {
    interface User extends SessionUser {}
  }
}

/** A Passport instance of the app's own (not the global singleton), so several apps can run in one process. */
export function createPassport(db: Database): Authenticator {
  const passport = new passportModule.Authenticator();
  passport.use(
    new LocalStrategy({ usernameField: 'username', passwordField: 'password' }, (username, password, done) => {
      authenticateWithPassword(db, username, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    findSessionUser(db, id).then((user) => done(null, user ?? false), done);
  });
  return passport;
}
