import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { feedToken } from '../../calendar/feeds.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { favouritesListed } from '../../search/repository.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { renderConfirmation } from '../confirm.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';

const tokenName = z.object({ name: z.string().trim().min(1).max(100) });

/** The signed-in person's page: who they are, and their personal API tokens. */
export function profileRouter({
  db,
  clock,
  config,
}: {
  db: Database;
  clock: Clock;
  config: { publicUrl: string };
}): Router {
  const router = Router();
  router.use('/profile', requireLogin);

  const render = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const now = clock.now();
    const tokens = (await listApiTokens(db, req.user!.id)).map((t) => ({
      id: t.id,
      name: t.name,
      created: toSeoulIso(t.createdAt).slice(0, 10),
      expires: toSeoulIso(t.expiresAt).slice(0, 10),
      lastUsed: t.lastUsedAt ? toSeoulIso(t.lastUsedAt).slice(0, 16).replace('T', ' ') : undefined,
      active: !t.revokedAt && t.expiresAt > now,
      state: req.t(
        t.revokedAt ? 'profile.token.revoked' : t.expiresAt > now ? 'profile.token.active' : 'profile.token.expired',
      ),
    }));
    const feed = await feedToken(db, req.user!.id);
    const favourites = await favouritesListed(db, req.user!.id);
    const origin = config.publicUrl;
    res.status(status).render('profile/index', {
      calendarUrl: feed ? `${origin}/calendar/${feed}.ics${req.locale === 'en' ? '?lang=en' : ''}` : undefined,
      title: req.t('profile.title'),
      role: req.t(`role.${req.user!.role}`),
      organisation: req.locale === 'en' ? req.user!.organisationNameEn : req.user!.organisationName,
      tokens,
      favourites: {
        any: favourites.centers.length + favourites.desks.length > 0,
        centers: favourites.centers.map((c) => ({ id: c.id, name: pick(req.locale, c.name, c.nameEn) })),
        desks: favourites.desks.map((d) => ({
          id: d.id,
          centerId: d.centerId,
          label: d.label,
          text: req.t('favourite.deskAt', {
            center: pick(req.locale, d.centerName, d.centerNameEn),
            zone: pick(req.locale, d.zoneName, d.zoneNameEn),
            desk: d.label,
          }),
        })),
      },
      ...extra,
    });
  };

  router.get('/profile', async (req, res) => {
    const newToken = req.session.newToken;
    delete req.session.newToken;
    await render(req, res, 200, { newToken });
  });

  router.post('/profile/tokens', async (req, res) => {
    const parsed = tokenName.safeParse(req.body);
    if (!parsed.success) {
      await render(req, res, 422, {
        name: String(req.body?.name ?? ''),
        errors: formErrors(req.locale, { name: { key: 'profile.token.nameRequired' } }),
      });
      return;
    }
    const token = await createApiToken(db, req.user!.id, parsed.data.name, clock.now());
    // Shown once, on the next page, then forgotten: only its hash is stored.
    req.session.newToken = { name: token.name, token: token.token };
    res.redirect(303, '/profile#new-token');
  });

  router.get('/profile/tokens/:id/revoke', (req, res) => {
    const id = idOrNotFound(req.params.id, 'profile.token.notFound');
    renderConfirmation(req, res, {
      title: { key: 'confirm.token.title' },
      lead: { key: 'confirm.token.lead' },
      action: `/profile/tokens/${id}/revoke`,
      button: { key: 'confirm.token.button' },
      back: '/profile',
    });
  });

  router.post('/profile/tokens/:id/revoke', async (req, res) => {
    const id = idOrNotFound(req.params.id, 'profile.token.notFound');
    if (!(await revokeApiToken(db, req.user!.id, id, clock.now()))) {
      throw new NotFoundError('profile.token.notFound');
    }
    flash(req, { key: 'profile.token.revokedFlash' });
    res.redirect(303, '/profile');
  });
  return router;
}

declare module 'express-session' {
  interface SessionData {
    newToken?: { name: string; token: string };
  }
}
