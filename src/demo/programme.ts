import { HOME_AREAS } from '../centers/distance.js';
import type { Database } from '../db/client.js';
import * as s from '../db/schema.js';
import { sealEligibility } from '../programmes/repository.js';
import type { DeclarableGroup } from '../programmes/rules.js';
import { createProgramme, publish } from '../programmes/service.js';
import { addDaysToDate, type Clock, seoulDate } from '../time/seoul.js';

/**
 * The demo pilot programme: parents, disabled and older staff of the public organisations,
 * started a week ago at three centers, with two desks set aside at each and its participants
 * approved (their homes spread over Seoul's districts), and published.
 */
export async function seedDemoProgramme(
  tx: Database,
  opts: {
    clock: Clock;
    needsKey: Buffer;
    adminId: number | undefined;
    organisationIds: number[];
    centerIds: number[];
    members: { userId: number; groups: readonly DeclarableGroup[] }[];
  },
): Promise<void> {
  if (!opts.adminId || !opts.centerIds.length) return;
  const today = seoulDate(opts.clock.now());
  const started = addDaysToDate(today, -7);
  const programme = await createProgramme({ db: tx, clock: opts.clock, needsKey: opts.needsKey }, opts.adminId, {
    name: '돌봄·장애·고령 직원 스마트워크 시범사업',
    nameEn: 'Smart work pilot for carers, disabled and older staff',
    goal: '어린 자녀를 둔 부모, 장애가 있는 직원, 고령 직원이 집 가까운 센터에서 일하는 날을 늘리고 출퇴근 부담을 줄입니다.',
    goalEn:
      'More days of work near home, and less commuting, for parents of young children, disabled staff and older staff.',
    startsOn: started,
    endsOn: addDaysToDate(today, 120),
    targetGroups: ['parents', 'disabled', 'older', 'everyone'],
    extraHorizonDays: 14,
    weeklyQuotaDays: 3,
    organisationIds: opts.organisationIds,
    centerIds: opts.centerIds,
    reservedDesksPerCenter: 2,
  });
  const at = opts.clock.now();
  for (const [i, m] of opts.members.entries()) {
    await tx.insert(s.programmeMembers).values({
      programmeId: programme.id,
      userId: m.userId,
      status: 'approved',
      sealedEligibility: m.groups.length ? sealEligibility(opts.needsKey, m.groups) : null,
      appliedAt: at,
      approvedOn: started,
      decidedById: opts.adminId,
    });
    const area = HOME_AREAS[(i * 7) % HOME_AREAS.length]!;
    await tx
      .insert(s.userHomes)
      .values({ userId: m.userId, areaCode: area.code, lat: area.lat, lng: area.lng })
      .onConflictDoNothing();
  }
  // Survey answers of the first week (anonymous), so the survey table has figures.
  const answers = [
    [3, 3, 2],
    [4, 3, 3],
    [3, 4, 2],
    [2, 3, 3],
    [4, 4, 3],
    [3, 3, 3],
  ];
  for (const [i, [satisfaction, productivity, balance]] of answers.entries()) {
    const member = opts.members[i];
    if (!member) continue;
    await tx
      .insert(s.programmeSurveyDone)
      .values({ programmeId: programme.id, userId: member.userId, phase: 'before' });
    await tx.insert(s.programmeSurveyAnswers).values({
      programmeId: programme.id,
      phase: 'before',
      satisfaction: satisfaction!,
      productivity: productivity!,
      balance: balance!,
    });
  }
  await publish({ db: tx, clock: opts.clock, needsKey: opts.needsKey }, opts.adminId, programme.id, true);
}
