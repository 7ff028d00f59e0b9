import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { DomainError, NotFoundError } from '../../errors.js';
import type { Clock } from '../../time/seoul.js';
import { toSeoulIso } from '../../time/seoul.js';
import { WEBHOOK_EVENTS } from '../../webhooks/events.js';
import { createWebhook, deleteWebhook, deliveriesOf, sendTestEvent, webhooksOf } from '../../webhooks/repository.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const idParam = z.coerce.number().int().positive().max(2_147_483_647);
const form = z.object({
  url: z.string().max(500).default(''),
  events: z.union([z.string(), z.array(z.string())]).optional(),
  all: z.literal('1').optional(),
});

/** A person's webhooks: register an endpoint, see its secret once, its delivery log, send a test event. */
export function webhooksRouter({ db, clock, config }: { db: Database; clock: Clock; config: { env: string } }): Router {
  const router = Router();
  router.use('/profile/webhooks', requireLogin);
  const production = config.env === 'production';

  async function render(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const [hooks, deliveries] = await Promise.all([webhooksOf(db, req.user!.id), deliveriesOf(db, req.user!.id)]);
    res.locals.csrfToken ??= req.csrfToken?.();
    res.status(status).render('webhooks/index', {
      title: req.t('webhooks.title'),
      isAdmin: req.user!.role === 'admin',
      eventOptions: WEBHOOK_EVENTS.map((e) => ({ value: e, label: req.t(`webhooks.event.${e}`) })),
      hooks: hooks.map((h) => ({
        id: h.id,
        url: h.url,
        events: h.events.map((e) => req.t(`webhooks.event.${e}`)).join(', '),
        all: h.scope === 'all',
      })),
      deliveries: deliveries.map((d) => ({
        webhookId: d.webhookId,
        type: d.eventType,
        status: req.t(`webhooks.status.${d.status}`),
        attempts: d.attempts,
        result: d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? ''),
        at: toSeoulIso(d.createdAt).slice(0, 16).replace('T', ' '),
      })),
      ...extra,
    });
  }

  router.get('/profile/webhooks', (req, res) => render(req, res, 200));

  router.post('/profile/webhooks', async (req, res) => {
    const parsed = form.safeParse(req.body);
    const input = parsed.success ? parsed.data : { url: '', events: undefined, all: undefined };
    const events = input.events === undefined ? [] : Array.isArray(input.events) ? input.events : [input.events];
    try {
      const { secret } = await createWebhook(
        db,
        req.user!,
        { url: input.url, events, all: input.all === '1' },
        production,
      );
      // The secret is shown once, on this page; afterwards only its owner's deliveries carry it.
      await render(req, res, 201, { secret });
    } catch (err) {
      if (!(err instanceof DomainError) || Object.keys(err.fieldErrors).length === 0) throw err;
      await render(req, res, 422, {
        form: { url: input.url, events },
        errors: formErrors(req.locale, err.fieldErrors, { events: `event-${WEBHOOK_EVENTS[0]}` }),
      });
    }
  });

  router.post('/profile/webhooks/:id/test', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('webhooks.notFound');
    await sendTestEvent(db, req.user!, id.data, clock.now());
    flash(req, { key: 'webhooks.testQueued' });
    res.redirect(303, '/profile/webhooks');
  });

  router.get('/profile/webhooks/:id/delete', (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('webhooks.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.webhook.title' },
      lead: { key: 'confirm.webhook.lead' },
      action: `/profile/webhooks/${id.data}/delete`,
      button: { key: 'confirm.webhook.button' },
      back: '/profile/webhooks',
    });
  });

  router.post('/profile/webhooks/:id/delete', async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('webhooks.notFound');
    await deleteWebhook(db, req.user!.id, id.data);
    flash(req, { key: 'webhooks.deleted' });
    res.redirect(303, '/profile/webhooks');
  });
  return router;
}
