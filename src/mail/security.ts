import type { Database } from '../db/client.js';
import { formatMinute, seoulDate, seoulMinuteOfDay } from '../time/seoul.js';
import type { MailTemplate } from './kinds.js';
import { enqueueMail } from './outbox.js';

/** The security events a person is always told of by mail (kind null in MAIL_TEMPLATES: no opting out). */
export const SECURITY_EVENTS = {
  passwordChanged: 'security.passwordChanged',
  passkeyAdded: 'security.passkeyAdded',
  authenticatorAdded: 'security.authenticatorAdded',
  ssoLinked: 'security.ssoLinked',
  tokenCreated: 'security.tokenCreated',
} as const satisfies Record<string, MailTemplate>;

export type SecurityEvent = keyof typeof SECURITY_EVENTS;

/**
 * Tells the person by mail that something changed about how their account is reached, inside
 * the caller's transaction (the mail exists exactly when the change has committed). It cannot
 * be turned off: someone who did not make the change learns of it and can act.
 */
export function sendSecurityMail(
  tx: Database,
  userId: number,
  event: SecurityEvent,
  at: Date,
  params: Record<string, string | number> = {},
): Promise<boolean> {
  return enqueueMail(tx, {
    userId,
    template: SECURITY_EVENTS[event],
    params: { date: seoulDate(at), time: formatMinute(seoulMinuteOfDay(at)), ...params },
    at,
  });
}
