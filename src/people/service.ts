import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, gt, ilike, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { recordAdminChange } from '../admin/audit.js';
import { hashPassword } from '../auth/password.js';
import { normaliseUsername } from '../auth/users.js';
import { cancelMatching } from '../bookings/cancellations.js';
import { noticeParams } from '../bookings/notices.js';
import { activeFrom } from '../bookings/repository.js';
import { HOME_AREAS } from '../centers/distance.js';
import type { Database } from '../db/client.js';
import { bookings, centerOperators, centers, organisations, sessions, teams, userHomes, users } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { text } from '../validation/input.js';

/**
 * Administrators' changes to people: create, edit (role, organisation, team, weekly hours,
 * centers run), deactivate (their future bookings cancelled, each with a notice; history kept)
 * and a CSV import that writes nothing until every row is right. Each change is audited.
 */

export const ROLES = ['employee', 'manager', 'operator', 'admin', 'partner_admin'] as const;

export interface PersonInput {
  username: string;
  displayName: string;
  displayNameEn: string;
  role: (typeof ROLES)[number];
  organisationId: number;
  teamId: number | null;
  contractedWeekMinutes: number | null;
  /** The centers an operator runs (ignored for the other roles). */
  centerIds: number[];
  /** The person's home district (a code of HOME_AREAS), to rank centers near home; null: not given. */
  homeArea?: string | null;
}

interface Change {
  actorId: number;
  at: Date;
}

/** People made here cannot sign in until an administrator gives them a reset link: nobody knows this password. */
const unusablePasswordHash = () => hashPassword(randomBytes(32).toString('base64url'));

export const usernameSchema = text(64)
  .transform(normaliseUsername)
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/));

/** People matching the query; only those of `organisationIds` when given (a partner administrator's own). */
export async function listPeople(db: Database, query = '', organisationIds?: number[]) {
  const q = query.trim();
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      displayNameEn: users.displayNameEn,
      role: users.role,
      disabled: users.disabled,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
      teamName: teams.name,
      teamNameEn: teams.nameEn,
    })
    .from(users)
    .innerJoin(organisations, eq(users.organisationId, organisations.id))
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(
      and(
        q ? or(ilike(users.username, `%${escapeLike(q)}%`), ilike(users.displayName, `%${escapeLike(q)}%`)) : undefined,
        organisationIds ? inArray(users.organisationId, organisationIds.length ? organisationIds : [0]) : undefined,
      ),
    )
    .orderBy(asc(users.username))
    .limit(200);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What the person form offers; only the given organisations (and their teams) when limited. */
export async function choices(db: Database, organisationIds?: number[]) {
  const only = organisationIds ? (organisationIds.length ? organisationIds : [0]) : undefined;
  const [orgs, teamRows, centerRows] = await Promise.all([
    db
      .select()
      .from(organisations)
      .where(only ? inArray(organisations.id, only) : undefined)
      .orderBy(asc(organisations.name)),
    db
      .select()
      .from(teams)
      .where(only ? inArray(teams.organisationId, only) : undefined)
      .orderBy(asc(teams.name)),
    db.select({ id: centers.id, name: centers.name, nameEn: centers.nameEn }).from(centers).orderBy(asc(centers.name)),
  ]);
  return { organisations: orgs, teams: teamRows, centers: centerRows };
}

export async function personSnapshot(db: Database, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) return undefined;
  const { passwordHash: _p, totpSecret: _s, totpLastStep: _l, ...person } = row;
  const runs = await db
    .select({ centerId: centerOperators.centerId })
    .from(centerOperators)
    .where(eq(centerOperators.userId, id))
    .orderBy(asc(centerOperators.centerId));
  const [home] = await db.select({ areaCode: userHomes.areaCode }).from(userHomes).where(eq(userHomes.userId, id));
  return { ...person, centerIds: runs.map((r) => r.centerId), homeArea: home?.areaCode ?? null };
}

/** The team must belong to the person's organisation; the username must be free. */
async function checkReferences(tx: Database, input: PersonInput, exceptId?: number) {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken && taken.id !== exceptId)
    throw new ValidationError({
      username: { key: 'people.error.usernameTaken', params: { username: input.username } },
    });
  const [org] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId));
  if (!org) throw new ValidationError({ organisationId: { key: 'people.error.organisation' } });
  if (input.teamId !== null) {
    const [team] = await tx.select().from(teams).where(eq(teams.id, input.teamId));
    if (!team || team.organisationId !== input.organisationId)
      throw new ValidationError({ teamId: { key: 'people.error.teamOrganisation' } });
  }
  if (input.centerIds.length) {
    const found = await tx.select({ id: centers.id }).from(centers).where(inArray(centers.id, input.centerIds));
    if (found.length !== new Set(input.centerIds).size)
      throw new ValidationError({ centerIds: { key: 'people.error.centers' } });
  }
}

