import { and, desc, eq, sql } from 'drizzle-orm';
import { changeStamps } from '../bookings/repository.js';
import type { Database } from '../db/client.js';
import { mailOutbox, users } from '../db/schema.js';
import { isLocale } from '../i18n/index.js';
import { MAIL_TEMPLATES, type MailTemplate } from './kinds.js';

export interface MailRequest {
  userId: number;
  template: MailTemplate;
  params: Record<string, string | number>;
  at: Date;
  /** The booking goes along as a calendar invitation: REQUEST when made or changed, CANCEL when cancelled. */
  ics?: { bookingId: number; method: 'REQUEST' | 'CANCEL' };
  /** The booking the mail is about, for its where (without an invitation). */
  bookingId?: number;
}

/**
 * Puts one mail in the outbox, inside the caller's transaction (next to its addNotification):
 * the mail exists exactly when the change it tells of has committed. Nothing is written for
 * someone without an address or who turned this kind of mail off. Returns whether it was.
 */
export async function enqueueMail(tx: Database, mail: MailRequest): Promise<boolean> {
  const [person] = await tx
    .select({ email: users.email, locale: users.locale, mailOff: users.mailOff, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, mail.userId));
  if (!person?.email || person.disabled) return false;
  const kind = MAIL_TEMPLATES[mail.template].kind;
  if (kind !== null && person.mailOff.includes(kind)) return false;
  // The audit trail already holds this change, so its count is the SEQUENCE calendars compare.
  const sequence = mail.ics
    ? ((await changeStamps(tx, [mail.ics.bookingId])).get(mail.ics.bookingId)?.sequence ?? 0)
    : null;
  await tx.insert(mailOutbox).values({
    userId: mail.userId,
    toAddress: person.email,
    locale: isLocale(person.locale) ? person.locale : 'ko',
    template: mail.template,
    params: mail.params,
    icsBookingId: mail.ics?.bookingId ?? mail.bookingId ?? null,
    icsMethod: mail.ics?.method ?? null,
    icsSequence: sequence,
    nextAttemptAt: mail.at,
    createdAt: mail.at,
  });
  return true;
}

export type OutboxRow = typeof mailOutbox.$inferSelect;

/** The development mailbox: the latest messages, newest first. */
export function latestMail(db: Database, limit = 100): Promise<OutboxRow[]> {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit);
}

export async function findMail(db: Database, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

/** Marks a mail's unsubscribe link used; false when it already was (each link works once). */
export async function useUnsubscribeLink(db: Database, mailId: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ unsubscribedAt: at })
    .where(and(eq(mailOutbox.id, mailId), sql`${mailOutbox.unsubscribedAt} is null`))
    .returning({ id: mailOutbox.id });
  return rows.length > 0;
}
