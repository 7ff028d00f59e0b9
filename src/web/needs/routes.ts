import { Router } from 'express';
import { deleteNeeds, exportNeeds, NEEDS, type Need, ownNeeds, saveNeeds } from '../../accessibility/needs.js';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../time/seoul.js';
import { renderConfirmation } from '../confirm.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

/** The person's own needs: only they reach these pages; nobody else has a route to them. */
export function needsRouter({ db, clock, needsKey }: { db: Database; clock: Clock; needsKey: Buffer }): Router {
  const router = Router();
  const store = { db, key: needsKey };
  router.use('/profile/needs', requireLogin);

  router.get('/profile/needs', async (req, res) => {
    const mine = await ownNeeds(store, req.user!.id);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.render('needs/index', {
      title: req.t('needs.title'),
      needs: NEEDS.map((n) => ({ value: n, label: req.t(`needs.${n}`), checked: mine.includes(n) })),
      hasAny: mine.length > 0,
    });
  });

  router.post('/profile/needs', async (req, res) => {
    const given = req.body?.need;
    const list = (Array.isArray(given) ? given : given ? [given] : []).filter((n: string): n is Need =>
      (NEEDS as readonly string[]).includes(n),
    );
    await saveNeeds(store, req.user!.id, list, clock.now());
    flash(req, { key: 'needs.saved' });
    res.redirect(303, '/profile/needs');
  });

  router.get('/profile/needs/export', async (req, res) => {
    const data = await exportNeeds(store, req.user!.id, clock.now());
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', 'attachment; filename="my-needs.json"')
      .json({ user: req.user!.username, exportedAt: clock.now().toISOString(), ...data });
  });

  router.get('/profile/needs/delete', (req, res) => {
    renderConfirmation(req, res, {
      title: { key: 'confirm.needs.title' },
      lead: { key: 'confirm.needs.lead' },
      action: '/profile/needs/delete',
      button: { key: 'confirm.needs.button' },
      back: '/profile/needs',
    });
  });

  router.post('/profile/needs/delete', async (req, res) => {
    await deleteNeeds(store, req.user!.id, clock.now());
    flash(req, { key: 'needs.deleted' });
    res.redirect(303, '/profile/needs');
  });
  return router;
}
