/**
 * The pure rules of public–private centers (docs/partners.md): a partner organisation's quota of
 * a center's desks, and the approval a civilian needs at a center. No I/O; unit-tested.
 */

/** A partner's share of one center on one day, with what its staff already hold there that day. */
export interface PartnerQuotaFact {
  organisationId: number;
  percent: number;
  /** Active desks of the center that day (kind 'desk', in active zones). */
  bookableDesks: number;
  /** The desks the organisation's staff hold at the center that day (active bookings), the booking replaced left out. */
  heldDeskIds: number[];
}

/** How many desks a share allows: ceil(percent × desks), so a share of a small center is never zero. */
export function quotaLimit(percent: number, bookableDesks: number): number {
  return Math.ceil((percent * bookableDesks) / 100);
}

/**
 * Whether one more booking of `deskId` fits the partner's quota. A desk the organisation already
 * holds that day (another part of the day, another colleague) takes no new desk from the share.
 */
export function fitsQuota(fact: PartnerQuotaFact, deskId: number): boolean {
  if (fact.heldDeskIds.includes(deskId)) return true;
  return fact.heldDeskIds.length < quotaLimit(fact.percent, fact.bookableDesks);
}

export const APPROVAL_STATUSES = ['requested', 'approved', 'refused', 'revoked'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** The decisions an operator takes on a civilian's request, and where each may come from. */
export const APPROVAL_TRANSITIONS: Readonly<Record<'approve' | 'refuse' | 'revoke', readonly ApprovalStatus[]>> = {
  approve: ['requested', 'refused', 'revoked'],
  refuse: ['requested'],
  revoke: ['approved'],
};
export type ApprovalDecision = keyof typeof APPROVAL_TRANSITIONS;

export const decisionStatus: Record<ApprovalDecision, ApprovalStatus> = {
  approve: 'approved',
  refuse: 'refused',
  revoke: 'revoked',
};

/** A civilian may ask again once refused or revoked; a pending or approved request stays as it is. */
export const mayRequestFrom = (status: ApprovalStatus | undefined) =>
  status === undefined || status === 'refused' || status === 'revoked';
