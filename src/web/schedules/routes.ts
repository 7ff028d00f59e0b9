import { Router } from 'express';
import type { PlanDeps } from '../../schedules/service.js';
import { requireLogin } from '../middleware/require-login.js';
import { approvalsController } from './approvals.js';
import { delegationsController } from './delegations.js';
import { plansController } from './plans.js';

/** Flexible work: the plan screens and the approval screens (the team calendar has its own router). */
export function schedulesRouter(deps: PlanDeps): Router {
  const router = Router();
  router.use(['/schedules', '/approvals'], requireLogin);
  router.use(plansController(deps));
  // Delegations before the approvals: /approvals/delegations is not a plan id.
  router.use(delegationsController(deps));
  router.use(approvalsController(deps));
  return router;
}
