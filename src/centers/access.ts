/**
 * Who may book in a zone. Private partner organisations get a share of a center's seats either as
 * their own zone (only their staff book there) or as a quota of the center's shared desks
 * (`sharesCenter`: the organisation has a share of this center that day, src/partners). Without a
 * share they book nowhere but their zone. Public staff and approved civilians book every zone that
 * is not a partner's.
 */
export function mayUseZone(
  user: { organisationId: number; organisationKind: 'public' | 'private' | 'civilian' },
  zone: { partnerOrganisationId: number | null },
  sharesCenter = false,
): boolean {
  if (zone.partnerOrganisationId !== null) return zone.partnerOrganisationId === user.organisationId;
  return user.organisationKind !== 'private' || sharesCenter;
}
