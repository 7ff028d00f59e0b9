import { and, asc, eq } from 'drizzle-orm';
import { recordAdminChange } from '../admin/audit.js';
import type { Database } from '../db/client.js';
import { organisations, teams, users } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';

/** Organisations (public or private) and their teams with their managers, edited by administrators and audited. */

export interface OrganisationInput {
  code: string;
  name: string;
  nameEn: string;
  kind: 'public' | 'private' | 'civilian';
}

export interface TeamInput {
  code: string;
  organisationId: number;
  name: string;
  nameEn: string;
  /** The manager's username, or null for none. */
  manager: string | null;
}

interface Change {
  actorId: number;
  at: Date;
}

export async function listOrganisationsWithTeams(db: Database) {
  const [orgs, teamRows] = await Promise.all([
    db.select().from(organisations).orderBy(asc(organisations.name)),
    db
      .select({ team: teams, manager: users.username })
      .from(teams)
      .leftJoin(users, eq(teams.managerId, users.id))
      .orderBy(asc(teams.name)),
  ]);
  return orgs.map((o) => ({ ...o, teams: teamRows.filter((t) => t.team.organisationId === o.id) }));
}

export async function findOrganisation(db: Database, id: number) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findTeam(db: Database, id: number) {
  const [row] = await db
    .select({ team: teams, manager: users.username })
    .from(teams)
    .leftJoin(users, eq(teams.managerId, users.id))
    .where(eq(teams.id, id));
  return row;
}

export async function saveOrganisation(
  db: Database,
  id: number | undefined,
  input: OrganisationInput,
  change: Change,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.code, input.code));
    if (taken && taken.id !== id)
      throw new ValidationError({ code: { key: 'org.error.codeTaken', params: { code: input.code } } });
    const before = id === undefined ? undefined : await findOrganisation(tx, id);
    if (id !== undefined && !before) throw new NotFoundError('org.notFound');
    const [row] =
      id === undefined
        ? await tx.insert(organisations).values(input).returning()
        : await tx.update(organisations).set(input).where(eq(organisations.id, id)).returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'organisation',
      entityId: row!.id,
      action: id === undefined ? 'create' : 'update',
      before,
      after: row,
      at: change.at,
    });
    return row!.id;
  });
}

export async function saveTeam(
  db: Database,
  id: number | undefined,
  input: TeamInput,
  change: Change,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.code, input.code));
    if (taken && taken.id !== id)
      throw new ValidationError({ code: { key: 'org.error.codeTaken', params: { code: input.code } } });
    if (!(await findOrganisation(tx, input.organisationId)))
      throw new ValidationError({ organisationId: { key: 'people.error.organisation' } });
    let managerId: number | null = null;
    if (input.manager) {
      const [m] = await tx
        .select()
        .from(users)
        .where(and(eq(users.username, input.manager), eq(users.disabled, false)));
      if (!m)
        throw new ValidationError({
          manager: { key: 'team.error.managerUnknown', params: { username: input.manager } },
        });
      if (m.organisationId !== input.organisationId)
        throw new ValidationError({
          manager: { key: 'team.error.managerOrganisation', params: { username: input.manager } },
        });
      if (m.role !== 'manager' && m.role !== 'admin')
        throw new ValidationError({ manager: { key: 'team.error.managerRole', params: { username: input.manager } } });
      managerId = m.id;
    }
    const before = id === undefined ? undefined : (await findTeam(tx, id))?.team;
    if (id !== undefined && !before) throw new NotFoundError('team.notFound');
    const values = {
      code: input.code,
      organisationId: input.organisationId,
      name: input.name,
      nameEn: input.nameEn,
      managerId,
    };
    const [row] =
      id === undefined
        ? await tx.insert(teams).values(values).returning()
        : await tx.update(teams).set(values).where(eq(teams.id, id)).returning();
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'team',
      entityId: row!.id,
      action: id === undefined ? 'create' : 'update',
      before,
      after: row,
      at: change.at,
    });
    return row!.id;
  });
}
