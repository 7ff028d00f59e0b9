import { mayOperate } from '../centers/operators.js';
import { centerExists } from '../centers/repository.js';
import type { Database } from '../db/client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Role } from './users.js';

/**
 * Who may do what, in one place: role × action × scope. Routes ask `authorize` and never test
 * roles themselves. 'network' actions concern the whole network (administrators); 'center'
 * actions concern one center, allowed to the people who run it (its operators, and administrators).
 */
export const POLICY = {
  'center.list': { roles: ['admin'], scope: 'network' },
  'center.create': { roles: ['admin'], scope: 'network' },
  'center.edit': { roles: ['admin'], scope: 'network' },
  'center.operate': { roles: ['operator', 'admin'], scope: 'center' },
  'center.space': { roles: ['operator', 'admin'], scope: 'center' },
  'people.manage': { roles: ['admin'], scope: 'network' },
  'audit.view': { roles: ['admin'], scope: 'network' },
  'programme.manage': { roles: ['admin'], scope: 'network' },
} as const satisfies Record<string, { roles: readonly Role[]; scope: 'network' | 'center' }>;
export type Action = keyof typeof POLICY;

export interface Actor {
  id: number;
  role: Role;
}

/** Whether the role may take the action at all, before any scope. */
export function roleMay(role: Role, action: Action): boolean {
  return (POLICY[action].roles as readonly Role[]).includes(role);
}

/**
 * Throws ForbiddenError unless the actor may take the action (on that center, for center actions).
 * An operator reaching a center they do not run is told so ('policy.notYours'), not "not found".
 */
export async function authorize(
  db: Database,
  actor: Actor,
  action: Action,
  scope: { centerId?: number } = {},
): Promise<void> {
  if (!roleMay(actor.role, action)) throw new ForbiddenError('error.forbidden');
  if (POLICY[action].scope === 'center') {
    if (scope.centerId === undefined) throw new Error(`${action} needs a center`);
    if (!(await mayOperate(db, actor, scope.centerId))) throw new ForbiddenError('policy.notYours');
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
