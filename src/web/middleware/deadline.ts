import type { NextFunction, Request, Response } from 'express';
import { sendUnavailable } from './errors.js';

/**
 * A request can never hold the server: if it has not answered within `ms`, it gets 503
 * "temporarily unavailable" (with Retry-After) and its connection is let go. The handler's own
 * work cannot be cancelled, but whatever it sends afterwards is dropped by the error handler.
 */
export function requestDeadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.writableEnded) return;
      req.log?.warn({ ms, url: req.originalUrl }, 'request ran past its deadline');
      if (res.headersSent) {
        // Half a response (a stream) cannot become a 503: end the connection instead.
        res.destroy();
        return;
      }
      res.set('Connection', 'close');
      sendUnavailable(req, res, 'timeout');
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
