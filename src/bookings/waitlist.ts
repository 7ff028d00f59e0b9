import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { hoursOn } from '../centers/hours.js';
import { closuresBetween, policyFor } from '../centers/policy-repository.js';
import { findCenter } from '../centers/repository.js';
import { type Database, inTransaction, queryRows } from '../db/client.js';
import { organisations, users, waitlistEntries } from '../db/schema.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeEvent, publishAll } from '../realtime/bus.js';
import { localRange } from '../time/seoul.js';
import { book, refusalMessage } from './book.js';
import { noticeParams } from './notices.js';
import { closureOn } from './policy.js';
import { checkBookingTimes } from './rules.js';
import type { BookingDeps } from './service.js';
import { type FreeDesk, freeDesksBetween } from './suggest.js';

/** Promotes after a slot was freed, without failing the change that freed it: the minute job retries anyway. */
export async function promoteSoon(deps: BookingDeps, centerId: number): Promise<void> {
  await promoteWaitlist(deps, centerId).catch(() => {});
}

/** How long an offer to someone who asked not to be booked automatically stays open. */
export const OFFER_MINUTES = 30;

export interface WaitRequest {
  centerId: number;
  startsAt: Date;
  endsAt: Date;
  feature: string | null;
  autoBook: boolean;
}

/** Desks of a center with the feature that are free for the whole range. */
async function freeDesks(
  db: Database,
  centerId: number,
  feature: string | null,
  startsAt: Date,
  endsAt: Date,
): Promise<FreeDesk[]> {
  return (await freeDesksBetween(db, centerId, startsAt, endsAt)).filter(
    (d) => !feature || d.features.includes(feature),
  );
}

/**
 * Joins the waitlist for a range a desk booking could have at that center (open, on its steps
 * and blocks, within the horizon), and only when nothing matching is free: otherwise the
 * person should just book.
 */
export async function joinWaitlist(deps: BookingDeps, user: SessionUser, req: WaitRequest): Promise<number> {
  const center = await findCenter(deps.db, req.centerId);
  if (!center) throw new NotFoundError('center.notFound', {}, 'centerId');
  const range = localRange(req.startsAt, req.endsAt);
  const policy = await policyFor(deps.db, center.id);
  const closures = await closuresBetween(deps.db, center.id, range.date, range.date);
  const errors = checkBookingTimes(range, {
    now: deps.clock.now(),
    policy,
    hoursOnDate: (date) => hoursOn(center.hours, date),
    closureOnDate: (date) => closureOn(closures, date),
    mode: policy.deskMode,
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const free = (await freeDesks(deps.db, req.centerId, req.feature, req.startsAt, req.endsAt)).filter((d) =>
    mayUseZone(user, { partnerOrganisationId: d.partnerOrganisationId }),
  );
  if (free.length > 0) throw new ConflictError('waitlist.error.available');
  const [row] = await deps.db
    .insert(waitlistEntries)
    .values({
      userId: user.id,
      centerId: req.centerId,
      startsAt: req.startsAt,
      endsAt: req.endsAt,
      feature: req.feature,
      autoBook: req.autoBook,
    })
    .returning({ id: waitlistEntries.id });
  return row!.id;
}

export async function leaveWaitlist(db: Database, userId: number, id: number): Promise<void> {
  const rows = await db
    .update(waitlistEntries)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(waitlistEntries.id, id),
        eq(waitlistEntries.userId, userId),
        inArray(waitlistEntries.status, ['waiting', 'offered']),
      ),
    )
    .returning({ id: waitlistEntries.id });
  if (rows.length === 0) throw new NotFoundError('waitlist.notFound');
}

export function waitlistOf(db: Database, userId: number, now: Date) {
  return db
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.userId, userId),
        inArray(waitlistEntries.status, ['waiting', 'offered']),
        gt(waitlistEntries.endsAt, now),
      ),
    )
    .orderBy(asc(waitlistEntries.startsAt));
}

