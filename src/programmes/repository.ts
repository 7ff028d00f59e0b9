import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, not, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { bookingsAtCenters } from '../db/joins.js';
import {
  bookings,
  centers,
  desks,
  needsAccessLog,
  organisations,
  programmeCenters,
  programmeDesks,
  programmeMembers,
  programmeOrganisations,
  programmeSurveyAnswers,
  programmeSurveyDone,
  programmes,
  programmeWithdrawnTotals,
  userHomes,
  users,
  zones,
} from '../db/schema.js';
import { addDaysToDate, seoulDate, seoulInstant } from '../time/seoul.js';
import {
  DECLARABLE_GROUPS,
  type DeclarableGroup,
  type MemberStatus,
  type OutcomeBooking,
  type SurveyAnswer,
  type SurveyPhase,
  type TargetGroup,
  type WithdrawnTotals,
} from './rules.js';

export type ProgrammeRow = typeof programmes.$inferSelect;
export type MemberRow = typeof programmeMembers.$inferSelect;

// ── The sealed eligibility declaration (the same protection as the needs profile) ──

/** AES-256-GCM, a fresh 12-byte nonce per write; stored as base64(nonce | tag | ciphertext). */
export function sealEligibility(key: Buffer, groups: readonly DeclarableGroup[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify([...groups]), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unsealEligibility(key: Buffer, sealed: string | null): DeclarableGroup[] {
  if (!sealed) return [];
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  return (JSON.parse(text) as string[]).filter((g): g is DeclarableGroup =>
    (DECLARABLE_GROUPS as readonly string[]).includes(g),
  );
}

/** Every read or change of a declaration by anyone but its owner is logged, as for needs. */
export async function logEligibilityAccess(
  db: Database,
  entries: { subjectId: number; actorId: number | null; action: string; purpose: string }[],
  at: Date,
): Promise<void> {
  if (entries.length) await db.insert(needsAccessLog).values(entries.map((e) => ({ ...e, at })));
}

// ── Programmes ──

export interface NewProgramme {
  name: string;
  nameEn: string;
  goal: string;
  goalEn: string;
  startsOn: string;
  endsOn: string;
  targetGroups: TargetGroup[];
  extraHorizonDays: number;
  weeklyQuotaDays: number | null;
  createdById: number;
}

export async function insertProgramme(
  tx: Database,
  p: NewProgramme,
  links: { organisationIds: number[]; centerIds: number[]; deskIds: number[] },
): Promise<ProgrammeRow> {
  const [row] = await tx.insert(programmes).values(p).returning();
  const id = row!.id;
  if (links.organisationIds.length)
    await tx
      .insert(programmeOrganisations)
      .values(links.organisationIds.map((organisationId) => ({ programmeId: id, organisationId })));
  if (links.centerIds.length)
    await tx.insert(programmeCenters).values(links.centerIds.map((centerId) => ({ programmeId: id, centerId })));
  if (links.deskIds.length)
    await tx.insert(programmeDesks).values(links.deskIds.map((deskId) => ({ programmeId: id, deskId })));
  return row!;
}

/**
 * The first `perCenter` plain desks of each center (active, in service, no accessibility
 * feature: those stay held for the people who need them), by zone and label.
 */
export async function desksToReserve(db: Database, centerIds: number[], perCenter: number) {
  if (!centerIds.length || perCenter <= 0) return [];
  const rows = await db
    .select({ id: desks.id, centerId: zones.centerId, features: desks.features })
    .from(desks)
    .innerJoin(zones, eq(zones.id, desks.zoneId))
    .where(
      and(
        inArray(zones.centerId, centerIds),
        eq(desks.kind, 'desk'),
        eq(desks.active, true),
        eq(desks.outOfService, false),
        eq(zones.network, 'government'),
        isNull(zones.partnerOrganisationId),
      ),
    )
    .orderBy(asc(zones.centerId), asc(zones.id), asc(desks.label));
  const picked: number[] = [];
  for (const centerId of centerIds) {
    picked.push(
      ...rows
        .filter((r) => r.centerId === centerId && !r.features.includes('accessible'))
        .slice(0, perCenter)
        .map((r) => r.id),
    );
  }
  return picked;
}

export async function listProgrammes(db: Database, options: { publishedOnly?: boolean } = {}) {
  const rows = await db
    .select()
    .from(programmes)
    .where(options.publishedOnly ? isNotNull(programmes.publishedAt) : sql`true`)
    .orderBy(desc(programmes.startsOn), asc(programmes.id));
  const counts = await db
    .select({
      programmeId: programmeMembers.programmeId,
      status: programmeMembers.status,
      n: sql<number>`count(*)::int`,
    })
    .from(programmeMembers)
    .groupBy(programmeMembers.programmeId, programmeMembers.status);
  return rows.map((p) => ({
    programme: p,
    approved: counts.find((c) => c.programmeId === p.id && c.status === 'approved')?.n ?? 0,
    waiting: counts.find((c) => c.programmeId === p.id && c.status === 'applied')?.n ?? 0,
  }));
}

export async function findProgramme(db: Database, id: number) {
  const [programme] = await db.select().from(programmes).where(eq(programmes.id, id));
  if (!programme) return undefined;
  const [orgs, centerRows, deskRows] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        nameEn: organisations.nameEn,
        kind: organisations.kind,
      })
      .from(programmeOrganisations)
      .innerJoin(organisations, eq(organisations.id, programmeOrganisations.organisationId))
      .where(eq(programmeOrganisations.programmeId, id))
      .orderBy(asc(organisations.id)),
    db
      .select({ id: centers.id, name: centers.name, nameEn: centers.nameEn, lat: centers.lat, lng: centers.lng })
      .from(programmeCenters)
      .innerJoin(centers, eq(centers.id, programmeCenters.centerId))
      .where(eq(programmeCenters.programmeId, id))
      .orderBy(asc(centers.id)),
    db
      .select({ id: desks.id, label: desks.label, centerId: zones.centerId })
      .from(programmeDesks)
      .innerJoin(desks, eq(desks.id, programmeDesks.deskId))
      .innerJoin(zones, eq(zones.id, desks.zoneId))
      .where(eq(programmeDesks.programmeId, id))
      .orderBy(asc(desks.label)),
  ]);
  return { programme, organisations: orgs, centers: centerRows, desks: deskRows };
}
export type ProgrammeDetail = NonNullable<Awaited<ReturnType<typeof findProgramme>>>;

