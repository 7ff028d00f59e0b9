import { inArray } from 'drizzle-orm';
import { type Need, needsAccessibleDesk } from '../accessibility/needs.js';
import { isManagerOf } from '../auth/teams.js';
import { findSessionUser, normaliseUsername, type SessionUser } from '../auth/users.js';
import { type DeskContext, findDeskContext } from '../centers/repository.js';
import { type Database, inTransaction, isTransaction, pgErrorOf } from '../db/client.js';
import { retryTransient } from '../db/failures.js';
import { bookingAttendees, bookings, users } from '../db/schema.js';
import { ConflictError, type DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { addNotification } from '../notifications/repository.js';
import type { ChangeEvent } from '../realtime/bus.js';
import { type Clock, isDateString } from '../time/seoul.js';
import { bookingPayload, enqueueEvent } from '../webhooks/events.js';
import { type BookingSource, checkAdmission, exempt } from './admission.js';
import { loadFacts } from './facts.js';
import { noticeParams } from './notices.js';
import type { CenterPolicy } from './policy.js';
import { type BookingRow, insertBooking, lockForBooking, overlapConflict, recordEvent } from './repository.js';

export interface BookRequest {
  source: BookingSource;
  /** Who asks: the person, their manager, an operator; undefined for the system (waitlist, plan roll-forward). */
  actorId: number | undefined;
  /** Whom the booking is for. */
  personId: number;
  deskId: number;
  date: string;
  /** Minutes of the Seoul day; undefined when the person left the field empty. */
  start: number | undefined;
  end: number | undefined;
  /** Rooms: what the meeting is, and who else comes (usernames). */
  title?: string;
  attendees?: readonly string[];
  seriesId?: number;
  /** A walk-in is checked in from its first minute. */
  checkedIn?: boolean;
  /** Moves (and reschedules) replace this booking's desk and times, keeping its id; the old slot stays if the new one fails. */
  replaces?: number;
  /** For the audit trail. */
  reason?: string;
  /**
   * What else must commit with this booking or not at all: the API stores its Idempotency-Key
   * answer here, so after a crash a retry replays the committed answer instead of guessing.
   */
  withinTransaction?: (tx: Database, booking: BookingRow) => Promise<void>;
}

export interface BookDeps {
  clock: Clock;
  /** Decrypts the booked person's own needs, for held desks and rooms. */
  needsKey: Buffer;
}

/** What was admitted: enough to write the booking, or to show it in a preview. */
export interface Admission {
  person: SessionUser;
  context: DeskContext;
  policy: CenterPolicy;
  startsAt: Date;
  endsAt: Date;
  needs: Need[];
  room?: { title: string | null; attendeeIds: number[] };
}

export interface BookOutcome {
  booking: BookingRow;
  centerId: number;
  /** To publish after the transaction commits (see publishAfterCommit). */
  events: ChangeEvent[];
}

/**
 * Checks a request against every rule, in ADMISSION_ORDER, reading what the rules need inside
 * `db` (the caller's transaction, when there is one). Throws the first refusal as a DomainError;
 * with `preview`, also checks overlaps by query (writes leave that to the constraints).
 */
export async function admit(
  db: Database,
  deps: BookDeps,
  req: BookRequest,
  options: { preview?: boolean } = {},
): Promise<Admission> {
  // A real calendar date before anything reads the database with it or counts from it.
  if (!isDateString(req.date)) throw new ValidationError({ date: { key: 'booking.error.dateInvalid' } });
  // Independent reads, sent together; the person's refusal still comes before the desk's.
  const [who, desk] = await Promise.allSettled([bookedPerson(db, req), findDeskContext(db, req.deskId)]);
  if (who.status === 'rejected') throw who.reason;
  if (desk.status === 'rejected') throw desk.reason;
  const person = who.value;
  const context = desk.value;
  if (!context) throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
  const facts = await loadFacts(db, deps, person, context.center, req.date, req.replaces);
  const { startsAt, endsAt } = checkAdmission(facts, context, req);
  // room: title, attendees, capacity
  const room = await roomDetails(db, context, person, req);
  // overlap: previews ask; writes let the exclusion constraints decide
  if (options.preview) {
    const conflict = await overlapConflict(db, {
      deskId: req.deskId,
      userId: person.id,
      startsAt,
      endsAt,
      holdsDesk: context.desk.kind === 'desk',
      exceptId: req.replaces,
    });
    if (conflict) throw overlapError(conflict);
  }
  return { person, context, policy: facts.policy, startsAt, endsAt, needs: facts.needs, room };
}

/**
 * The one admission path: every booking, from every source, is admitted here and written in
 * one step with its audit entry and notices. Runs in the caller's transaction when given one
 * (a series, a plan approval, the waitlist), else in its own. Overlaps are settled by the
 * database's exclusion constraints inside a savepoint, so a refused booking leaves the
 * caller's transaction usable.
 */
export async function book(db: Database, deps: BookDeps, req: BookRequest): Promise<BookOutcome> {
  // A savepoint keeps a caller's transaction usable after a refused insert; a transaction of our
  // own is rolled back anyway, so it goes without (a statement fewer per booking).
  const ownTransaction = !isTransaction(db);
  // A deadlock PostgreSQL breaks (see isTransientConflict) cancels one side: the booking is run
  // again whole, in a new transaction of its own or a new savepoint of the caller's.
  return retryTransient(() => bookOnce(db, deps, req, ownTransaction));
}

async function bookOnce(db: Database, deps: BookDeps, req: BookRequest, ownTransaction: boolean): Promise<BookOutcome> {
  return inTransaction(db, async (tx) => {
    // First, so every booking takes its locks in one order (see lockForBooking).
    await lockForBooking(tx, req.deskId, req.personId, req.date);
    const a = await admit(tx, deps, req);
    const now = deps.clock.now();
    let booking: BookingRow;
    try {
      const write = async (sp: Database): Promise<BookingRow> => {
        if (req.replaces !== undefined) {
          const moved = await replace(sp, req.replaces, a);
          // A move keeps its status; the audit trail still says who moved it, when and why.
          await recordEvent(sp, {
            bookingId: moved.id,
            fromStatus: moved.status,
            toStatus: moved.status,
            actorId: req.actorId ?? null,
            reason: req.reason ?? req.source,
            at: now,
          });
          return moved;
        }
        const row = await insertBooking(sp, {
          deskId: req.deskId,
          userId: a.person.id,
          createdById: req.actorId ?? a.person.id,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          title: a.room?.title ?? null,
          needsAccessible: needsAccessibleDesk(a.needs),
          holdsDesk: a.context.desk.kind === 'desk',
          seriesId: req.seriesId ?? null,
          ...(req.checkedIn ? { status: 'checked_in' as const, checkedInAt: now } : {}),
        });
        await recordEvent(sp, {
          bookingId: row.id,
          fromStatus: null,
          toStatus: row.status,
          actorId: req.actorId ?? null,
          reason: req.reason ?? req.source,
          at: now,
        });
        return row;
      };
      booking = ownTransaction ? await write(tx) : await inTransaction(tx, write);
    } catch (err) {
      const pg = pgErrorOf(err);
      if (pg?.code === '23P01') throw overlapError(pg.constraint === 'bookings_no_user_overlap' ? 'person' : 'desk');
      // A desk retired while this booking was being admitted (the database's trigger says so).
      if (pg?.constraint === 'bookings_desk_active')
        throw new NotFoundError('booking.error.deskNotFound', {}, 'deskId');
      throw err;
    }
    // The webhook event, the notice and the mail are independent rows: written together (one round trip).
    const created = NOTIFIES[req.source] && req.replaces === undefined;
    await Promise.all([
      enqueueEvent(tx, {
        type: req.replaces === undefined ? 'booking.created' : 'booking.changed',
        userId: booking.userId,
        data: bookingPayload(booking),
        at: now,
      }),
      created ? addNotification(tx, booking.userId, 'notice.booked', noticeParams(booking), now) : undefined,
      // A move or a new time is a new invitation with the same UID and a higher SEQUENCE.
      created || req.replaces !== undefined
        ? enqueueMail(tx, {
            userId: booking.userId,
            template: created ? 'booking.created' : 'booking.changed',
            params: noticeParams(booking),
            at: now,
            ics: { bookingId: booking.id, method: 'REQUEST' },
          })
        : undefined,
    ]);
    for (const userId of a.room?.attendeeIds ?? []) {
      await tx.insert(bookingAttendees).values({ bookingId: booking.id, userId });
      await addNotification(
        tx,
        userId,
        'notice.invited',
        { ...noticeParams(booking), title: booking.title ?? '' },
        now,
      );
    }
    await req.withinTransaction?.(tx, booking);
    const centerId = a.context.center.id;
    return {
      booking,
      centerId,
      events: [
        { type: 'center', centerId },
        { type: 'user', userId: booking.userId },
      ],
    };
  });
}

/** Sources whose booking gets its own "booked" notice; the others send one summary (a series, a plan, a move). */
const NOTIFIES: Record<BookingSource, boolean> = {
  form: true,
  api: true,
  series: false,
  waitlist: false,
  plan: false,
  walk_in: false,
  move: false,
};

async function replace(db: Database, id: number, a: Admission): Promise<BookingRow> {
  const [row] = await db
    .update(bookings)
    .set({
      deskId: a.context.desk.id,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      holdsDesk: a.context.desk.kind === 'desk',
    })
    .where(inArray(bookings.id, [id]))
    .returning();
  if (!row) throw new NotFoundError('booking.error.notFound');
  return row;
}

export function overlapError(conflict: 'desk' | 'person'): DomainError {
  return conflict === 'person'
    ? new ConflictError('booking.error.userOverlap', {}, 'start')
    : new ConflictError('booking.error.deskTaken', {}, 'start');
}

/**
 * The person a booking is for. From a form or the API that is the actor, or a member of a team
 * the actor manages; the system and operators act for the person they name.
 */
async function bookedPerson(db: Database, req: BookRequest): Promise<SessionUser> {
  const person = await findSessionUser(db, req.personId);
  const onOwnBehalf = req.actorId === undefined || req.actorId === req.personId;
  const managerAsks = req.source === 'form' || req.source === 'api';
  if (!person) throw new ForbiddenError('booking.error.notYourTeam', {}, 'forUserId');
  if (!onOwnBehalf && managerAsks && !(await isManagerOf(db, req.actorId!, req.personId))) {
    throw new ForbiddenError('booking.error.notYourTeam', {}, 'forUserId');
  }
  return person;
}

/**
 * A meeting room needs a title; its attendees must exist and fit in it. A nursing room or a
 * phone booth is for one person and takes neither; a desk takes neither.
 */
async function roomDetails(
  db: Database,
  context: DeskContext,
  organiser: SessionUser,
  req: BookRequest,
): Promise<Admission['room']> {
  if (context.desk.kind === 'desk') return undefined;
  if (exempt(req.source, 'room')) return undefined;
  if (context.desk.kind !== 'meeting_room') return { title: null, attendeeIds: [] };
  const title = req.title?.trim() ?? '';
  if (!title) throw new ValidationError({ title: { key: 'booking.error.titleRequired' } });
  const names = [...new Set((req.attendees ?? []).map(normaliseUsername).filter((n) => n && n !== organiser.username))];
  const found = names.length
    ? await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names))
    : [];
  const missing = names.filter((n) => !found.some((f) => f.username === n));
  if (missing.length)
    throw new ValidationError({
      attendees: { key: 'booking.error.unknownAttendee', params: { names: missing.join(', ') } },
    });
  if (found.length + 1 > context.desk.capacity) {
    throw new ValidationError({
      attendees: { key: 'booking.error.overCapacity', params: { capacity: context.desk.capacity } },
    });
  }
  return { title: title.slice(0, 120), attendeeIds: found.map((f) => f.id) };
}

/** The first refusal as a message, for previews that list why each date cannot be booked. */
export function refusalMessage(err: DomainError): { key: string; params?: Record<string, string | number> } {
  const first = Object.values(err.fieldErrors)[0];
  return first ?? { key: err.key, params: err.params };
}
