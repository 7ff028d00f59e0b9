import { recordAdminChange } from '../admin/audit.js';
import { type Database, inTransaction, pgErrorOf } from '../db/client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { translate } from '../i18n/index.js';
import { addNotification } from '../notifications/repository.js';
import { addDaysToDate, type Clock, seoulDate } from '../time/seoul.js';
import {
  addWithdrawnTotals,
  commutePoints,
  deleteMember,
  deskBookingsOf,
  desksToReserve,
  findProgramme,
  insertMember,
  insertProgramme,
  listProgrammes,
  logEligibilityAccess,
  type MemberRow,
  memberById,
  memberOf,
  membersOf,
  type NewProgramme,
  type ProgrammeDetail,
  recordSurvey,
  sealEligibility,
  setPublished,
  surveyAnswersOf,
  unsealEligibility,
  updateMember,
  userByUsername,
  withdrawnTotalsOf,
} from './repository.js';
import {
  BASELINE_WEEKS,
  CO2_KG_PER_CAR_KM,
  COMMUTE_SPEED_KMH,
  computeOutcomes,
  type DeclarableGroup,
  eligible,
  type OutcomeMember,
  type Outcomes,
  type PublicSummary,
  publicSummary,
  SUPPRESSION_THRESHOLD,
  type SurveyAnswer,
  type TargetGroup,
  withdrawnContribution,
} from './rules.js';

export interface ProgrammeDeps {
  db: Database;
  clock: Clock;
  /** Seals eligibility declarations (the needs key: the same protection as the needs profile). */
  needsKey: Buffer;
}

export interface ProgrammeInput extends Omit<NewProgramme, 'createdById'> {
  organisationIds: number[];
  centerIds: number[];
  reservedDesksPerCenter: number;
}

/** Creates a programme with its organisations, centers and reserved desks, in one transaction with its audit entry. */
export async function createProgramme(deps: ProgrammeDeps, actorId: number, input: ProgrammeInput) {
  const at = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const { organisationIds, centerIds, reservedDesksPerCenter, ...fields } = input;
    const deskIds = await desksToReserve(tx, centerIds, reservedDesksPerCenter);
    const row = await insertProgramme(tx, { ...fields, createdById: actorId }, { organisationIds, centerIds, deskIds });
    await recordAdminChange(tx, {
      actorId,
      entity: 'programme',
      entityId: row.id,
      action: 'create',
      after: { ...row, organisationIds, centerIds, reservedDeskIds: deskIds },
      at,
    });
    return row;
  });
}

async function detailOrNotFound(db: Database, id: number): Promise<ProgrammeDetail> {
  const detail = await findProgramme(db, id);
  if (!detail) throw new NotFoundError('programme.notFound');
  return detail;
}

const ended = (p: ProgrammeDetail['programme'], today: string) => p.endsOn < today;

/** A person applies, declaring (not proving) the groups they belong to; the declaration is sealed. */
export async function apply(
  deps: ProgrammeDeps,
  userId: number,
  programmeId: number,
  declared: DeclarableGroup[],
): Promise<MemberRow> {
  const at = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const { programme } = await detailOrNotFound(tx, programmeId);
    if (ended(programme, seoulDate(at))) throw new ValidationError({ groups: { key: 'programme.error.ended' } });
    if (!eligible(programme.targetGroups as TargetGroup[], declared))
      throw new ValidationError({ groups: { key: 'programme.error.notEligible' } });
    const existing = await memberOf(tx, programmeId, userId);
    const sealed = declared.length ? sealEligibility(deps.needsKey, declared) : null;
    let row: MemberRow;
    if (existing?.status === 'invited') {
      // Accepting an invitation: the administrator chose the person, so they take part at once.
      row = await updateMemberApproved(tx, existing.id, sealed, seoulDate(at), existing.decidedById);
    } else if (existing) {
      throw new ConflictError('programme.error.alreadyMember');
    } else {
      try {
        row = await insertMember(tx, {
          programmeId,
          userId,
          status: 'applied',
          sealedEligibility: sealed,
          appliedAt: at,
        });
      } catch (err) {
        if (pgErrorOf(err)?.code === '23505') throw new ConflictError('programme.error.alreadyMember');
        throw err;
      }
    }
    await logEligibilityAccess(
      tx,
      [{ subjectId: userId, actorId: userId, action: 'programme.declare', purpose: `programme ${programmeId}` }],
      at,
    );
    await recordAdminChange(tx, {
      actorId: userId,
      entity: 'programme_member',
      entityId: row.id,
      action: existing ? 'accept' : 'apply',
      before: existing ? { status: existing.status } : undefined,
      after: { programmeId, userId, status: row.status },
      at,
    });
    return row;
  });
}

