import type { Role } from './users.js';

/**
 * What each role may do. Managers, operators and administrators are employees too: they book desks
 * for themselves; so do a partner's administrators, within what their organisation may use.
 */
export const ROLE_ABILITIES = {
  book: ['employee', 'manager', 'operator', 'admin', 'partner_admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Ability = keyof typeof ROLE_ABILITIES;

export function can(role: Role, ability: Ability): boolean {
  return (ROLE_ABILITIES[ability] as readonly Role[]).includes(role);
}
