import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMISSION_ORDER, type AdmissionRule, type BookingSource, EXEMPTIONS } from '../../src/bookings/admission.js';
import { book, refusalMessage } from '../../src/bookings/book.js';
import type { Database } from '../../src/db/client.js';
import * as s from '../../src/db/schema.js';
import { DomainError } from '../../src/errors.js';
import { TestClock } from '../helpers/app.js';
import { createTestDatabase, engine, type TestDatabase } from '../helpers/database.js';
import { createCenter, createOrganisation, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

const SOURCES: BookingSource[] = ['form', 'api', 'series', 'waitlist', 'plan', 'walk_in', 'move'];
// Tuesday 1 December 2026, 09:10 in Seoul (TEST_NOW); Wednesday the 2nd is an ordinary open day.
const clock = new TestClock();
const deps = { clock, needsKey: Buffer.alloc(32, 7) };
const DAY = '2026-12-02';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+09:00`);

interface Scenario {
  /** The refusal every non-exempt source must get. */
  key: string;
  /** Builds the world in which a request of the person for the desk breaks exactly this rule. */
  arrange(db: Database): Promise<{
    personId: number;
    deskId: number;
    date?: string;
    start?: number;
    end?: number;
    title?: string;
  }>;
}

async function world(db: Database, policy: Partial<typeof s.centerPolicies.$inferInsert> = {}) {
  const partner = await createOrganisation(db, 'private');
  const made = await createCenter(db, { partnerOrganisationId: partner.id });
  if (Object.keys(policy).length > 0)
    await db.update(s.centerPolicies).set(policy).where(eq(s.centerPolicies.centerId, made.center.id));
  const person = await createUser(db);
  // desks[0] is accessible; desks[1] and desks[2] are plain.
  return { ...made, person, plain: made.desks[1]!, other: made.desks[2]! };
}

/** A pilot programme running over DAY that reserves `deskId`, with `memberId` approved when given. */
async function programmeReserving(db: Database, deskIds: number[], memberId?: number, weeklyQuotaDays?: number) {
  const [p] = await db
    .insert(s.programmes)
    .values({
      name: '시범사업',
      nameEn: 'Pilot',
      goal: '',
      goalEn: '',
      startsOn: '2026-11-01',
      endsOn: '2027-01-31',
      targetGroups: ['everyone'],
      weeklyQuotaDays: weeklyQuotaDays ?? null,
    })
    .returning();
  await db.insert(s.programmeDesks).values(deskIds.map((deskId) => ({ programmeId: p!.id, deskId })));
  if (memberId)
    await db.insert(s.programmeMembers).values({
      programmeId: p!.id,
      userId: memberId,
      status: 'approved',
      appliedAt: new Date(),
      approvedOn: '2026-11-01',
    });
  return p!;
}

const SCENARIOS: Record<AdmissionRule, Scenario> = {
  programmeDesk: {
    key: 'programme.error.reservedDesk',
    async arrange(db) {
      const w = await world(db);
      await programmeReserving(db, [w.plain.id]);
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  programmeQuota: {
    key: 'programme.error.quota',
    async arrange(db) {
      const w = await world(db);
      await programmeReserving(db, [w.plain.id, w.other.id], w.person.id, 1);
      // Already on another of the programme's desks on Thursday of the same week: the one day is used.
      await db.insert(s.bookings).values({
        deskId: w.other.id,
        userId: w.person.id,
        createdById: w.person.id,
        startsAt: at('2026-12-03', '09:00'),
        endsAt: at('2026-12-03', '12:00'),
      });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  desk: {
    key: 'booking.error.deskNotFound',
    async arrange(db) {
      const w = await world(db);
      await db.update(s.desks).set({ active: false }).where(eq(s.desks.id, w.plain.id));
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  zone: {
    key: 'booking.error.zoneNotAllowed',
    async arrange(db) {
      const w = await world(db);
      return { personId: w.person.id, deskId: w.partnerDesk!.id };
    },
  },
  civilian: {
    key: 'booking.error.civilianNotApproved',
    async arrange(db) {
      const w = await world(db);
      const runner = await createOrganisation(db);
      await db.update(s.centers).set({ operatorOrganisationId: runner.id }).where(eq(s.centers.id, w.center.id));
      const citizen = await createUser(db, { organisationId: (await createOrganisation(db, 'civilian')).id });
      return { personId: citizen.id, deskId: w.plain.id };
    },
  },
  past: {
    key: 'booking.error.datePast',
    async arrange(db) {
      const w = await world(db);
      return { personId: w.person.id, deskId: w.plain.id, date: '2026-11-30' };
    },
  },
  horizon: {
    key: 'booking.error.dateTooFar',
    async arrange(db) {
      const w = await world(db);
      return { personId: w.person.id, deskId: w.plain.id, date: '2026-12-22' };
    },
  },
  closure: {
    key: 'booking.error.closure',
    async arrange(db) {
      const w = await world(db);
      await db
        .insert(s.closures)
        .values({ centerId: w.center.id, startsOn: DAY, endsOn: DAY, reason: '정기 점검', kind: 'maintenance' });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  hours: {
    key: 'booking.error.outsideHours',
    async arrange(db) {
      const w = await world(db);
      return { personId: w.person.id, deskId: w.plain.id, start: 19 * 60, end: 21 * 60 };
    },
  },
  mode: {
    key: 'booking.error.mode.half_day',
    async arrange(db) {
      const w = await world(db, { deskMode: 'half_day' });
      return { personId: w.person.id, deskId: w.plain.id, start: 10 * 60, end: 11 * 60 };
    },
  },
  weekly: {
    key: 'booking.error.weeklyLimit',
    async arrange(db) {
      const w = await world(db, { maxWeekMinutes: 60 });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  noShowHold: {
    key: 'booking.error.banned',
    async arrange(db) {
      const w = await world(db);
      await db.insert(s.bookingBans).values({
        userId: w.person.id,
        startsAt: at('2026-11-30', '00:00'),
        endsAt: at('2026-12-07', '00:00'),
        reason: 'no-shows',
      });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  heldForNeeds: {
    key: 'booking.error.heldForNeeds',
    async arrange(db) {
      // Held until 72 hours before the slot: a Thursday a week ahead is still held on Tuesday.
      const w = await world(db, { priorityReleaseHours: 72 });
      return { personId: w.person.id, deskId: w.desks[0]!.id, date: '2026-12-10' };
    },
  },
  leave: {
    key: 'booking.error.onLeave',
    async arrange(db) {
      const w = await world(db);
      await db.insert(s.absences).values({ userId: w.person.id, startsOn: DAY, endsOn: DAY, kind: 'leave' });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
  partnerQuota: {
    key: 'booking.error.partnerQuota',
    async arrange(db) {
      // A share of 1% is one desk; a colleague already holds one that day.
      const w = await world(db);
      const partner = await createOrganisation(db, 'private');
      await db
        .insert(s.partnerShares)
        .values({ centerId: w.center.id, organisationId: partner.id, percent: 1, validFrom: '2026-01-01' });
      const colleague = await createUser(db, { organisationId: partner.id });
      await db.insert(s.bookings).values({
        deskId: w.other.id,
        userId: colleague.id,
        createdById: colleague.id,
        startsAt: at(DAY, '13:00'),
        endsAt: at(DAY, '17:00'),
      });
      const person = await createUser(db, { organisationId: partner.id });
      return { personId: person.id, deskId: w.plain.id };
    },
  },
  room: {
    key: 'booking.error.titleRequired',
    async arrange(db) {
      const w = await world(db);
      const [room] = await db
        .insert(s.desks)
        .values({ zoneId: w.zone.id, label: 'R-01', kind: 'meeting_room', capacity: 6, features: [] })
        .returning();
      return { personId: w.person.id, deskId: room!.id, title: '' };
    },
  },
  overlap: {
    key: 'booking.error.deskTaken',
    async arrange(db) {
      const w = await world(db);
      const someone = await createUser(db);
      await db.insert(s.bookings).values({
        deskId: w.plain.id,
        userId: someone.id,
        createdById: someone.id,
        startsAt: at(DAY, '09:00'),
        endsAt: at(DAY, '12:00'),
      });
      return { personId: w.person.id, deskId: w.plain.id };
    },
  },
};

/** A move replaces an existing booking of the person; the fixture is written directly, outside the rules. */
async function originalFor(db: Database, personId: number, date: string, start: number, end: number) {
  const anyCenter = await createCenter(db, { desks: 1 });
  const [row] = await db
    .insert(s.bookings)
    .values({
      deskId: anyCenter.desks[0]!.id,
      userId: personId,
      createdById: personId,
      startsAt: new Date(at(date, '00:00').getTime() + start * 60_000),
      endsAt: new Date(at(date, '00:00').getTime() + end * 60_000),
    })
    .returning();
  return row!.id;
}

describe(`every source runs every rule through the one admission path (${engine})`, () => {
  it('lists every rule in the table and orders them once', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...ADMISSION_ORDER].sort());
    for (const source of SOURCES) {
      for (const rule of Object.keys(EXEMPTIONS[source])) expect(ADMISSION_ORDER).toContain(rule);
    }
  });

  for (const rule of ADMISSION_ORDER) {
    for (const source of SOURCES) {
      const exempt = rule in EXEMPTIONS[source];
      it(`${rule} × ${source}: ${exempt ? 'exempt, books' : 'refused with the same message'}`, async () => {
        const db = t.database.db;
        const scenario = SCENARIOS[rule];
        const r = await scenario.arrange(db);
        const date = r.date ?? DAY;
        const start = r.start ?? 9 * 60;
        const end = r.end ?? 12 * 60;
        const replaces = source === 'move' ? await originalFor(db, r.personId, date, start, end) : undefined;
        const attempt = book(db, deps, {
          source,
          actorId: source === 'waitlist' || source === 'plan' ? undefined : r.personId,
          personId: r.personId,
          deskId: r.deskId,
          date,
          start,
          end,
          title: r.title,
          replaces,
        });
        if (exempt) {
          const outcome = await attempt;
          expect(outcome.booking.deskId).toBe(r.deskId);
          return;
        }
        const err = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DomainError);
        expect(refusalMessage(err as DomainError).key).toBe(scenario.key);
        // Refused means nothing written: the person holds nothing on that desk.
        const held = await db.select().from(s.bookings).where(eq(s.bookings.deskId, r.deskId));
        expect(held.filter((b) => b.userId === r.personId)).toEqual([]);
      });
    }
  }
});
