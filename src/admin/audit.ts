import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { adminChanges, users } from '../db/schema.js';

/** What can be changed from the administration screens; the audit page filters by these. */
export const AUDITED_ENTITIES = [
  'center',
  'zone',
  'desk',
  'user',
  'team',
  'organisation',
  'center_operator',
  'center_policy',
  'closure',
  'partner_share',
  'civilian_approval',
  'programme',
  'programme_member',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export interface AdminChange {
  actorId: number | null;
  entity: AuditedEntity;
  entityId: number | null;
  /** A verb: 'create', 'update', 'retire', 'deactivate', 'import'… */
  action: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** Dates become ISO strings and undefined disappears, so what is stored is what JSON shows. */
const asJson = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * The one way an administrative change is recorded: call it with the transaction that makes the
 * change, so the change and its record commit (or roll back) together.
 */
export async function recordAdminChange(tx: Database, change: AdminChange): Promise<void> {
  await tx.insert(adminChanges).values({
    actorId: change.actorId,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: asJson(change.before),
    after: asJson(change.after),
    at: change.at,
  });
}

export interface AuditFilter {
  entity?: AuditedEntity;
  /** The actor's username. */
  actor?: string;
  /** Seoul instants bounding the period: [from, until). */
  from?: Date;
  until?: Date;
  limit?: number;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string | null;
  entity: string;
  entityId: number | null;
  action: string;
  before: unknown;
  after: unknown;
}

export async function listAdminChanges(db: Database, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: (SQL | undefined)[] = [
    filter.entity ? eq(adminChanges.entity, filter.entity) : undefined,
    filter.actor ? eq(users.username, filter.actor) : undefined,
    filter.from ? gte(adminChanges.at, filter.from) : undefined,
    filter.until ? lt(adminChanges.at, filter.until) : undefined,
  ];
  return db
    .select({
      id: adminChanges.id,
      at: adminChanges.at,
      actor: users.username,
      entity: adminChanges.entity,
      entityId: adminChanges.entityId,
      action: adminChanges.action,
      before: adminChanges.before,
      after: adminChanges.after,
    })
    .from(adminChanges)
    .leftJoin(users, eq(adminChanges.actorId, users.id))
    .where(and(...where))
    .orderBy(desc(adminChanges.at), desc(adminChanges.id))
    .limit(filter.limit ?? 500);
}
