import { and, eq, gte, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { findDeskContext } from '../centers/repository.js';
import { type Database, inTransaction } from '../db/client.js';
import { bookingSeries, bookings } from '../db/schema.js';
import { DomainError, ForbiddenError, NotFoundError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { sharesCenterFrom } from '../partners/repository.js';
import { type ChangeEvent, publishAll } from '../realtime/bus.js';
import { addDaysToDate, seoulDate, seoulInstant } from '../time/seoul.js';
import { admit, type BookRequest, book, refusalMessage } from './book.js';
import { cancelMatching } from './cancellations.js';
import { noticeParams } from './notices.js';
import { expandRrule, lastDateOf } from './series-rules.js';
import type { BookingDeps } from './service.js';

export interface SeriesRequest {
  deskId: number;
  /** The first occurrence's date (the rule's DTSTART). */
  firstDate: string;
  /** An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T235959Z. */
  rrule: string;
  start: number;
  end: number;
}

export interface SeriesPlan {
  free: string[];
  /** Dates that cannot be booked, with why: the same refusal a single booking would get. */
  blocked: { date: string; key: string; params?: Record<string, string | number> }[];
}

/** One occurrence as a request to the admission path. */
function occurrence(user: SessionUser, req: SeriesRequest, date: string, seriesId?: number): BookRequest {
  return {
    source: 'series',
    actorId: user.id,
    personId: user.id,
    deskId: req.deskId,
    date,
    start: req.start,
    end: req.end,
    seriesId,
    reason: seriesId === undefined ? undefined : `series ${seriesId}`,
  };
}

/**
 * Works out every occurrence of a repeating booking before anything is written: each date
 * goes through the same admission path as a single booking (horizon, closures, leave, weekly
 * hours, holds, overlaps…), so the preview says exactly which dates will be booked and why the
 * others will not.
 */
export async function planSeries(deps: BookingDeps, user: SessionUser, req: SeriesRequest): Promise<SeriesPlan> {
  const context = await findDeskContext(deps.db, req.deskId);
  if (!context?.desk.active || context.desk.outOfService)
    throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  const shares = await sharesCenterFrom(deps.db, user, context.center.id, req.firstDate);
  if (!mayUseZone(user, context.zone, shares)) throw new ForbiddenError('booking.error.zoneNotAllowed', {}, 'deskId');
  const plan: SeriesPlan = { free: [], blocked: [] };
  for (const date of expandRrule(req.rrule, req.firstDate)) {
    try {
      await admit(deps.db, deps, occurrence(user, req, date), { preview: true });
      plan.free.push(date);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      plan.blocked.push({ date, ...refusalMessage(err) });
    }
  }
  return plan;
}

/**
 * Books the chosen occurrences as one series (one rule, its occurrences as bookings) in one
 * transaction, each through the admission path. An occurrence refused meanwhile (taken, a new
 * closure…) is skipped and reported.
 */
export async function bookSeries(deps: BookingDeps, user: SessionUser, req: SeriesRequest, dates: readonly string[]) {
  const now = deps.clock.now();
  const events: ChangeEvent[] = [];
  const result = await inTransaction(deps.db, async (tx) => {
    const [series] = await tx
      .insert(bookingSeries)
      .values({
        userId: user.id,
        deskId: req.deskId,
        rrule: req.rrule,
        startMinute: req.start,
        endMinute: req.end,
        firstDate: req.firstDate,
        untilDate: lastDateOf(expandRrule(req.rrule, req.firstDate), req.firstDate),
      })
      .returning();
    const booked: string[] = [];
    const lost: string[] = [];
    for (const date of dates) {
      try {
        const outcome = await book(tx, deps, occurrence(user, req, date, series!.id));
        events.push(...outcome.events);
        booked.push(date);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        lost.push(date);
      }
    }
    await addNotification(
      tx,
      user.id,
      'notice.seriesBooked',
      { count: booked.length, until: lastDateOf(booked, req.firstDate), rrule: req.rrule },
      now,
    );
    return { seriesId: series!.id, booked, lost };
  });
  await publishAll(deps.events, events);
  return result;
}

/**
 * Cancels the person's occurrences of a series from a date on (all that have not started when
 * no date is given). Earlier occurrences stay; the series then ends the day before.
 */
export async function cancelRestOfSeries(
  deps: BookingDeps,
  user: SessionUser,
  seriesId: number,
  fromDate?: string,
): Promise<number> {
  const now = deps.clock.now();
  const [series] = await deps.db
    .select()
    .from(bookingSeries)
    .where(and(eq(bookingSeries.id, seriesId), eq(bookingSeries.userId, user.id), isNull(bookingSeries.cancelledAt)));
  if (!series) throw new NotFoundError('booking.error.notFound');
  const from = fromDate && seoulInstant(fromDate, 0) > now ? seoulInstant(fromDate, 0) : now;
  const cancelled = await inTransaction(deps.db, async (tx) => {
    if (from === now) await tx.update(bookingSeries).set({ cancelledAt: now }).where(eq(bookingSeries.id, seriesId));
    else
      await tx
        .update(bookingSeries)
        .set({ untilDate: addDaysToDate(fromDate!, -1) })
        .where(eq(bookingSeries.id, seriesId));
    const rows = await cancelMatching(
      tx,
      and(
        eq(bookings.seriesId, seriesId),
        eq(bookings.userId, user.id),
        eq(bookings.status, 'booked'),
        gte(bookings.startsAt, from),
      ),
      { actorId: user.id, reason: `series cancelled from ${seoulDate(from)}`, at: now },
    );
    if (rows[0])
      await addNotification(
        tx,
        user.id,
        'notice.seriesCancelled',
        { count: rows.length, ...noticeParams(rows[0]) },
        now,
      );
    return rows.length;
  });
  const context = await findDeskContext(deps.db, series.deskId);
  if (context) await publishAll(deps.events, [{ type: 'center', centerId: context.center.id }]);
  return cancelled;
}

/** One of the person's series; someone else's is not found. */
export async function findSeries(db: Database, id: number, userId: number) {
  const [row] = await db
    .select()
    .from(bookingSeries)
    .where(and(eq(bookingSeries.id, id), eq(bookingSeries.userId, userId)));
  return row;
}
