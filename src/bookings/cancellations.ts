import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookings } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import { bookingPayload, enqueueEvent } from '../webhooks/events.js';
import { noticeParams } from './notices.js';
import { ACTIVE_STATUSES, type BookingRow, recordEvent } from './repository.js';

export interface CancelOptions {
  actorId: number;
  /** Why, for the audit trail. */
  reason: string;
  at: Date;
  /** The notice its holder gets, if any. */
  notice?: (booking: BookingRow) => { key: string; params: Record<string, string | number> };
}

/**
 * Cancels every booking that still holds its desk and matches `where`, inside the caller's
 * transaction: each with its audit entry (from its real status) and its holder's notice.
 * One place for closures, leave and the rest of a series.
 */
export async function cancelMatching(
  tx: Database,
  where: SQL | undefined,
  options: CancelOptions,
): Promise<BookingRow[]> {
  const rows = await tx
    .select()
    .from(bookings)
    .where(and(where, inArray(bookings.status, [...ACTIVE_STATUSES])))
    .for('update');
  const cancelled: BookingRow[] = [];
  for (const row of rows) {
    const [done] = await tx
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: options.at, cancelledById: options.actorId })
      .where(and(eq(bookings.id, row.id), eq(bookings.status, row.status)))
      .returning();
    if (!done) continue;
    cancelled.push(done);
    await recordEvent(tx, {
      bookingId: done.id,
      fromStatus: row.status,
      toStatus: 'cancelled',
      actorId: options.actorId,
      reason: options.reason,
      at: options.at,
    });
    await enqueueEvent(tx, {
      type: 'booking.cancelled',
      userId: done.userId,
      data: bookingPayload(done),
      at: options.at,
    });
    const notice = options.notice?.(done);
    if (notice) {
      await addNotification(tx, done.userId, notice.key, notice.params, options.at);
      // The holder who is told also gets the calendar's cancellation, so the event leaves their calendar.
      await enqueueMail(tx, {
        userId: done.userId,
        template: 'booking.cancelled',
        params: noticeParams(done),
        at: options.at,
        ics: { bookingId: done.id, method: 'CANCEL' },
      });
    }
  }
  return cancelled;
}
