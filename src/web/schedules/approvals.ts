import { Router } from 'express';
import { delegationsOf } from '../../auth/teams.js';
import { findSessionUser } from '../../auth/users.js';
import { approvalQueue, approveMany, decidePlan } from '../../schedules/approval.js';
import { teamsLedBy } from '../../schedules/repository.js';
import { SCHEDULE_TYPES } from '../../schedules/rules.js';
import { checkPlan, type PlanDeps } from '../../schedules/service.js';
import { seoulDate } from '../../time/seoul.js';
import { pick } from '../localise.js';
import { flash, flashError } from '../middleware/flash.js';
import { bulkForm, decisionForm, idParam, queueFilter } from './schema.js';

/** The approval screens: the queue (filtered by type and team, with the delegations given), one decision, several at once. */
export function approvalsController(deps: PlanDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  router.get('/approvals', async (req, res) => {
    const today = seoulDate(clock.now());
    const filter = queueFilter.parse(req.query);
    const myTeams = await teamsLedBy(db, req.user!.id);
    const teamId = myTeams.find((x) => x.id === filter.team)?.id;
    const queue = [];
    for (const p of await approvalQueue(db, req.user!.id, today)) {
      if (filter.type && !p.pattern.some((d) => d.type === filter.type)) continue;
      const owner = await findSessionUser(db, p.userId);
      if (teamId && owner?.teamId !== teamId) continue;
      const check = await checkPlan(db, p.userId, p, today);
      queue.push({
        ...p,
        owner: owner && pick(req.locale, owner.displayName, owner.displayNameEn),
        ok: check.ok,
      });
    }
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('schedules/approvals', {
      live: true,
      title: req.t('schedule.approvals'),
      types: SCHEDULE_TYPES.map((x) => ({ value: x, label: req.t(`schedule.type.${x}`), selected: x === filter.type })),
      teams: myTeams.map((x) => ({
        value: x.id,
        label: pick(req.locale, x.name, x.nameEn),
        selected: x.id === teamId,
      })),
      delegations: (await delegationsOf(db, req.user!.id)).map((d) => ({
        ...d,
        name: pick(req.locale, d.delegate, d.delegateEn),
      })),
      queue,
    });
  });

  // Several at once: each is decided on its own, so one refused does not stop the others; the page says why.
  router.post('/approvals/bulk', async (req, res) => {
    const form = bulkForm.parse(req.body);
    const { approved, refused } = await approveMany(deps, req.user!, form.ids, form.comment);
    const reasons = [...new Set(refused.map((r) => req.t(r.reason.key, r.reason.params)))].join(' ');
    // Any refusal is shown in the error style (the reasons are what the manager must act on).
    (refused.length ? flashError : flash)(req, {
      key: refused.length ? 'schedule.bulkResult' : 'schedule.bulkApproved',
      params: { count: approved, refused: refused.length, reasons },
    });
    res.redirect(303, '/approvals');
  });

  router.post('/approvals/:id', async (req, res) => {
    const form = decisionForm.parse(req.body);
    const { attention, pending } = await decidePlan(
      deps,
      req.user!,
      idParam.parse(req.params.id),
      form.decision,
      form.comment,
    );
    flash(req, {
      key: form.decision === 'approved' ? 'schedule.approvedFlash' : 'schedule.rejectedFlash',
      params: { attention, pending },
    });
    res.redirect(303, '/approvals');
  });
  return router;
}
