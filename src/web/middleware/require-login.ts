import type { NextFunction, Request, Response } from 'express';
import { type Ability, can } from '../../auth/roles.js';
import { ForbiddenError } from '../../errors.js';
import { flash } from './flash.js';

/** Sends a visitor to the login page and back here afterwards (GET only, so no form is replayed). */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.user) {
    next();
    return;
  }
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  flash(req, { key: 'login.needed' });
  res.redirect(303, '/login');
}

/** A role check for one ability; use after requireLogin. */
export function requireAbility(ability: Ability) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.user && can(req.user.role, ability)) return next();
    next(new ForbiddenError('error.forbidden'));
  };
}
