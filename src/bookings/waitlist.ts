import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { mayUseZone } from '../centers/access.js';
import { type Database, inTransaction, pgErrorOf, queryRows } from '../db/client.js';
import { bookings, organisations, users, waitlistEntries } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { noticeParams } from './notices.js';
import { recordEvent } from './repository.js';
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

/** Joins the waitlist, only when nothing matching is free: otherwise the person should just book. */
export async function joinWaitlist(deps: BookingDeps, user: SessionUser, req: WaitRequest): Promise<number> {
  if (req.endsAt <= req.startsAt || req.startsAt <= deps.clock.now())
    throw new ValidationError({ start: { key: 'waitlist.error.time' } });
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
  const people = new Set<number>();
  const centers = new Set<number>();
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
        people.add(e.userId);
        offered++;
        continue;
      }
      for (const desk of candidates) {
        try {
          const bookingId = await tx.transaction(async (spRaw) => {
            const sp = spRaw as unknown as Database;
            const [b] = await sp
              .insert(bookings)
              .values({
                deskId: desk.id,
                userId: e.userId,
                createdById: e.userId,
                startsAt: e.startsAt,
                endsAt: e.endsAt,
              })
              .returning();
            await recordEvent(sp, {
              bookingId: b!.id,
              fromStatus: null,
              toStatus: 'booked',
              actorId: null,
              reason: `waitlist ${e.id}`,
              at: now,
            });
            return b!.id;
          });
          await tx.update(waitlistEntries).set({ status: 'fulfilled', bookingId }).where(eq(waitlistEntries.id, e.id));
          await addNotification(tx, e.userId, 'notice.waitlistBooked', noticeParams(e), now);
          people.add(e.userId);
          centers.add(e.centerId);
          booked++;
          break;
        } catch (err) {
          const pg = pgErrorOf(err);
          if (pg?.code !== '23P01') throw err;
          if (pg.constraint === 'bookings_no_user_overlap') break; // they are busy then: leave them waiting
        }
      }
    }
    return { booked, offered };
  });
  for (const c of centers) await deps.events.publish({ type: 'center', centerId: c });
  for (const u of people) await deps.events.publish({ type: 'user', userId: u });
  return result;
}
