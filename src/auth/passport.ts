import type { Request, Response } from 'express';
import passportModule from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../db/client.js';
import type { Clock } from '../time/seoul.js';
import { type SignInResult, signIn } from './authenticate.js';
import type { ThrottlePolicy } from './sign-in-throttle.js';
import { findSessionUser, type SessionUser } from './users.js';

export type Authenticator = InstanceType<typeof passportModule.Authenticator>;

declare global {
  namespace Express {
    interface User extends SessionUser {}
  }
}

/**
 * A Passport instance of the app's own (not the global singleton), so several apps can run in
 * one process. Its one strategy, passport-local, checks the password through `signIn`
 * (src/auth/authenticate.ts) with its shared throttle; the second factor follows in the
 * sign-in routes. There is no other way in.
 */
export function createPassport(db: Database, clock: Clock, policy: ThrottlePolicy): Authenticator {
  const passport = new passportModule.Authenticator();
  passport.use(
    'local',
    new LocalStrategy({ passReqToCallback: true, session: false }, (req, username, password, done) => {
      signIn(db, { username, password, ip: req.ip ?? '', now: clock.now() }, policy).then(
        // passport-local's info type is only { message }; the decision travels beside it.
        (result) => done(null, result.kind === 'ok' ? result.user : false, { message: result.kind, result } as never),
        done,
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    findSessionUser(db, id).then((user) => done(null, user ?? false), done);
  });
  return passport;
}

/** Runs the local strategy for a request and gives back what `signIn` decided (ok, failed or throttled). */
export function passwordSignIn(passport: Authenticator, req: Request, res: Response): Promise<SignInResult> {
  return new Promise((resolve, reject) => {
    passport.authenticate(
      'local',
      { session: false },
      (err: unknown, _user: unknown, info: { result?: SignInResult }) => {
        if (err) return reject(err);
        resolve(info?.result ?? { kind: 'failed' });
      },
    )(req, res, reject);
  });
}
