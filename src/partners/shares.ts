import { recordAdminChange } from '../admin/audit.js';
import { type Database, inTransaction } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  bookableDeskCount,
  centerOperatorOrganisation,
  deleteShare,
  findShare,
  insertShare,
  organisationKindOf,
  overlappingShare,
  type ShareValues,
  updateShare,
} from './repository.js';
import { quotaLimit } from './rules.js';

/**
 * Administrators give a private partner organisation a share of a center's desks for a period.
 * One share per center and organisation at a time (periods may not overlap); each change audited.
 */

interface Change {
  actorId: number;
  at: Date;
}

async function check(tx: Database, v: ShareValues, exceptId?: number) {
  if (!(await centerOperatorOrganisation(tx, v.centerId)))
    throw new ValidationError({ centerId: { key: 'partners.error.center' } });
  const org = await organisationKindOf(tx, v.organisationId);
  if (org?.kind !== 'private')
    throw new ValidationError({ organisationId: { key: 'partners.error.organisationKind' } });
  if (v.validTo !== null && v.validTo < v.validFrom)
    throw new ValidationError({ validTo: { key: 'partners.error.validTo' } });
  const other = await overlappingShare(tx, v, exceptId);
  if (other)
    throw new ValidationError({
      validFrom: {
        key: 'partners.error.overlap',
        params: { from: other.validFrom, to: other.validTo ?? '—', percent: other.percent },
      },
    });
}

export async function createShare(db: Database, v: ShareValues, change: Change) {
  return inTransaction(db, async (tx) => {
    await check(tx, v);
    const row = await insertShare(tx, v);
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'partner_share',
      entityId: row.id,
      action: 'create',
      after: row,
      at: change.at,
    });
    return row;
  });
}

export async function editShare(db: Database, id: number, v: ShareValues, change: Change) {
  return inTransaction(db, async (tx) => {
    const before = await findShare(tx, id);
    if (!before) throw new NotFoundError('partners.notFound');
    await check(tx, v, id);
    const row = await updateShare(tx, id, v);
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'partner_share',
      entityId: id,
      action: 'update',
      before,
      after: row,
      at: change.at,
    });
    return row;
  });
}

/** Removes a share (after the confirmation page); bookings already made stay. */
export async function removeShare(db: Database, id: number, change: Change) {
  return inTransaction(db, async (tx) => {
    const before = await findShare(tx, id);
    if (!before) throw new NotFoundError('partners.notFound');
    await deleteShare(tx, id);
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'partner_share',
      entityId: id,
      action: 'delete',
      before,
      at: change.at,
    });
    return before;
  });
}

/** How many desks a share gives today, for the screens. */
export async function shareDesks(db: Database, centerId: number, percent: number) {
  const desks = await bookableDeskCount(db, centerId);
  return { desks, limit: quotaLimit(percent, desks) };
}
