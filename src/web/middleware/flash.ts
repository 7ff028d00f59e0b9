import type { NextFunction, Request, Response } from 'express';
import type { Message } from '../../errors.js';

declare module 'express-session' {
  interface SessionData {
    flash?: Message;
    returnTo?: string;
  }
}

/** Leaves a message for the next page (post-redirect-get). */
export function flash(req: Request, message: Message): void {
  req.session.flash = message;
}

/** Moves a waiting message into the page and forgets it. */
export function flashMiddleware(req: Request, res: Response, next: NextFunction): void {
  const message = req.session?.flash;
  if (message) {
    res.locals.flash = req.t(message.key, message.params);
    delete req.session.flash;
  }
  next();
}
