import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { users } from './people.js';

// What reaches a person outside the page they are on: in-app notices, mail, the calendar feed.

/** In-app notices to one person ("your booking moved to desk A-05"), as a message key with parameters. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').notNull().default({}),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_created').on(t.userId, t.createdAt)],
);

/**
 * The mail outbox: one row per message, written in the transaction of the change it tells of,
 * sent after commit by whichever process claims it first (lease + SKIP LOCKED), retried with backoff.
 * The message is rendered when it is sent, in the language stored here.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    template: text('template').notNull(),
    params: jsonb('params').notNull().default({}),
    /**
     * A booking sent as an iTIP invitation (text/calendar): its METHOD and the SEQUENCE it had
     * when the change committed, so that every later change replaces this one in calendars.
     */
    icsBookingId: integer('ics_booking_id'),
    icsMethod: text('ics_method'),
    icsSequence: integer('ics_sequence'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Set when its unsubscribe link was used: each link works once. */
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due').on(t.status, t.nextAttemptAt),
    index('mail_outbox_user').on(t.userId, t.createdAt),
    check('mail_outbox_status', sql`${t.status} in ('pending', 'sent', 'failed', 'kept')`),
    check('mail_outbox_ics_method', sql`${t.icsMethod} is null or ${t.icsMethod} in ('REQUEST', 'CANCEL')`),
  ],
);

/**
 * Scheduled mails already enqueued, by key (`booking:{id}:evening`, `digest:{userId}:{date}`):
 * inserting the key first makes "find what is due once" hold across processes.
 */
export const mailOnce = pgTable('mail_once', {
  key: text('key').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/** The secret of each person's private calendar feed URL; replacing it revokes the old URL. */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
});
