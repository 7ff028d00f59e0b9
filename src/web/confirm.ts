import type { Request, Response } from 'express';
import type { Message } from '../errors.js';

/**
 * The one "Are you sure?" page (GOV.UK / KRDS pattern) before a destructive action: what will
 * happen, one warning button that posts the action, and a way back that changes nothing. Pages
 * link to it (GET on the action's own path), so it works without JavaScript.
 */
export interface Confirmation {
  title: Message;
  /** What will happen, in plain words. */
  lead: Message;
  /** The POST that acts. */
  action: string;
  button: Message;
  /** Where "No, go back" leads. */
  back: string;
  /** Form fields the action needs (hidden), e.g. the date a series is cancelled from. */
  fields?: Record<string, string>;
}

export function renderConfirmation(req: Request, res: Response, c: Confirmation): void {
  res.locals.csrfToken ??= req.csrfToken?.();
  res.render('confirm/index', {
    title: req.t(c.title.key, c.title.params),
    lead: req.t(c.lead.key, c.lead.params),
    action: c.action,
    button: req.t(c.button.key, c.button.params),
    back: c.back,
    fields: Object.entries(c.fields ?? {}).map(([name, value]) => ({ name, value })),
  });
}
