import { recordAdminChange } from '../admin/audit.js';
import type { SessionUser } from '../auth/users.js';
import type { DeskContext } from '../centers/repository.js';
import { type Database, inTransaction } from '../db/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { addNotification } from '../notifications/repository.js';
import {
  approvalStatus,
  findApproval,
  findApprovalFor,
  organisationKindOf,
  setApprovalStatus,
  upsertRequest,
} from './repository.js';
import {
  APPROVAL_TRANSITIONS,
  type ApprovalDecision,
  type ApprovalStatus,
  decisionStatus,
  mayRequestFrom,
} from './rules.js';

/**
 * Civilians (시민 이용자) are people of an organisation of kind 'civilian'. They book a center only
 * once the organisation that runs it approved them: one approval per person and operating
 * organisation, asked for by the person, decided by that organisation's operators or an administrator.
 */

export interface CivilianFact {
  /** The organisation that runs the center; null when nobody is named (no civilian can be approved there). */
  organisationId: number | null;
  status: ApprovalStatus | undefined;
}

/** The `civilian` fact of book(): undefined for staff (public or partner). */
export async function civilianFact(
  db: Database,
  person: Pick<SessionUser, 'id' | 'organisationKind'>,
  center: Pick<DeskContext['center'], 'operatorOrganisationId'>,
): Promise<CivilianFact | undefined> {
  if (person.organisationKind !== 'civilian') return undefined;
  const organisationId = center.operatorOrganisationId;
  if (organisationId === null) return { organisationId, status: undefined };
  return { organisationId, status: await approvalStatus(db, person.id, organisationId) };
}

export const civilianMayBook = (fact: CivilianFact) => fact.organisationId !== null && fact.status === 'approved';

interface Change {
  actorId: number;
  at: Date;
}

/** A civilian asks an operating organisation for approval (again, after a refusal or a revocation). */
export async function requestApproval(
  db: Database,
  person: Pick<SessionUser, 'id' | 'organisationKind'>,
  organisationId: number,
  note: string,
  at: Date,
) {
  if (person.organisationKind !== 'civilian')
    throw new ValidationError({ organisationId: { key: 'civilian.error.notCivilian' } });
  return inTransaction(db, async (tx) => {
    const org = await organisationKindOf(tx, organisationId);
    if (!org) throw new ValidationError({ organisationId: { key: 'civilian.error.organisation' } });
    const before = await findApprovalFor(tx, person.id, organisationId);
    if (!mayRequestFrom(before?.status as ApprovalStatus | undefined))
      throw new ValidationError({ organisationId: { key: `civilian.error.already.${before!.status}` } });
    const row = await upsertRequest(tx, person.id, organisationId, note, at);
    await recordAdminChange(tx, {
      actorId: person.id,
      entity: 'civilian_approval',
      entityId: row.id,
      action: 'request',
      before,
      after: row,
      at,
    });
    return row;
  });
}

/**
 * An operator's or administrator's decision. Who may decide for which organisation is the caller's
 * policy check (`civilian.decide`, organisation scope); the status changes only from a state the
 * decision applies to, so two people deciding at once cannot both win. The person is told.
 */
export async function decideApproval(db: Database, id: number, decision: ApprovalDecision, change: Change) {
  return inTransaction(db, async (tx) => {
    const before = await findApproval(tx, id);
    if (!before) throw new NotFoundError('civilian.notFound');
    const row = await setApprovalStatus(
      tx,
      id,
      APPROVAL_TRANSITIONS[decision],
      decisionStatus[decision],
      change.actorId,
      change.at,
    );
    if (!row) throw new ConflictError('civilian.error.alreadyDecided', { status: before.status });
    await recordAdminChange(tx, {
      actorId: change.actorId,
      entity: 'civilian_approval',
      entityId: id,
      action: decision,
      before,
      after: row,
      at: change.at,
    });
    const org = await organisationKindOf(tx, row.organisationId);
    await addNotification(
      tx,
      row.userId,
      `notice.civilian.${row.status}`,
      { organisation: org?.name ?? '', organisationEn: org?.nameEn ?? '' },
      change.at,
    );
    return row;
  });
}
