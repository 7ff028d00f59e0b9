import { describe, expect, it } from 'vitest';
import { grantableRoles, POLICY } from '../../src/auth/policy.js';
import { mayUseZone } from '../../src/centers/access.js';
import { APPROVAL_TRANSITIONS, fitsQuota, mayRequestFrom, quotaLimit } from '../../src/partners/rules.js';
import { ROLES } from '../../src/people/service.js';

describe('partner quotas', () => {
  it.each([
    [30, 10, 3],
    [30, 4, 2],
    [1, 3, 1],
    [100, 7, 7],
    [25, 8, 2],
    [50, 0, 0],
  ])('%i%% of %i desks is %i desks a day (rounded up)', (percent, desks, limit) => {
    expect(quotaLimit(percent, desks)).toBe(limit);
  });

  it('admits a new desk only under the limit, and a desk already held that day always', () => {
    const fact = { organisationId: 1, percent: 25, bookableDesks: 8, heldDeskIds: [11] };
    expect(fitsQuota(fact, 12)).toBe(true);
    const full = { ...fact, heldDeskIds: [11, 12] };
    expect(fitsQuota(full, 13)).toBe(false);
    expect(fitsQuota(full, 11)).toBe(true);
  });
});

describe('zones with partner shares and civilians', () => {
  const partner = { organisationId: 9, organisationKind: 'private' as const };
  const civilian = { organisationId: 5, organisationKind: 'civilian' as const };
  it('opens the shared zones to a partner with a share of the center, never another partner’s zone', () => {
    expect(mayUseZone(partner, { partnerOrganisationId: null }, true)).toBe(true);
    expect(mayUseZone(partner, { partnerOrganisationId: null }, false)).toBe(false);
    expect(mayUseZone(partner, { partnerOrganisationId: 10 }, true)).toBe(false);
  });
  it('lets civilians use the shared zones (their approval is its own rule), not a partner’s', () => {
    expect(mayUseZone(civilian, { partnerOrganisationId: null })).toBe(true);
    expect(mayUseZone(civilian, { partnerOrganisationId: 9 })).toBe(false);
  });
});

describe('civilian approvals', () => {
  it('decides only from the states a decision applies to, and asks again only after a no', () => {
    expect(APPROVAL_TRANSITIONS.refuse).toEqual(['requested']);
    expect(APPROVAL_TRANSITIONS.revoke).toEqual(['approved']);
    expect(APPROVAL_TRANSITIONS.approve).not.toContain('approved');
    expect(mayRequestFrom(undefined)).toBe(true);
    expect(mayRequestFrom('refused')).toBe(true);
    expect(mayRequestFrom('revoked')).toBe(true);
    expect(mayRequestFrom('requested')).toBe(false);
    expect(mayRequestFrom('approved')).toBe(false);
  });
});

describe('partner administrators in the policy', () => {
  it('give only employee and manager roles; administrators give every role', () => {
    expect(grantableRoles({ id: 1, role: 'partner_admin' }, ROLES)).toEqual(['employee', 'manager']);
    expect(grantableRoles({ id: 1, role: 'admin' }, ROLES)).toEqual(ROLES);
  });
  it('act only through organisation-scoped actions', () => {
    for (const [action, rule] of Object.entries(POLICY)) {
      if ((rule.roles as readonly string[]).includes('partner_admin')) expect(rule.scope, action).toBe('organisation');
    }
  });
});
