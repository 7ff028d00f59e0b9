import { and, eq, gt, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import { findDeskContext } from '../centers/repository.js';
import { type Database, inTransaction, pgErrorOf } from '../db/client.js';
import { bookingSeries, bookings } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { addDaysToDate, seoulDate, seoulInstant } from '../time/seoul.js';
import { absencesBetween } from './absences.js';
import { cancelMatching } from './cancellations.js';
import { noticeParams } from './notices.js';
import { closureOn, modeOf } from './policy.js';
import { activeBookingsBetween, recordEvent } from './repository.js';
import { bookingInstants, checkBookingTimes } from './rules.js';
import { SERIES_MAX_DAYS, seriesDates, seriesRrule } from './series-rules.js';
import type { BookingDeps } from './service.js';

export interface SeriesRequest {
  deskId: number;
  firstDate: string;
  untilDate: string;
  weekdays: number[];
  start: number;
  end: number;
}

export interface SeriesPlan {
  free: string[];
  /** Dates that cannot be booked, with why: taken, your own time, a rule, a closure or your absence. */
  blocked: { date: string; key: string; params?: Record<string, string | number> }[];
}

/**
 * Works out every occurrence of a repeating booking before anything is written: which dates
 * are free and which collide (and why), so the person can choose the free ones or none.
 */
export async function planSeries(deps: BookingDeps, user: SessionUser, req: SeriesRequest): Promise<SeriesPlan> {
  const context = await findDeskContext(deps.db, req.deskId);
  if (!context?.desk.active || context.desk.outOfService)
    throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  if (!mayUseZone(user, context.zone)) throw new ForbiddenError('booking.error.zoneNotAllowed', {}, 'deskId');
  const now = deps.clock.now();
  const lastAllowed = addDaysToDate(seoulDate(now), SERIES_MAX_DAYS);
  if (req.weekdays.length === 0) throw new ValidationError({ repeat: { key: 'series.error.weekdays' } });
  if (req.untilDate < req.firstDate || req.untilDate > lastAllowed) {
    throw new ValidationError({ until: { key: 'series.error.until', params: { lastDay: lastAllowed } } });
  }
  const policy = { ...(await policyFor(deps.db, context.center.id)), horizonDays: SERIES_MAX_DAYS };
  const [closures, absences] = await Promise.all([
    closuresBetween(deps.db, context.center.id, req.firstDate, req.untilDate),
    absencesBetween(deps.db, user.id, req.firstDate, req.untilDate),
  ]);
  const from = seoulInstant(req.firstDate, 0);
  const to = seoulInstant(addDaysToDate(req.untilDate, 1), 0);
  const busy = await activeBookingsBetween(deps.db, from, to);
  const plan: SeriesPlan = { free: [], blocked: [] };
  for (const date of seriesDates(req.firstDate, req.untilDate, req.weekdays)) {
    const absence = closureOn(absences, date);
    if (absence) {
      plan.blocked.push({ date, key: 'series.blocked.absence' });
      continue;
    }
    const errors = checkBookingTimes(
      { date, start: req.start, end: req.end },
      {
        now,
        policy,
        hoursOnDate: (d) => hoursOn(context.center.hours, d),
        closureOnDate: (d) => closureOn(closures, d),
        mode: modeOf(policy, context.desk),
      },
    );
    const first = Object.values(errors)[0];
    if (first) {
      plan.blocked.push({ date, key: first.key, params: first.params });
      continue;
    }
    const { startsAt, endsAt } = bookingInstants(date, { start: req.start, end: req.end });
    const overlaps = busy.filter((b) => b.startsAt < endsAt && startsAt < b.endsAt);
    if (overlaps.some((b) => b.deskId === req.deskId)) plan.blocked.push({ date, key: 'booking.error.deskTaken' });
    else if (overlaps.some((b) => b.userId === user.id)) plan.blocked.push({ date, key: 'booking.error.userOverlap' });
    else plan.free.push(date);
  }
  return plan;
}

/**
 * Books the free occurrences as one series (one rule, its occurrences as bookings) in one
 * transaction. An occurrence someone else took in the meantime is skipped and reported.
 */
export async function bookSeries(deps: BookingDeps, user: SessionUser, req: SeriesRequest, dates: readonly string[]) {
  const now = deps.clock.now();
  const context = await findDeskContext(deps.db, req.deskId);
  const result = await inTransaction(deps.db, async (tx) => {
    const [series] = await tx
      .insert(bookingSeries)
      .values({
        userId: user.id,
        deskId: req.deskId,
        rrule: seriesRrule(req.weekdays, req.untilDate),
        startMinute: req.start,
        endMinute: req.end,
        firstDate: req.firstDate,
        untilDate: req.untilDate,
      })
      .returning();
    const booked: string[] = [];
    const lost: string[] = [];
    for (const date of dates) {
      const { startsAt, endsAt } = bookingInstants(date, { start: req.start, end: req.end });
      try {
        await tx.transaction(async (sp) => {
          const [b] = await sp
            .insert(bookings)
            .values({
              deskId: req.deskId,
              userId: user.id,
              createdById: user.id,
              startsAt,
              endsAt,
              seriesId: series!.id,
            })
            .returning();
          await recordEvent(sp as unknown as Database, {
            bookingId: b!.id,
            fromStatus: null,
            toStatus: 'booked',
            actorId: user.id,
            reason: `series ${series!.id}`,
            at: now,
          });
        });
        booked.push(date);
      } catch (err) {
        if (pgErrorOf(err)?.code !== '23P01') throw err;
        lost.push(date);
      }
    }
    await addNotification(tx, user.id, 'notice.seriesBooked', { count: booked.length, rule: series!.rrule }, now);
    return { seriesId: series!.id, booked, lost };
  });
  if (context) await deps.events.publish({ type: 'center', centerId: context.center.id });
  return result;
}

/** Cancels every occurrence of the person's series that has not started yet. */
export async function cancelRestOfSeries(deps: BookingDeps, user: SessionUser, seriesId: number): Promise<number> {
  const now = deps.clock.now();
  const [series] = await deps.db
    .select()
    .from(bookingSeries)
    .where(and(eq(bookingSeries.id, seriesId), eq(bookingSeries.userId, user.id), isNull(bookingSeries.cancelledAt)));
  if (!series) throw new NotFoundError('booking.error.notFound');
  const cancelled = await inTransaction(deps.db, async (tx) => {
    await tx.update(bookingSeries).set({ cancelledAt: now }).where(eq(bookingSeries.id, seriesId));
    const rows = await cancelMatching(
      tx,
      and(
        eq(bookings.seriesId, seriesId),
        eq(bookings.userId, user.id),
        eq(bookings.status, 'booked'),
        gt(bookings.startsAt, now),
      ),
      { actorId: user.id, reason: 'rest of the series cancelled', at: now },
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
  if (context) await deps.events.publish({ type: 'center', centerId: context.center.id });
  return cancelled;
}