export async function setPublished(db: Database, id: number, summary: unknown, at: Date | null): Promise<void> {
  await db
    .update(programmes)
    .set({ publishedAt: at, publishedSummary: at ? summary : null })
    .where(eq(programmes.id, id));
}

// ── Members ──

export async function membersOf(db: Database, programmeId: number) {
  return db
    .select({
      member: programmeMembers,
      username: users.username,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      organisationId: users.organisationId,
    })
    .from(programmeMembers)
    .innerJoin(users, eq(users.id, programmeMembers.userId))
    .where(eq(programmeMembers.programmeId, programmeId))
    .orderBy(asc(programmeMembers.appliedAt), asc(programmeMembers.id));
}

export async function memberOf(db: Database, programmeId: number, userId: number) {
  const [row] = await db
    .select()
    .from(programmeMembers)
    .where(and(eq(programmeMembers.programmeId, programmeId), eq(programmeMembers.userId, userId)));
  return row;
}

export async function memberById(db: Database, id: number) {
  const [row] = await db.select().from(programmeMembers).where(eq(programmeMembers.id, id));
  return row;
}

export async function membershipsOf(db: Database, userId: number) {
  return db
    .select({ member: programmeMembers, programme: programmes })
    .from(programmeMembers)
    .innerJoin(programmes, eq(programmes.id, programmeMembers.programmeId))
    .where(eq(programmeMembers.userId, userId))
    .orderBy(asc(programmes.startsOn));
}

export async function insertMember(
  db: Database,
  m: { programmeId: number; userId: number; status: MemberStatus; sealedEligibility: string | null; appliedAt: Date },
): Promise<MemberRow> {
  const [row] = await db.insert(programmeMembers).values(m).returning();
  return row!;
}

export async function updateMember(
  db: Database,
  id: number,
  set: Partial<Pick<MemberRow, 'status' | 'sealedEligibility' | 'approvedOn' | 'decidedById'>>,
): Promise<MemberRow> {
  const [row] = await db.update(programmeMembers).set(set).where(eq(programmeMembers.id, id)).returning();
  return row!;
}

/** Withdrawal: the membership and its declaration go; only aggregated totals stay (see addWithdrawnTotals). */
export async function deleteMember(db: Database, id: number, programmeId: number, userId: number): Promise<void> {
  await db.delete(programmeMembers).where(eq(programmeMembers.id, id));
  await db
    .delete(programmeSurveyDone)
    .where(and(eq(programmeSurveyDone.programmeId, programmeId), eq(programmeSurveyDone.userId, userId)));
}

export async function userByUsername(db: Database, username: string) {
  const [row] = await db
    .select({ id: users.id, organisationId: users.organisationId, disabled: users.disabled })
    .from(users)
    .where(eq(users.username, username));
  return row;
}

// ── Outcome data ──