async function updateMemberApproved(
  tx: Database,
  id: number,
  sealed: string | null,
  today: string,
  decidedById: number | null,
) {
  return updateMember(tx, id, { status: 'approved', sealedEligibility: sealed, approvedOn: today, decidedById });
}

/** An administrator invites a person by username; the person accepts by declaring eligibility. */
export async function invite(deps: ProgrammeDeps, actorId: number, programmeId: number, username: string) {
  const at = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const { programme, organisations } = await detailOrNotFound(tx, programmeId);
    const person = await userByUsername(tx, username.trim().toLowerCase());
    if (!person || person.disabled) throw new ValidationError({ username: { key: 'programme.error.unknownPerson' } });
    if (organisations.length && !organisations.some((o) => o.id === person.organisationId))
      throw new ValidationError({ username: { key: 'programme.error.otherOrganisation' } });
    if (await memberOf(tx, programmeId, person.id))
      throw new ValidationError({ username: { key: 'programme.error.alreadyMember' } });
    const row = await insertMember(tx, {
      programmeId,
      userId: person.id,
      status: 'invited',
      sealedEligibility: null,
      appliedAt: at,
    });
    await updateMember(tx, row.id, { decidedById: actorId });
    await addNotification(tx, person.id, 'programme.notice.invited', { name: programme.name }, at);
    await recordAdminChange(tx, {
      actorId,
      entity: 'programme_member',
      entityId: row.id,
      action: 'invite',
      after: { programmeId, userId: person.id, status: 'invited' },
      at,
    });
    return row;
  });
}

/** An administrator approves or declines an application; approval starts participation today. */
export async function decide(
  deps: ProgrammeDeps,
  actorId: number,
  programmeId: number,
  memberId: number,
  approve: boolean,
) {
  const at = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const member = await memberById(tx, memberId);
    // The member must belong to the programme named in the address, as the page showed it.
    if (!member || member.programmeId !== programmeId) throw new NotFoundError('programme.notFound');
    if (member.status !== 'applied') throw new ConflictError('programme.error.notWaiting');
    const { programme } = await detailOrNotFound(tx, member.programmeId);
    const row = await updateMember(tx, memberId, {
      status: approve ? 'approved' : 'declined',
      approvedOn: approve ? seoulDate(at) : null,
      decidedById: actorId,
      // A declined application keeps no declaration.
      ...(approve ? {} : { sealedEligibility: null }),
    });
    await addNotification(
      tx,
      member.userId,
      approve ? 'programme.notice.approved' : 'programme.notice.declined',
      { name: programme.name },
      at,
    );
    await recordAdminChange(tx, {
      actorId,
      entity: 'programme_member',
      entityId: memberId,
      action: approve ? 'approve' : 'decline',
      before: { status: member.status },
      after: { status: row.status, approvedOn: row.approvedOn },
      at,
    });
    return row;
  });
}

/**
 * Withdrawing: the person's figures are added to the programme's anonymous totals, then the
 * membership and its eligibility declaration are deleted. Nothing links them to the programme after.
 */
