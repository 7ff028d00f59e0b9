import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../errors.js';
import { findForbiddenString, hasForbiddenCharacters } from '../../validation/input.js';

/**
 * Refuses (400) a request whose path, query or body holds a character no field accepts (NUL
 * and other controls, broken UTF-16): PostgreSQL would refuse it later with a 500 (22021).
 * Runs after body parsing, before any router; the routers still parse each field with
 * src/validation/input.ts.
 */
export function rejectForbiddenInput(req: Request, _res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    next(new DomainError('error.badInput'));
    return;
  }
  if (
    hasForbiddenCharacters(path) ||
    findForbiddenString(req.query) !== undefined ||
    findForbiddenString(req.body) !== undefined
  ) {
    next(new DomainError('error.badInput'));
    return;
  }
  next();
}
