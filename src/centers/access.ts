/**
 * Who may book in a zone. Private partner organisations get a share of a center's seats as
 * their own zone: only their staff book there, and they book nowhere else. Public staff
 * book every zone that is not a partner's.
 */
export function mayUseZone(
  user: { organisationId: number; organisationKind: 'public' | 'private' },
  zone: { partnerOrganisationId: number | null },
): boolean {
  if (zone.partnerOrganisationId !== null) return zone.partnerOrganisationId === user.organisationId;
  return user.organisationKind === 'public';
}
