import type { Database } from '../db/client.js';
import { ConflictError } from '../errors.js';
import { activePlansOf, lockPerson, type PlanRow } from './repository.js';
import { overlappingPlan } from './rules.js';

/**
 * Refuses a plan that overlaps another submitted or approved plan of the same person, inside the
 * caller's transaction: the person's row is locked first, so two submissions are checked in turn.
 */
export async function refuseOverlap(tx: Database, plan: PlanRow): Promise<void> {
  await lockPerson(tx, plan.userId);
  const other = overlappingPlan(plan, await activePlansOf(tx, plan.userId));
  if (other)
    throw new ConflictError(
      'schedule.error.overlap',
      { from: other.fromDate, to: other.toDate, id: other.id },
      'fromDate',
    );
}