async function setCenters(tx: Database, userId: number, input: PersonInput) {
  await tx.delete(centerOperators).where(eq(centerOperators.userId, userId));
  const ids = input.role === 'operator' ? [...new Set(input.centerIds)] : [];
  if (ids.length) await tx.insert(centerOperators).values(ids.map((centerId) => ({ centerId, userId })));
}

function userValues(input: PersonInput) {
  const { centerIds: _c, homeArea: _h, ...values } = input;
  return values;
}

/** The home district from the form: set (the district's center point), cleared, or left alone (undefined). */
async function setHomeArea(tx: Database, userId: number, input: PersonInput, at: Date) {
  if (input.homeArea === undefined) return;
  if (input.homeArea === null) {
    await tx.delete(userHomes).where(eq(userHomes.userId, userId));
    return;
  }
  const area = HOME_AREAS.find((a) => a.code === input.homeArea);
  if (!area) throw new ValidationError({ homeArea: { key: 'people.error.homeArea' } });
  const home = { areaCode: area.code, lat: area.lat, lng: area.lng, updatedAt: at };
  await tx
    .insert(userHomes)
    .values({ userId, ...home })
    .onConflictDoUpdate({ target: userHomes.userId, set: home });
}

export async function createPerson(db: Database, input: PersonInput, change: Change): Promise<number> {
  const passwordHash = await unusablePasswordHash();
  return db.transaction(async (tx) => {
    await checkReferences(tx, input);
    const [row] = await tx
      .insert(users)
      .values({ ...userValues(input), passwordHash })
      .returning({ id: users.id });
    await setCenters(tx, row!.id, input);
    await setHomeArea(tx, row!.id, input, change.at);
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'user',
      entityId: row!.id,
      action: 'create',
      after: await personSnapshot(tx, row!.id),
      at: change.at,
    });
    return row!.id;
  });
}

export async function updatePerson(db: Database, id: number, input: PersonInput, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await personSnapshot(tx, id);
    if (!before) throw new NotFoundError('people.notFound');
    await checkReferences(tx, input, id);
    await tx.update(users).set(userValues(input)).where(eq(users.id, id));
    await setCenters(tx, id, input);
    await setHomeArea(tx, id, input, change.at);
    // A changed role takes effect at the next sign-in: end their sessions so it is now.
    if (before.role !== input.role) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'user',
      entityId: id,
      action: 'update',
      before,
      after: await personSnapshot(tx, id),
      at: change.at,
    });
  });
}

/** Bookings the person still holds from now on: what deactivating them cancels. */
export async function futureBookingsOf(db: Database, userId: number, now: Date) {
  return db
    .select({ id: bookings.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(and(eq(bookings.userId, userId), activeFrom(now)))
    .orderBy(asc(bookings.startsAt));
}

/**
 * Deactivates a person: they cannot sign in (their sessions end), their future bookings are
 * cancelled through cancelMatching (each with its audit entry and a notice), and nothing else is
 * deleted, so their history stays.
 */
export async function deactivatePerson(db: Database, id: number, change: Change): Promise<number> {
  return db.transaction(async (tx) => {
    const before = await personSnapshot(tx, id);
    if (!before) throw new NotFoundError('people.notFound');
    if (before.disabled) return 0;
    await tx.update(users).set({ disabled: true }).where(eq(users.id, id));
    const cancelled = await cancelMatching(tx, and(eq(bookings.userId, id), gt(bookings.endsAt, change.at)), {
      actorId: change.actorId,
      reason: 'person deactivated',
      at: change.at,
      notice: (b) => ({ key: 'notice.bookingCancelledDeactivated', params: noticeParams(b) }),
    });
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'user',
      entityId: id,
      action: 'deactivate',
      before: { disabled: false },
      after: { disabled: true, cancelledBookings: cancelled.map((b) => b.id) },
      at: change.at,
    });
    return cancelled.length;
  });
}

export async function reactivatePerson(db: Database, id: number, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ disabled: false }).where(eq(users.id, id)).returning({ id: users.id });
    if (!row) throw new NotFoundError('people.notFound');
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'user',
      entityId: id,
      action: 'reactivate',
      before: { disabled: true },
      after: { disabled: false },
      at: change.at,
    });
  });
}

// ---- CSV import

/** The columns of an import file, in its header row (any order; the optional ones may be left out). */
export const IMPORT_COLUMNS = [
  'username',
  'display_name',
  'display_name_en',
  'role',
  'organisation_code',
  'team_code',
  'contracted_week_hours',
] as const;
const REQUIRED_COLUMNS = ['username', 'display_name', 'role', 'organisation_code'] as const;
export const IMPORT_MAX_ROWS = 2000;

