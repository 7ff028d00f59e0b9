import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { book } from '../bookings/book.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { noticeParams } from '../bookings/notices.js';
import { activeFrom } from '../bookings/repository.js';
import { type Database, inTransaction } from '../db/client.js';
import { bookings, desks, zones } from '../db/schema.js';
import { ConflictError, DomainError, NotFoundError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import { type ChangeBus, type ChangeEvent, publishAll } from '../realtime/bus.js';
import { type Clock, localRange } from '../time/seoul.js';
import { mayOperate } from './operators.js';
export interface OutOfServiceResult {
  label: string;
  moved: number;
  cancelled: number;
}

/** A desk that can stand in for another: same kind, every feature the person booked, room for as many. */
export function isEquivalent(
  original: { kind: string; features: string[]; capacity: number },
  candidate: { kind: string; features: string[]; capacity: number },
): boolean {
  return (
    candidate.kind === original.kind &&
    candidate.capacity >= original.capacity &&
    original.features.every((f) => candidate.features.includes(f))
  );
}

/**
 * Takes a desk out of service. Nothing is freed silently: every booking that still holds the
 * desk moves, through the one admission path, to an equivalent free desk of the same center
 * (its own zone first, and an accessible desk only for someone who needs one), or, when there
 * is none, is cancelled. Each person gets one notice listing what happened to their bookings.
 * One transaction: the exclusion constraints still decide, so a move never lands on a desk
 * someone just took.
 */
export async function takeOutOfService(
  deps: { db: Database; clock: Clock; events: ChangeBus; needsKey: Buffer },
  actor: SessionUser,
  centerId: number,
  deskId: number,
  reason: string,
): Promise<OutOfServiceResult> {
  if (!(await mayOperate(deps.db, actor, centerId))) throw new NotFoundError('center.notFound');
  const now = deps.clock.now();
  const events: ChangeEvent[] = [{ type: 'center', centerId }];
  const result = await inTransaction(deps.db, async (tx) => {
    const [desk] = await tx
      .select({ desk: desks, centerId: zones.centerId })
      .from(desks)
      .innerJoin(zones, eq(desks.zoneId, zones.id))
      .where(and(eq(desks.id, deskId), eq(zones.centerId, centerId)))
      .for('update');
    if (!desk) throw new NotFoundError('booking.error.deskNotFound');
    if (desk.desk.outOfService) throw new ConflictError('operator.alreadyOutOfService');
    await tx.update(desks).set({ outOfService: true, outOfServiceReason: reason }).where(eq(desks.id, deskId));

    const affected = await tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.deskId, deskId), activeFrom(now)))
      .orderBy(asc(bookings.startsAt));
    const candidates = (
      await tx
        .select({ desk: desks, zone: zones })
        .from(desks)
        .innerJoin(zones, eq(desks.zoneId, zones.id))
        .where(
          and(
            eq(zones.centerId, centerId),
            ne(desks.id, deskId),
            eq(desks.active, true),
            eq(desks.outOfService, false),
          ),
        )
        .orderBy(asc(desks.id))
    )
      .filter((c) => isEquivalent(desk.desk, c.desk))
      // The booked desk's own zone first: the same network and the same neighbours.
      .sort((a, b) => Number(b.zone.id === desk.desk.zoneId) - Number(a.zone.id === desk.desk.zoneId));

    const moves = new Map<number, { moved: string[]; cancelled: string[] }>();
    for (const booking of affected) {
      const when = noticeParams(booking);
      const line = `${when.date} ${when.start}–${when.end}`;
      const person = moves.get(booking.userId) ?? { moved: [], cancelled: [] };
      moves.set(booking.userId, person);
      let target: string | undefined;
      // Accessible desks stay for the people who need them; the booking records whether its holder does.
      const usable = candidates.filter((c) => booking.needsAccessible || !c.desk.features.includes('accessible'));
      for (const c of usable) {
        try {
          const outcome = await book(tx, deps, {
            source: 'move',
            actorId: actor.id,
            personId: booking.userId,
            deskId: c.desk.id,
            ...localRange(booking.startsAt, booking.endsAt),
            replaces: booking.id,
            reason: `moved from ${desk.desk.label}: ${reason}`,
          });
          events.push(...outcome.events);
          target = c.desk.label;
          break;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
        }
      }
      if (target) person.moved.push(`${line} → ${target}`);
      else {
        await cancelMatching(tx, eq(bookings.id, booking.id), {
          actorId: actor.id,
          reason: `desk out of service: ${reason}`,
          at: now,
        });
        person.cancelled.push(line);
        events.push({ type: 'user', userId: booking.userId });
      }
    }
    let moved = 0;
    let cancelled = 0;
    for (const [userId, person] of moves) {
      moved += person.moved.length;
      cancelled += person.cancelled.length;
      const common = { desk: desk.desk.label, reason };
      if (person.moved.length)
        await addNotification(
          tx,
          userId,
          'notice.bookingsMoved',
          { ...common, count: person.moved.length, list: person.moved.join(', ') },
          now,
        );
      if (person.cancelled.length)
        await addNotification(
          tx,
          userId,
          'notice.bookingsCancelledOutOfService',
          { ...common, count: person.cancelled.length, list: person.cancelled.join(', ') },
          now,
        );
    }
    return { label: desk.desk.label, moved, cancelled };
  });
  await publishAll(deps.events, events);
  return result;
}

export async function returnToService(
  deps: { db: Database; events: ChangeBus },
  actor: SessionUser,
  centerId: number,
  deskId: number,
): Promise<void> {
  if (!(await mayOperate(deps.db, actor, centerId))) throw new NotFoundError('center.notFound');
  const inCenter = deps.db
    .select({ id: desks.id })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(and(eq(desks.id, deskId), eq(zones.centerId, centerId)));
  const rows = await deps.db
    .update(desks)
    .set({ outOfService: false, outOfServiceReason: null })
    .where(and(inArray(desks.id, inCenter), eq(desks.outOfService, true)))
    .returning({ id: desks.id });
  if (rows.length === 0) throw new NotFoundError('booking.error.deskNotFound');
  await deps.events.publish({ type: 'center', centerId });
}