/** Homes and headquarters of the given people, for the commute estimate. */
export async function commutePoints(db: Database, userIds: number[]) {
  if (!userIds.length)
    return new Map<number, { home?: { lat: number; lng: number }; hq?: { lat: number; lng: number } }>();
  const rows = await db
    .select({
      userId: users.id,
      homeLat: userHomes.lat,
      homeLng: userHomes.lng,
      hqLat: organisations.hqLat,
      hqLng: organisations.hqLng,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(userHomes, eq(userHomes.userId, users.id))
    .where(inArray(users.id, userIds));
  return new Map(
    rows.map((r) => [
      r.userId,
      {
        home: r.homeLat !== null && r.homeLng !== null ? { lat: r.homeLat, lng: r.homeLng } : undefined,
        hq: r.hqLat !== null && r.hqLng !== null ? { lat: r.hqLat, lng: r.hqLng } : undefined,
      },
    ]),
  );
}

/** Desk bookings (not rooms) of these people starting between the Seoul dates `from` and `to` inclusive. */
export async function deskBookingsOf(
  db: Database,
  userIds: number[],
  from: string,
  to: string,
): Promise<(Omit<OutcomeBooking, 'member'> & { userId: number })[]> {
  if (!userIds.length || to < from) return [];
  const rows = await bookingsAtCenters(
    db.select({
      userId: bookings.userId,
      startsAt: bookings.startsAt,
      status: bookings.status,
      deskId: bookings.deskId,
      centerId: centers.id,
      lat: centers.lat,
      lng: centers.lng,
    }),
  ).where(
    and(
      inArray(bookings.userId, userIds),
      eq(bookings.holdsDesk, true),
      gte(bookings.startsAt, seoulInstant(from, 0)),
      lt(bookings.startsAt, seoulInstant(addDaysToDate(to, 1), 0)),
    ),
  );
  return rows.map((r) => ({
    userId: r.userId,
    date: seoulDate(r.startsAt),
    status: r.status,
    deskId: r.deskId,
    centerId: r.centerId,
    center: { lat: r.lat, lng: r.lng },
  }));
}

export async function withdrawnTotalsOf(db: Database, programmeId: number): Promise<WithdrawnTotals[]> {
  return db.select().from(programmeWithdrawnTotals).where(eq(programmeWithdrawnTotals.programmeId, programmeId));
}

export async function addWithdrawnTotals(db: Database, programmeId: number, rows: WithdrawnTotals[]): Promise<void> {
  for (const r of rows) {
    const t = programmeWithdrawnTotals;
    await db
      .insert(t)
      .values({ programmeId, ...r })
      .onConflictDoUpdate({
        target: [t.programmeId, t.targetGroup],
        set: {
          people: sql`${t.people} + ${r.people}`,
          smartWorkDays: sql`${t.smartWorkDays} + ${r.smartWorkDays}`,
          weeks: sql`${t.weeks} + ${r.weeks}`,
          baselineDays: sql`${t.baselineDays} + ${r.baselineDays}`,
          baselineWeeks: sql`${t.baselineWeeks} + ${r.baselineWeeks}`,
          bookings: sql`${t.bookings} + ${r.bookings}`,
          cancelled: sql`${t.cancelled} + ${r.cancelled}`,
          noShows: sql`${t.noShows} + ${r.noShows}`,
          started: sql`${t.started} + ${r.started}`,
          kmSaved: sql`${t.kmSaved} + ${r.kmSaved}`,
          minutesSaved: sql`${t.minutesSaved} + ${r.minutesSaved}`,
        },
      });
  }
}

// ── Surveys ──

export async function surveyAnswersOf(db: Database, programmeId: number): Promise<SurveyAnswer[]> {
  const rows = await db
    .select()
    .from(programmeSurveyAnswers)
    .where(eq(programmeSurveyAnswers.programmeId, programmeId));
  return rows.map((r) => ({
    phase: r.phase as SurveyPhase,
    satisfaction: r.satisfaction,
    productivity: r.productivity,
    balance: r.balance,
  }));
}

export async function surveyPhasesDone(db: Database, programmeId: number, userId: number): Promise<SurveyPhase[]> {
  const rows = await db
    .select({ phase: programmeSurveyDone.phase })
    .from(programmeSurveyDone)
    .where(and(eq(programmeSurveyDone.programmeId, programmeId), eq(programmeSurveyDone.userId, userId)));
  return rows.map((r) => r.phase as SurveyPhase);
}

/** The answer, unlinked from the person, and that they answered: false when they already had. */
export async function recordSurvey(
  db: Database,
  programmeId: number,
  userId: number,
  answer: SurveyAnswer,
): Promise<boolean> {
  const done = await db
    .insert(programmeSurveyDone)
    .values({ programmeId, userId, phase: answer.phase })
    .onConflictDoNothing()
    .returning();
  if (!done.length) return false;
  await db.insert(programmeSurveyAnswers).values({ programmeId, ...answer });
  return true;
}

/** Organisations and centers to choose from on the programme form. */
export async function choices(db: Database) {
  const [orgs, centerRows] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        nameEn: organisations.nameEn,
        kind: organisations.kind,
      })
      .from(organisations)
      .orderBy(asc(organisations.id)),
    db
      .select({ id: centers.id, name: centers.name, nameEn: centers.nameEn })
      .from(centers)
      .where(not(eq(centers.code, '')))
      .orderBy(asc(centers.id)),
  ]);
  return { organisations: orgs, centers: centerRows };
}