export async function withdraw(deps: ProgrammeDeps, userId: number, programmeId: number): Promise<void> {
  const at = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const member = await memberOf(tx, programmeId, userId);
    if (!member) throw new NotFoundError('programme.notFound');
    const detail = await detailOrNotFound(tx, programmeId);
    if (member.status === 'approved' && member.approvedOn) {
      const groups = unsealEligibility(deps.needsKey, member.sealedEligibility);
      const own = await outcomesFor(tx, detail, [{ userId, groups, approvedOn: member.approvedOn }], seoulDate(at), {
        withdrawn: false,
      });
      await addWithdrawnTotals(tx, programmeId, withdrawnContribution(own, groups));
    }
    await deleteMember(tx, member.id, programmeId, userId);
    await logEligibilityAccess(
      tx,
      [{ subjectId: userId, actorId: userId, action: 'programme.withdraw', purpose: `programme ${programmeId}` }],
      at,
    );
    await recordAdminChange(tx, {
      actorId: userId,
      entity: 'programme_member',
      entityId: member.id,
      action: 'withdraw',
      before: { programmeId, status: member.status },
      at,
    });
  });
}

async function outcomesFor(
  db: Database,
  detail: ProgrammeDetail,
  members: { userId: number; groups: DeclarableGroup[]; approvedOn: string }[],
  today: string,
  options: { withdrawn: boolean; surveys?: boolean },
): Promise<Outcomes> {
  const { programme } = detail;
  const until = today < programme.endsOn ? today : programme.endsOn;
  const ids = members.map((m) => m.userId);
  const earliest = members.reduce(
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text; Math.min would make them NaN
    (min, m) => (m.approvedOn < min ? m.approvedOn : min),
    members[0]?.approvedOn ?? programme.startsOn,
  );
  const [points, rows, withdrawn, surveys] = await Promise.all([
    commutePoints(db, ids),
    deskBookingsOf(db, ids, addDaysToDate(earliest, -7 * BASELINE_WEEKS), until),
    options.withdrawn ? withdrawnTotalsOf(db, programme.id) : Promise.resolve([]),
    options.surveys ? surveyAnswersOf(db, programme.id) : Promise.resolve([] as SurveyAnswer[]),
  ]);
  const outcomeMembers: OutcomeMember[] = members.map((m) => ({
    key: m.userId,
    groups: m.groups,
    approvedOn: m.approvedOn,
    home: points.get(m.userId)?.home,
    headquarters: points.get(m.userId)?.hq,
  }));
  const reserved = new Map<number, number[]>();
  for (const d of detail.desks) reserved.set(d.centerId, [...(reserved.get(d.centerId) ?? []), d.id]);
  return computeOutcomes({
    startsOn: programme.startsOn,
    endsOn: programme.endsOn,
    today,
    members: outcomeMembers,
    bookings: rows.map(({ userId, ...b }) => ({ member: userId, ...b })),
    centers: detail.centers.map((c) => ({
      id: c.id,
      lat: c.lat,
      lng: c.lng,
      reservedDeskIds: reserved.get(c.id) ?? [],
    })),
    withdrawn,
    surveys,
  });
}

/**
 * The programme's outcomes for its administrators. Reading the declarations to count by group
 * is logged for every participant, as any read of sealed data by someone else.
 */
export async function programmeOutcomes(deps: ProgrammeDeps, actorId: number | null, programmeId: number) {
  const at = deps.clock.now();
  const detail = await detailOrNotFound(deps.db, programmeId);
  const approved = (await membersOf(deps.db, programmeId)).filter(
    (m) => m.member.status === 'approved' && m.member.approvedOn,
  );
  const members = approved.map((m) => ({
    userId: m.member.userId,
    groups: unsealEligibility(deps.needsKey, m.member.sealedEligibility),
    approvedOn: m.member.approvedOn!,
  }));
  await logEligibilityAccess(
    deps.db,
    approved
      .filter((m) => m.member.sealedEligibility)
      .map((m) => ({
        subjectId: m.member.userId,
        actorId,
        action: 'programme.aggregate',
        purpose: `aggregated outcomes of programme ${programmeId}`,
      })),
    at,
  );
  const outcomes = await outcomesFor(deps.db, detail, members, seoulDate(at), { withdrawn: true, surveys: true });
  return { detail, outcomes };
}

