import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

/**
 * Throttles failed sign-ins per client IP over 15 minutes. Successful ones do not count, so a
 * shared office address is not locked out by its colleagues' logins.
 */
export function failedSignInLimiter(limit: number, onLimited: (req: Request, res: Response) => void): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: onLimited,
  });
}
