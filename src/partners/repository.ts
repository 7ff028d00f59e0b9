import {
  and,
  asc,
  count,
  countDistinct,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { activeOverlapping } from '../bookings/repository.js';
import type { Database } from '../db/client.js';
import { bookingsAtCenters, bookingsAtZones } from '../db/joins.js';
import {
  bookings,
  centers,
  civilianApprovals,
  desks,
  organisations,
  partnerShares,
  users,
  zones,
} from '../db/schema.js';
import { addDaysToDate, seoulInstant } from '../time/seoul.js';
import type { ApprovalStatus, PartnerQuotaFact } from './rules.js';

/** All SQL of public–private centers: partner shares, the quota fact, civilian approvals, partner usage. */

export type ShareRow = typeof partnerShares.$inferSelect;
export type ApprovalRow = typeof civilianApprovals.$inferSelect;

const shareValidOn = (date: string): SQL =>
  and(lte(partnerShares.validFrom, date), or(isNull(partnerShares.validTo), gte(partnerShares.validTo, date)))!;

/** The organisation's share of the center valid on the date (the latest starting one), if any. */
export async function shareOn(
  db: Database,
  centerId: number,
  organisationId: number,
  date: string,
): Promise<ShareRow | undefined> {
  const [row] = await db
    .select()
    .from(partnerShares)
    .where(
      and(eq(partnerShares.centerId, centerId), eq(partnerShares.organisationId, organisationId), shareValidOn(date)),
    )
    .orderBy(desc(partnerShares.validFrom), desc(partnerShares.id))
    .limit(1);
  return row;
}

/** The center's bookable desks: active desks (not rooms) in active zones. Out of service still counts (it is temporary). */
export async function bookableDeskCount(db: Database, centerId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(desks)
    .innerJoin(zones, eq(desks.zoneId, zones.id))
    .where(and(eq(zones.centerId, centerId), eq(zones.active, true), eq(desks.active, true), eq(desks.kind, 'desk')));
  return Number(row?.n ?? 0);
}

/** The desks an organisation's staff hold at a center on a Seoul date (active bookings). */
export async function organisationDeskIds(
  db: Database,
  centerId: number,
  organisationId: number,
  date: string,
  exceptBookingId?: number,
): Promise<number[]> {
  const rows = await bookingsAtZones(db.selectDistinct({ deskId: bookings.deskId }))
    .innerJoin(users, eq(bookings.userId, users.id))
    .where(
      and(
        eq(zones.centerId, centerId),
        eq(users.organisationId, organisationId),
        eq(bookings.holdsDesk, true),
        activeOverlapping(seoulInstant(date, 0), seoulInstant(addDaysToDate(date, 1), 0)),
        exceptBookingId === undefined ? undefined : ne(bookings.id, exceptBookingId),
      ),
    );
  return rows.map((r) => r.deskId);
}

/**
 * The `partnerQuota` fact of book(): undefined when the organisation has no share of the center that
 * day. Inside a booking's transaction it first takes a transaction-level advisory lock on
 * (center, organisation, day), so two of the partner's bookings for that day are admitted one after
 * the other and each counts the other's desk: the quota holds under concurrent bookings. The lock is
 * released when the booking's transaction ends; outside a transaction (previews) it is released at once.
 */
export async function partnerQuotaFact(
  db: Database,
  person: { organisationId: number; organisationKind: string },
  centerId: number,
  date: string,
  exceptBookingId?: number,
): Promise<PartnerQuotaFact | undefined> {
  if (person.organisationKind !== 'private') return undefined;
  const share = await shareOn(db, centerId, person.organisationId, date);
  if (!share) return undefined;
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`partner_quota:${centerId}:${person.organisationId}:${date}`}, 0))`,
  );
  const [bookableDesks, heldDeskIds] = await Promise.all([
    bookableDeskCount(db, centerId),
    organisationDeskIds(db, centerId, person.organisationId, date, exceptBookingId),
  ]);
  return { organisationId: person.organisationId, percent: share.percent, bookableDesks, heldDeskIds };
}

// ---- Partner shares (administration) ----

export interface ShareListRow extends ShareRow {
  centerName: string;
  centerNameEn: string;
  organisationName: string;
  organisationNameEn: string;
}

export async function listShares(db: Database, filter: { centerIds?: number[]; organisationId?: number } = {}) {
  if (filter.centerIds && filter.centerIds.length === 0) return [];
  return db
    .select({
      id: partnerShares.id,
      centerId: partnerShares.centerId,
      organisationId: partnerShares.organisationId,
      percent: partnerShares.percent,
      validFrom: partnerShares.validFrom,
      validTo: partnerShares.validTo,
      createdAt: partnerShares.createdAt,
      centerName: centers.name,
      centerNameEn: centers.nameEn,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
    })
    .from(partnerShares)
    .innerJoin(centers, eq(partnerShares.centerId, centers.id))
    .innerJoin(organisations, eq(partnerShares.organisationId, organisations.id))
    .where(
      and(
        filter.centerIds ? inArray(partnerShares.centerId, filter.centerIds) : undefined,
        filter.organisationId === undefined ? undefined : eq(partnerShares.organisationId, filter.organisationId),
      ),
    )
    .orderBy(asc(centers.name), asc(organisations.name), desc(partnerShares.validFrom));
}

export async function findShare(db: Database, id: number): Promise<ShareRow | undefined> {
  const [row] = await db.select().from(partnerShares).where(eq(partnerShares.id, id));
  return row;
}

export type ShareValues = Pick<ShareRow, 'centerId' | 'organisationId' | 'percent' | 'validFrom' | 'validTo'>;

export async function insertShare(db: Database, values: ShareValues): Promise<ShareRow> {
  const [row] = await db.insert(partnerShares).values(values).returning();
  return row!;
}

export async function updateShare(db: Database, id: number, values: ShareValues): Promise<ShareRow> {
  const [row] = await db.update(partnerShares).set(values).where(eq(partnerShares.id, id)).returning();
  return row!;
}

export async function deleteShare(db: Database, id: number): Promise<void> {
  await db.delete(partnerShares).where(eq(partnerShares.id, id));
}

/** Shares of the same center and organisation whose dates meet the given ones. */
export async function overlappingShare(db: Database, v: ShareValues, exceptId?: number): Promise<ShareRow | undefined> {
  const [row] = await db
    .select()
    .from(partnerShares)
    .where(
      and(
        eq(partnerShares.centerId, v.centerId),
        eq(partnerShares.organisationId, v.organisationId),
        v.validTo === null ? undefined : lte(partnerShares.validFrom, v.validTo),
        or(isNull(partnerShares.validTo), gte(partnerShares.validTo, v.validFrom)),
        exceptId === undefined ? undefined : ne(partnerShares.id, exceptId),
      ),
    )
    .limit(1);
  return row;
}

export async function organisationKindOf(db: Database, id: number) {
  const [row] = await db
    .select({ kind: organisations.kind, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row;
}

export async function centerOperatorOrganisation(db: Database, centerId: number) {
  const [row] = await db
    .select({ id: centers.id, operatorOrganisationId: centers.operatorOrganisationId })
    .from(centers)
    .where(eq(centers.id, centerId));
  return row;
}

// ---- Partner usage ----

/** Desks an organisation's staff held per center per day in [from, to] (Seoul dates). */
export async function usageByCenterDay(db: Database, organisationId: number, from: string, to: string) {
  const day = sql<string>`to_char(${bookings.startsAt} at time zone 'Asia/Seoul', 'YYYY-MM-DD')`;
  const rows = await bookingsAtCenters(
    db.select({
      centerId: zones.centerId,
      centerName: centers.name,
      centerNameEn: centers.nameEn,
      date: day,
      desks: countDistinct(bookings.deskId),
      bookings: count(),
    }),
  )
    .innerJoin(users, eq(bookings.userId, users.id))
    .where(
      and(
        eq(users.organisationId, organisationId),
        eq(bookings.holdsDesk, true),
        inArray(bookings.status, ['booked', 'checked_in', 'completed']),
        gte(bookings.startsAt, seoulInstant(from, 0)),
        sql`${bookings.startsAt} < ${seoulInstant(addDaysToDate(to, 1), 0).toISOString()}::timestamptz`,
      ),
    )
    .groupBy(zones.centerId, centers.name, centers.nameEn, day)
    .orderBy(day, asc(centers.name));
  return rows.map((r) => ({ ...r, desks: Number(r.desks), bookings: Number(r.bookings) }));
}

// ---- Civilian approvals ----

/** Whether a civilian holds an approval from the organisation that runs the center. */
export async function approvalStatus(
  db: Database,
  userId: number,
  organisationId: number,
): Promise<ApprovalStatus | undefined> {
  const [row] = await db
    .select({ status: civilianApprovals.status })
    .from(civilianApprovals)
    .where(and(eq(civilianApprovals.userId, userId), eq(civilianApprovals.organisationId, organisationId)));
  return row?.status as ApprovalStatus | undefined;
}

export async function findApproval(db: Database, id: number): Promise<ApprovalRow | undefined> {
  const [row] = await db.select().from(civilianApprovals).where(eq(civilianApprovals.id, id));
  return row;
}

export async function findApprovalFor(db: Database, userId: number, organisationId: number) {
  const [row] = await db
    .select()
    .from(civilianApprovals)
    .where(and(eq(civilianApprovals.userId, userId), eq(civilianApprovals.organisationId, organisationId)));
  return row;
}

export async function upsertRequest(db: Database, userId: number, organisationId: number, note: string, at: Date) {
  const [row] = await db
    .insert(civilianApprovals)
    .values({ userId, organisationId, note, status: 'requested', requestedAt: at })
    .onConflictDoUpdate({
      target: [civilianApprovals.userId, civilianApprovals.organisationId],
      set: { status: 'requested', note, requestedAt: at, decidedAt: null, decidedById: null },
    })
    .returning();
  return row!;
}

/** Changes the status only from one of `from` (so two operators deciding at once cannot both win). */
export async function setApprovalStatus(
  db: Database,
  id: number,
  from: readonly ApprovalStatus[],
  to: ApprovalStatus,
  by: number,
  at: Date,
): Promise<ApprovalRow | undefined> {
  const [row] = await db
    .update(civilianApprovals)
    .set({ status: to, decidedAt: at, decidedById: by })
    .where(and(eq(civilianApprovals.id, id), inArray(civilianApprovals.status, [...from])))
    .returning();
  return row;
}

/** Approvals (with the person) for the given operating organisations; all when undefined. */
export async function listApprovals(db: Database, organisationIds: number[] | undefined) {
  if (organisationIds && organisationIds.length === 0) return [];
  return db
    .select({
      id: civilianApprovals.id,
      userId: civilianApprovals.userId,
      organisationId: civilianApprovals.organisationId,
      status: civilianApprovals.status,
      note: civilianApprovals.note,
      requestedAt: civilianApprovals.requestedAt,
      decidedAt: civilianApprovals.decidedAt,
      username: users.username,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
    })
    .from(civilianApprovals)
    .innerJoin(users, eq(civilianApprovals.userId, users.id))
    .innerJoin(organisations, eq(civilianApprovals.organisationId, organisations.id))
    .where(organisationIds ? inArray(civilianApprovals.organisationId, organisationIds) : undefined)
    .orderBy(
      sql`case ${civilianApprovals.status} when 'requested' then 0 else 1 end`,
      desc(civilianApprovals.requestedAt),
    );
}

export async function approvalsOf(db: Database, userId: number) {
  return db.select().from(civilianApprovals).where(eq(civilianApprovals.userId, userId));
}

/** The organisations that run at least one center, for a civilian to ask. */
export async function operatingOrganisations(db: Database) {
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .innerJoin(centers, eq(centers.operatorOrganisationId, organisations.id))
    .orderBy(asc(organisations.name));
}

/** The organisations whose centers this operator runs (their approvals are theirs to decide). */
export async function organisationsOperatedBy(db: Database, centerIds: number[]): Promise<number[]> {
  if (!centerIds.length) return [];
  const rows = await db
    .selectDistinct({ id: centers.operatorOrganisationId })
    .from(centers)
    .where(inArray(centers.id, centerIds));
  return rows.map((r) => r.id).filter((id): id is number => id !== null);
}

/** What the share form offers: every center, and the private (partner) organisations. */
export async function partnerShareChoices(db: Database) {
  const [centerRows, orgRows] = await Promise.all([
    db.select({ id: centers.id, name: centers.name, nameEn: centers.nameEn }).from(centers).orderBy(asc(centers.name)),
    db
      .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
      .from(organisations)
      .where(eq(organisations.kind, 'private'))
      .orderBy(asc(organisations.name)),
  ]);
  return { centers: centerRows, organisations: orgRows };
}

/**
 * Whether a partner organisation has a share of the center on or after `date`: the zone check
 * before a series or a desk list (each date is then checked by book()'s partnerQuota rule).
 */
export async function sharesCenterFrom(
  db: Database,
  person: { organisationId: number; organisationKind: string },
  centerId: number,
  date: string,
): Promise<boolean> {
  if (person.organisationKind !== 'private') return false;
  const [row] = await db
    .select({ id: partnerShares.id })
    .from(partnerShares)
    .where(
      and(
        eq(partnerShares.centerId, centerId),
        eq(partnerShares.organisationId, person.organisationId),
        or(isNull(partnerShares.validTo), gte(partnerShares.validTo, date)),
      ),
    )
    .limit(1);
  return row !== undefined;
}
