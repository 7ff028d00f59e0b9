import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { SessionUser } from '../auth/users.js';
import { type Database, pgErrorOf } from '../db/client.js';
import { bookings, desks, organisations, users, zones } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import type { ChangeBus } from '../realtime/bus.js';
import { type Clock, formatMinute, seoulDate, seoulMinuteOfDay } from '../time/seoul.js';
import { mayUseZone } from './access.js';
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
 * desk moves to an equivalent free desk of the same center (its own zone first), or, when
 * there is none, is cancelled; either way its holder gets a notice. One transaction: the
 * exclusion constraint still decides, so a move never lands on a desk someone just took.
 */
export async function takeOutOfService(
  deps: { db: Database; clock: Clock; events: ChangeBus },
  actor: SessionUser,
  centerId: number,
  deskId: number,
  reason: string,
): Promise<OutOfServiceResult> {
  if (!(await mayOperate(deps.db, actor, centerId))) throw new NotFoundError('center.notFound');
  const now = deps.clock.now();
  const affectedUsers = new Set<number>();
  const result = await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
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
      .select({ booking: bookings, organisationId: users.organisationId, organisationKind: organisations.kind })
      .from(bookings)
      .innerJoin(users, eq(bookings.userId, users.id))
      .innerJoin(organisations, eq(users.organisationId, organisations.id))
      .where(
        and(eq(bookings.deskId, deskId), inArray(bookings.status, ['booked', 'checked_in']), gt(bookings.endsAt, now)),
      )
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

    let moved = 0;
    let cancelled = 0;
    for (const { booking, organisationId, organisationKind } of affected) {
      const when = {
        date: seoulDate(booking.startsAt),
        start: formatMinute(seoulMinuteOfDay(booking.startsAt)),
        end: formatMinute(seoulMinuteOfDay(booking.endsAt) || 1440),
      };
      let target: string | undefined;
      for (const c of candidates.filter((c) => mayUseZone({ organisationId, organisationKind }, c.zone))) {
        try {
          await tx.transaction(async (sp) => {
            await sp.update(bookings).set({ deskId: c.desk.id }).where(eq(bookings.id, booking.id));
          });
          target = c.desk.label;
          break;
        } catch (err) {
          if (pgErrorOf(err)?.code !== '23P01') throw err;
        }
      }
      if (target) {
        moved++;
        await addNotification(
          tx,
          booking.userId,
          'notice.bookingMoved',
          { ...when, from: desk.desk.label, to: target, reason },
          now,
        );
      } else {
        cancelled++;
        await tx
          .update(bookings)
          .set({ status: 'cancelled', cancelledAt: now, cancelledById: actor.id })
          .where(eq(bookings.id, booking.id));
        await addNotification(
          tx,
          booking.userId,
          'notice.bookingCancelledOutOfService',
          { ...when, desk: desk.desk.label, reason },
          now,
        );
      }
      affectedUsers.add(booking.userId);
    }
    return { label: desk.desk.label, moved, cancelled };
  });
  await deps.events.publish({ type: 'center', centerId });
  for (const userId of affectedUsers) await deps.events.publish({ type: 'user', userId });
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