export interface ImportProblem {
  /** The line number in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

const rowSchema = z.object({
  username: usernameSchema,
  display_name: text(100)
    .transform((s) => s.trim())
    .pipe(z.string().min(1)),
  display_name_en: text(100)
    .transform((s) => s.trim())
    .optional()
    .default(''),
  role: z.enum(ROLES),
  organisation_code: text(60).transform((s) => s.trim()),
  team_code: text(60)
    .transform((s) => s.trim())
    .optional()
    .default(''),
  contracted_week_hours: z
    .string()
    .trim()
    .regex(/^$|^\d{1,2}(\.5)?$/)
    .transform((s) => (s === '' ? null : Math.round(Number(s) * 60)))
    .pipe(z.number().int().min(60).max(2400).nullable())
    .optional()
    .default(null),
});

export interface ImportPlan {
  rows: PersonInput[];
  problems: ImportProblem[];
}

/**
 * Reads and checks the whole file without writing: every bad row is listed by its line, and
 * nothing is imported until there are none. csv-parse does the CSV itself (quoted commas, quotes
 * inside quotes, a BOM from Excel, CRLF), which a split(',') would get wrong.
 */
export async function planImport(db: Database, csv: string): Promise<ImportPlan> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ line, key: 'people.import.unreadable' }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 0, key: 'people.import.empty' }] };
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length || missing.length)
    return {
      rows: [],
      problems: [
        {
          line: 1,
          key: 'people.import.header',
          params: { missing: missing.join(', ') || '-', unknown: unknown.join(', ') || '-' },
        },
      ],
    };
  if (!body.length) return { rows: [], problems: [{ line: 0, key: 'people.import.empty' }] };
  if (body.length > IMPORT_MAX_ROWS)
    return { rows: [], problems: [{ line: 0, key: 'people.import.tooMany', params: { max: IMPORT_MAX_ROWS } }] };

  const [orgs, teamRows, existing] = await Promise.all([
    db.select({ id: organisations.id, code: organisations.code }).from(organisations),
    db.select({ id: teams.id, code: teams.code, organisationId: teams.organisationId }).from(teams),
    db.select({ username: users.username }).from(users),
  ]);
  const orgByCode = new Map(orgs.map((o) => [o.code, o.id]));
  const teamByCode = new Map(teamRows.map((t) => [t.code, t]));
  const taken = new Set(existing.map((u) => u.username));
  const seen = new Map<string, number>();
  const rows: PersonInput[] = [];
  const problems: ImportProblem[] = [];

  body.forEach((record, i) => {
    const line = i + 2;
    if (record.length !== columns.length) {
      problems.push({
        line,
        key: 'people.import.wrongColumns',
        params: { expected: columns.length, found: record.length },
      });
      return;
    }
    const raw = Object.fromEntries(columns.map((c, j) => [c, record[j]!]));
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const field of new Set(parsed.error.issues.map((x) => String(x.path[0]))))
        problems.push({ line, key: `people.import.invalid.${field}`, params: { value: String(raw[field] ?? '') } });
      return;
    }
    const v = parsed.data;
    const organisationId = orgByCode.get(v.organisation_code);
    const team = v.team_code ? teamByCode.get(v.team_code) : undefined;
    let bad = false;
    const problem = (key: string, params: Record<string, string | number>) => {
      problems.push({ line, key, params });
      bad = true;
    };
    if (taken.has(v.username)) problem('people.import.exists', { username: v.username });
    const earlier = seen.get(v.username);
    if (earlier !== undefined) problem('people.import.duplicate', { username: v.username, line: earlier });
    seen.set(v.username, line);
    if (organisationId === undefined) problem('people.import.organisation', { code: v.organisation_code });
    if (v.team_code && !team) problem('people.import.team', { code: v.team_code });
    else if (team && organisationId !== undefined && team.organisationId !== organisationId)
      problem('people.import.teamOrganisation', { code: v.team_code, organisation: v.organisation_code });
    if (bad) return;
    rows.push({
      username: v.username,
      displayName: v.display_name,
      displayNameEn: v.display_name_en || v.display_name,
      role: v.role,
      organisationId: organisationId!,
      teamId: team?.id ?? null,
      contractedWeekMinutes: v.contracted_week_hours,
      centerIds: [],
    });
  });
  return { rows, problems };
}

/** Imports a clean plan in one transaction: all the people, or (on any failure) none. */
export async function runImport(db: Database, plan: ImportPlan, change: Change): Promise<number> {
  if (plan.problems.length || !plan.rows.length) throw new Error('only a clean plan is imported');
  const passwordHash = await unusablePasswordHash();
  return db.transaction(async (tx) => {
    const made = await tx
      .insert(users)
      .values(plan.rows.map((r) => ({ ...userValues(r), passwordHash })))
      .returning({ id: users.id, username: users.username, role: users.role });
    for (const m of made)
      await recordAdminChange(tx, {
        actorId: change.actorId,
        entity: 'user',
        entityId: m.id,
        action: 'import',
        after: plan.rows.find((r) => r.username === m.username),
        at: change.at,
      });
    return made.length;
  });
}
