import { eq, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { findBookingListItem } from '../bookings/list-repository.js';
import { type Database, queryRows } from '../db/client.js';
import { mailOutbox } from '../db/schema.js';
import { isLocale, translate } from '../i18n/index.js';
import type { Clock } from '../time/seoul.js';
import { bookingInvitation } from './invitation.js';
import { isMailTemplate } from './kinds.js';
import type { MailRenderer } from './render.js';

/** A mail is retried for two days, then marked failed. */
export const RETRY_FOR_MS = 48 * 3_600_000;
/** A claimed mail is one process's for this long; if that process dies, another takes it after. */
const LEASE_MS = 120_000;

/** Exponential backoff: 1 min, 2 min, 4 min, … at most an hour between tries. */
export function mailBackoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface MailDeps {
  db: Database;
  clock: Clock;
  renderer: MailRenderer;
  /** null: no SMTP_URL, mail is kept in the outbox for the development mailbox. */
  transport: Transporter | null;
  from: { name: string; address: string };
  publicUrl: string;
}

interface Claimed {
  id: number;
  user_id: number;
  to_address: string;
  locale: string;
  template: string;
  params: unknown;
  ics_booking_id: number | null;
  ics_method: 'REQUEST' | 'CANCEL' | null;
  ics_sequence: number | null;
  attempts: number;
  created_at: string | Date;
}

/**
 * Sends what is due from the mail outbox. Rows are claimed with a lease in one statement
 * (SKIP LOCKED), so however many processes run this, each mail is attempted by one of them at
 * a time, and a mail the server accepted is never sent again; SMTP happens outside any
 * transaction. Without a transport, due mail is marked kept (shown at /dev/mail).
 */
export async function deliverMail(
  deps: MailDeps,
  limit = 20,
): Promise<{ sent: number; kept: number; retrying: number; failed: number }> {
  const now = deps.clock.now();
  const claimed = await queryRows<Claimed>(
    deps.db,
    sql`update mail_outbox
           set lease_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz, attempts = attempts + 1
         where id in (
           select id from mail_outbox
            where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
              and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz)
            order by next_attempt_at, id
            limit ${limit}
            for update skip locked)
        returning id, user_id, to_address, locale, template, params, ics_booking_id, ics_method, ics_sequence, attempts, created_at`,
  );
  const result = { sent: 0, kept: 0, retrying: 0, failed: 0 };
  for (const row of claimed) {
    if (!deps.transport) {
      await deps.db.update(mailOutbox).set({ status: 'kept', leaseUntil: null }).where(eq(mailOutbox.id, row.id));
      result.kept++;
      continue;
    }
    let error: string | null = null;
    try {
      const message = await composeMail(deps, row);
      await deps.transport.sendMail({
        from: deps.from,
        to: row.to_address,
        ...message,
      });
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 200) : 'sending failed';
    }
    const at = deps.clock.now();
    if (error === null) {
      await deps.db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: at, lastError: null, leaseUntil: null })
        .where(eq(mailOutbox.id, row.id));
      result.sent++;
      continue;
    }
    const givesUp = at.getTime() - new Date(row.created_at).getTime() >= RETRY_FOR_MS;
    await deps.db
      .update(mailOutbox)
      .set({
        status: givesUp ? 'failed' : 'pending',
        nextAttemptAt: new Date(at.getTime() + mailBackoffMs(row.attempts)),
        lastError: error,
        leaseUntil: null,
      })
      .where(eq(mailOutbox.id, row.id));
    if (givesUp) result.failed++;
    else result.retrying++;
  }
  return result;
}

/** Subject, text, HTML, the unsubscribe headers and the invitation of one outbox row. */
export async function composeMail(
  deps: Pick<MailDeps, 'db' | 'renderer' | 'from' | 'publicUrl'>,
  row: Pick<
    Claimed,
    | 'id'
    | 'to_address'
    | 'locale'
    | 'template'
    | 'params'
    | 'ics_booking_id'
    | 'ics_method'
    | 'ics_sequence'
    | 'created_at'
  >,
) {
  if (!isMailTemplate(row.template)) throw new Error(`unknown mail template ${row.template}`);
  const locale = isLocale(row.locale) ? row.locale : 'ko';
  const params = (typeof row.params === 'string' ? JSON.parse(row.params) : row.params) as Record<string, unknown>;
  const item = row.ics_booking_id === null ? undefined : await findBookingListItem(deps.db, row.ics_booking_id);
  const details = item
    ? [
        {
          label: translate(locale, 'mail.detail.where'),
          value: `${locale === 'en' ? item.centerNameEn : item.centerName} · ${locale === 'en' ? item.zoneNameEn : item.zoneName} · ${item.deskLabel}`,
        },
      ]
    : [];
  const rendered = await deps.renderer.render({ id: row.id, template: row.template, locale, params, details });
  const invitation =
    item && row.ics_method
      ? bookingInvitation(item, {
          method: row.ics_method,
          sequence: row.ics_sequence ?? 0,
          // DTSTAMP: when this message was written, i.e. when the change committed.
          stamp: new Date(row.created_at),
          locale,
          publicUrl: deps.publicUrl,
          organizer: { name: deps.from.name, email: deps.from.address },
          attendee: row.to_address,
        })
      : undefined;
  return {
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: rendered.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${rendered.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {},
    ...(invitation ? { icalEvent: { method: row.ics_method!, content: invitation, filename: 'invite.ics' } } : {}),
  };
}