/**
 * Gives freed desks to the people waiting, first come first served: those who opted in are
 * booked at once; the others get an offer that expires. Entries are claimed with FOR UPDATE
 * SKIP LOCKED and each booking is still subject to the exclusion constraint, so however many
 * cancellations race, each freed desk goes to exactly one waiter.
 */
export async function promoteWaitlist(
  deps: BookingDeps,
  centerId?: number,
): Promise<{ booked: number; offered: number }> {
  const now = deps.clock.now();
  const events: ChangeEvent[] = [];
  const result = await inTransaction(deps.db, async (tx) => {
    await tx
      .update(waitlistEntries)
      .set({ status: 'expired' })
      .where(and(inArray(waitlistEntries.status, ['waiting', 'offered']), lte(waitlistEntries.startsAt, now)));
    await tx
      .update(waitlistEntries)
      .set({ status: 'waiting', offerExpiresAt: null })
      .where(and(eq(waitlistEntries.status, 'offered'), lte(waitlistEntries.offerExpiresAt, now)));
    const entries = await queryRows<{ id: number }>(
      tx,
      sql`select id from waitlist_entries where status = 'waiting' and starts_at > ${now.toISOString()}::timestamptz
          ${centerId === undefined ? sql`` : sql`and center_id = ${centerId}`}
          order by created_at, id for update skip locked`,
    );
    let booked = 0;
    let offered = 0;
    for (const { id } of entries) {
      const [entry] = await tx
        .select({ e: waitlistEntries, organisationId: users.organisationId, organisationKind: organisations.kind })
        .from(waitlistEntries)
        .innerJoin(users, eq(waitlistEntries.userId, users.id))
        .innerJoin(organisations, eq(users.organisationId, organisations.id))
        .where(eq(waitlistEntries.id, id));
      if (!entry) continue;
      const e = entry.e;
      const candidates = (await freeDesks(tx, e.centerId, e.feature, e.startsAt, e.endsAt)).filter((d) =>
        mayUseZone({ organisationId: entry.organisationId, organisationKind: entry.organisationKind }, d),
      );
      if (candidates.length === 0) continue;
      if (!e.autoBook) {
        await tx
          .update(waitlistEntries)
          .set({ status: 'offered', offerExpiresAt: new Date(now.getTime() + OFFER_MINUTES * 60_000) })
          .where(eq(waitlistEntries.id, e.id));
        await addNotification(
          tx,
          e.userId,
          'notice.waitlistOffer',
          { ...noticeParams(e), minutes: OFFER_MINUTES },
          now,
        );
        await enqueueMail(tx, {
          userId: e.userId,
          template: 'waitlist.offer',
          params: { ...noticeParams(e), minutes: OFFER_MINUTES },
          at: now,
        });
        events.push({ type: 'user', userId: e.userId });
        offered++;
        continue;
      }
      for (const desk of candidates) {
        try {
          const outcome = await book(tx, deps, {
            source: 'waitlist',
            actorId: undefined,
            personId: e.userId,
            deskId: desk.id,
            ...localRange(e.startsAt, e.endsAt),
            reason: `waitlist ${e.id}`,
          });
          await tx
            .update(waitlistEntries)
            .set({ status: 'fulfilled', bookingId: outcome.booking.id })
            .where(eq(waitlistEntries.id, e.id));
          await addNotification(tx, e.userId, 'notice.waitlistBooked', noticeParams(e), now);
          await enqueueMail(tx, {
            userId: e.userId,
            template: 'waitlist.booked',
            params: noticeParams(e),
            at: now,
            ics: { bookingId: outcome.booking.id, method: 'REQUEST' },
          });
          events.push(...outcome.events);
          booked++;
          break;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // Only a desk taken meanwhile is worth trying the next one; any other refusal is about the person.
          if (err.key !== 'booking.error.deskTaken' && refusalMessage(err).key !== 'booking.error.deskTaken') break;
        }
      }
    }
    return { booked, offered };
  });
  await publishAll(deps.events, events);
  return result;
}
