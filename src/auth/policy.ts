import { mayOperate, operatedCenterIds } from '../centers/operators.js';
import { centerExists } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { organisationsOperatedBy } from '../partners/repository.js';
import type { Role } from './users.js';

/**
 * Who may do what, in one place: role × action × scope. Routes ask `authorize` and never test
 * roles themselves. 'network' actions concern the whole network (administrators); 'center'
 * actions concern one center, allowed to the people who run it (its operators, and administrators);
 * 'organisation' actions concern one organisation: its partner administrator acts only within their
 * own organisation, an operator within the organisations whose centers they run, an administrator in all.
 */
export const POLICY = {
  'center.list': { roles: ['admin'], scope: 'network' },
  'center.create': { roles: ['admin'], scope: 'network' },
  'center.edit': { roles: ['admin'], scope: 'network' },
  'center.operate': { roles: ['operator', 'admin'], scope: 'center' },
  'center.space': { roles: ['operator', 'admin'], scope: 'center' },
  'people.manage': { roles: ['admin', 'partner_admin'], scope: 'organisation' },
  'people.import': { roles: ['admin'], scope: 'network' },
  'organisations.manage': { roles: ['admin'], scope: 'network' },
  'audit.view': { roles: ['admin'], scope: 'network' },
  'security.manage': { roles: ['admin'], scope: 'network' },
  'closures.manage': { roles: ['admin'], scope: 'network' },
  'partnerShare.view': { roles: ['operator', 'admin'], scope: 'center' },
  'partnerShare.edit': { roles: ['admin'], scope: 'network' },
  'partner.usage': { roles: ['partner_admin', 'admin'], scope: 'organisation' },
  'civilian.decide': { roles: ['operator', 'admin'], scope: 'organisation' },
  // Utilisation reports: a center's for the people who run it, the whole network's for administrators.
  'report.center': { roles: ['operator', 'admin'], scope: 'center' },
  'report.network': { roles: ['admin'], scope: 'network' },
  'programme.manage': { roles: ['admin'], scope: 'network' },
} as const satisfies Record<string, { roles: readonly Role[]; scope: Scope }>;
export type Scope = 'network' | 'center' | 'organisation';
export type Action = keyof typeof POLICY;

export interface Actor {
  id: number;
  role: Role;
  /** Needed for 'organisation' actions. */
  organisationId?: number;
}

/** The roles a partner administrator may give: never operator, admin or partner administrator. */
export const PARTNER_GRANTABLE_ROLES: readonly Role[] = ['employee', 'manager'];

/** Which roles this actor may give to people (admins any). */
export function grantableRoles(actor: Actor, all: readonly Role[]): readonly Role[] {
  return actor.role === 'admin' ? all : all.filter((r) => PARTNER_GRANTABLE_ROLES.includes(r));
}

/**
 * The organisations an actor acts in for an 'organisation' action: undefined is all (administrators);
 * a partner administrator their own; an operator those whose centers they run.
 */
export async function actingOrganisations(db: Database, actor: Actor): Promise<number[] | undefined> {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'operator') return organisationsOperatedBy(db, (await operatedCenterIds(db, actor)) ?? []);
  return actor.organisationId === undefined ? [] : [actor.organisationId];
}

/** Whether the role may take the action at all, before any scope. */
export function roleMay(role: Role, action: Action): boolean {
  return (POLICY[action].roles as readonly Role[]).includes(role);
}

/**
 * For a screen that lists what an action covers across its scope (the shares of the centers an
 * operator runs, the requests to an operator's organisations): the role may take the action at
 * all; the screen then lists only what the actor's scope covers.
 */
export function authorizeListing(actor: Actor, action: Action): void {
  if (!roleMay(actor.role, action)) throw new ForbiddenError('error.forbidden');
}

/**
 * Throws ForbiddenError unless the actor may take the action (on that center, for center actions).
 * An operator reaching a center they do not run is told so ('policy.notYours'), not "not found".
 */
export async function authorize(
  db: Database,
  actor: Actor,
  action: Action,
  scope: { centerId?: number; organisationId?: number } = {},
): Promise<void> {
  if (!roleMay(actor.role, action)) throw new ForbiddenError('error.forbidden');
  const kind: Scope = POLICY[action].scope;
  if (kind === 'center') {
    if (scope.centerId === undefined) throw new Error(`${action} needs a center`);
    if (!(await mayOperate(db, actor, scope.centerId))) throw new ForbiddenError('policy.notYours');
  }
  // Without an organisation the question is "may they open the screen at all" (its list is filtered).
  if (kind === 'organisation' && scope.organisationId !== undefined) {
    const mine = await actingOrganisations(db, actor);
    if (mine && !mine.includes(scope.organisationId)) throw new ForbiddenError('policy.notYourOrganisation');
  }
}

/**
 * The center named in a URL for a center action: 404 when it does not exist, 403 ('not yours')
 * when it exists but this person does not run it.
 */
export async function authorizeCenter(db: Database, actor: Actor, action: Action, centerId: number | undefined) {
  if (centerId === undefined || !(await centerExists(db, centerId))) throw new NotFoundError('center.notFound');
  await authorize(db, actor, action, { centerId });
  return centerId;
}
