import type { NextFunction, Request, Response } from 'express';
import { authenticateToken } from '../auth/api-tokens.js';
import type { SessionUser } from '../auth/users.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../time/seoul.js';
import { apiLocale, problemOf, sendProblem } from './problem.js';

declare global {
  namespace Express {
    interface Request {
      apiUser?: SessionUser;
      /** A bearer token was sent and checked (valid or not), so it is not looked up twice. */
      apiTokenChecked?: boolean;
    }
  }
}

/** Checks a bearer token once, at the start of the API, so limits can count per person; refuses nothing itself. */
export function identifyCaller(db: Database, clock: Clock) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (match?.[1]) {
      req.apiUser = await authenticateToken(db, match[1], clock.now());
      req.apiTokenChecked = true;
    }
    next();
  };
}

/**
 * Bearer tokens only: the API never looks at the session cookie, so it needs no CSRF token.
 * `optional` lets open-data operations answer anonymously and personalise with a token; a token
 * that is sent but wrong is always a 401, never silently anonymous.
 */
export function bearerAuth(db: Database, clock: Clock, options: { optional?: boolean } = {}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header && options.optional) {
      next();
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const user = req.apiTokenChecked || !match?.[1] ? req.apiUser : await authenticateToken(db, match[1], clock.now());
    if (!user) {
      res.set('WWW-Authenticate', `Bearer realm="smart-work-seoul"${match ? ', error="invalid_token"' : ''}`);
      sendProblem(res, problemOf(apiLocale(req), 'unauthorized', match ? 'api.tokenInvalid' : 'api.tokenMissing'));
      return;
    }
    req.apiUser = user;
    next();
  };
}
