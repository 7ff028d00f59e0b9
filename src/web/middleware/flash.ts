import type { NextFunction, Request, Response } from 'express';
import type { Message } from '../../errors.js';

declare module 'express-session' {
  interface SessionData {
    flash?: Message & { error?: boolean };
    returnTo?: string;
  }
}

/** Leaves a message for the next page (post-redirect-get). */
export function flash(req: Request, message: Message): void {
  req.session.flash = message;
}

/** Leaves a refusal for the next page: shown in the error style (red, announced), never as a success. */
export function flashError(req: Request, message: Message): void {
  req.session.flash = { ...message, error: true };
}

/** Moves a waiting message into the page and forgets it. */
export function flashMiddleware(req: Request, res: Response, next: NextFunction): void {
  const message = req.session?.flash;
  if (message) {
    res.locals.flash = req.t(message.key, message.params);
    res.locals.flashError = message.error === true;
    delete req.session.flash;
  }
  next();
}
