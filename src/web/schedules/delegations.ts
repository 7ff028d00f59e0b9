import { Router } from 'express';
import { delegate, removeDelegation } from '../../auth/teams.js';
import type { PlanDeps } from '../../schedules/service.js';
import { idOrNotFound } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { flash } from '../middleware/flash.js';
import { delegationForm, idParam } from './schema.js';

/**
 * Handing one's approvals to an acting manager for a period, and taking them back (the form is
 * on the approvals page). The acting manager never decides on their own plan (see approval.ts).
 */
export function delegationsController({ db }: PlanDeps): Router {
  const router = Router();
  router.post('/approvals/delegations', async (req, res) => {
    const parsed = delegationForm.safeParse(req.body);
    const ok =
      parsed.success &&
      (await delegate(db, req.user!.id, parsed.data.username, parsed.data.startsOn, parsed.data.endsOn));
    flash(req, { key: ok ? 'schedule.delegated' : 'schedule.delegateFailed' });
    res.redirect(303, '/approvals#delegations');
  });

  router.get('/approvals/delegations/:id/delete', (req, res) => {
    const id = idOrNotFound(req.params.id, 'error.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.delegation.title' },
      lead: { key: 'confirm.delegation.lead' },
      action: `/approvals/delegations/${id}/delete`,
      button: { key: 'confirm.delegation.button' },
      back: '/approvals#delegations',
    });
  });

  router.post('/approvals/delegations/:id/delete', async (req, res) => {
    await removeDelegation(db, req.user!.id, idParam.parse(req.params.id));
    res.redirect(303, '/approvals#delegations');
  });

  return router;
}
