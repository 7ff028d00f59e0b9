import { and, eq, ne, sql } from 'drizzle-orm';
import { type Database, inTransaction } from '../db/client.js';
import { users } from '../db/schema.js';
import type { Locale } from '../i18n/index.js';
import { isMailTemplate, MAIL_KINDS, MAIL_TEMPLATES, type MailKind } from './kinds.js';
import { findMail, useUnsubscribeLink } from './outbox.js';

export interface MailSettings {
  email: string | null;
  off: MailKind[];
}

export async function mailSettingsOf(db: Database, userId: number): Promise<MailSettings> {
  const [row] = await db.select({ email: users.email, off: users.mailOff }).from(users).where(eq(users.id, userId));
  return {
    email: row?.email ?? null,
    off: (row?.off ?? []).filter((k): k is MailKind => MAIL_KINDS.includes(k as MailKind)),
  };
}

export async function saveMailSettings(db: Database, userId: number, settings: MailSettings): Promise<void> {
  await db.update(users).set({ email: settings.email, mailOff: settings.off }).where(eq(users.id, userId));
}

/** The language mail is written in follows the one the person last chose while signed in. */
export async function rememberLocale(db: Database, userId: number, locale: Locale): Promise<void> {
  await db
    .update(users)
    .set({ locale })
    .where(and(eq(users.id, userId), ne(users.locale, locale)));
}

/**
 * Uses one mail's unsubscribe link: turns that kind of mail off for its person. Each link works
 * once ('used' after), needs no session, and security mail has none.
 */
export async function unsubscribe(
  db: Database,
  mailId: number,
  at: Date,
): Promise<{ outcome: 'done' | 'used' | 'invalid'; kind?: MailKind }> {
  return inTransaction(db, async (tx) => {
    const mail = await findMail(tx, mailId);
    const kind = mail && isMailTemplate(mail.template) ? MAIL_TEMPLATES[mail.template].kind : null;
    if (!mail || kind === null) return { outcome: 'invalid' };
    if (!(await useUnsubscribeLink(tx, mailId, at))) return { outcome: 'used', kind };
    await tx
      .update(users)
      .set({ mailOff: sql`array_append(array_remove(${users.mailOff}, ${kind}), ${kind})` })
      .where(eq(users.id, mail.userId));
    return { outcome: 'done', kind };
  });
}

/** Whether an unsubscribe link is still unused, and the kind it is for (for the confirmation page). */
export async function unsubscribeLinkState(
  db: Database,
  mailId: number,
): Promise<{ outcome: 'ready' | 'used' | 'invalid'; kind?: MailKind }> {
  const mail = await findMail(db, mailId);
  const kind = mail && isMailTemplate(mail.template) ? MAIL_TEMPLATES[mail.template].kind : null;
  if (!mail || kind === null) return { outcome: 'invalid' };
  return { outcome: mail.unsubscribedAt ? 'used' : 'ready', kind };
}