/** Publishes (or refreshes) the anonymous summary: groups under the threshold are withheld before it is stored. */
export async function publish(deps: ProgrammeDeps, actorId: number, programmeId: number, on: boolean) {
  const at = deps.clock.now();
  const { detail, outcomes } = await programmeOutcomes(deps, actorId, programmeId);
  const summary = on ? publicSummary(outcomes, detail.programme.targetGroups as TargetGroup[]) : null;
  await inTransaction(deps.db, async (tx) => {
    await setPublished(tx, programmeId, summary, on ? at : null);
    await recordAdminChange(tx, {
      actorId,
      entity: 'programme',
      entityId: programmeId,
      action: on ? 'publish' : 'unpublish',
      before: { publishedAt: detail.programme.publishedAt },
      after: { publishedAt: on ? at : null, summary },
      at,
    });
  });
  return summary;
}

/** A participant's own view: their programme, benefits and progress (their own smart-work days). */
export async function ownProgress(deps: ProgrammeDeps, userId: number, programmeId: number) {
  const detail = await detailOrNotFound(deps.db, programmeId);
  const member = await memberOf(deps.db, programmeId, userId);
  if (member?.status !== 'approved' || !member.approvedOn) return { detail, member, outcomes: undefined };
  const groups = unsealEligibility(deps.needsKey, member.sealedEligibility);
  const outcomes = await outcomesFor(
    deps.db,
    detail,
    [{ userId, groups, approvedOn: member.approvedOn }],
    seoulDate(deps.clock.now()),
    { withdrawn: false },
  );
  return { detail, member, groups, outcomes };
}

/** A participant's anonymous answer to one survey phase, once. */
export async function answerSurvey(deps: ProgrammeDeps, userId: number, programmeId: number, answer: SurveyAnswer) {
  const at = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const member = await memberOf(tx, programmeId, userId);
    if (member?.status !== 'approved') throw new ForbiddenError('programme.error.notParticipant');
    if (!(await recordSurvey(tx, programmeId, userId, answer))) throw new ConflictError('programme.error.surveyDone');
    await recordAdminChange(tx, {
      actorId: userId,
      entity: 'programme_member',
      entityId: member.id,
      action: `survey.${answer.phase}`,
      at,
    });
  });
}

/** Published results as open data: the stored anonymous summary with the programme's facts and method. */
export async function publishedProgrammeResults(db: Database, onlyId?: number) {
  const rows = await listProgrammes(db, { publishedOnly: true });
  return rows
    .filter(({ programme: p }) => (onlyId === undefined || p.id === onlyId) && p.publishedSummary && p.publishedAt)
    .map(({ programme: p }) => {
      const summary = p.publishedSummary as PublicSummary;
      return {
        id: p.id,
        name: p.name,
        nameEn: p.nameEn,
        goal: p.goal,
        goalEn: p.goalEn,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        targetGroups: p.targetGroups as TargetGroup[],
        publishedAt: p.publishedAt!.toISOString(),
        suppressionThreshold: SUPPRESSION_THRESHOLD,
        method: {
          co2KgPerCarKm: CO2_KG_PER_CAR_KM,
          commuteSpeedKmh: COMMUTE_SPEED_KMH,
          baselineWeeks: BASELINE_WEEKS,
          description: translate('en', 'programme.method.commute', { speed: COMMUTE_SPEED_KMH }),
        },
        participants: summary.participants,
        groups: summary.groups,
        centers: summary.centers,
        surveys: summary.surveys,
      };
    });
}
