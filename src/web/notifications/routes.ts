import { Router } from 'express';
import type { Database } from '../../db/client.js';
import { markAllRead, recentNotifications } from '../../notifications/repository.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { requireLogin } from '../middleware/require-login.js';

/** The in-app notification list: confirmations, changes, releases, holds. Reading it marks all read. */
export function notificationsRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();
  router.get('/notifications', requireLogin, async (req, res) => {
    const rows = await recentNotifications(db, req.user!.id, 50);
    await markAllRead(db, req.user!.id, clock.now());
    res.render('notifications/index', {
      title: req.t('notice.title'),
      unreadCount: 0,
      notices: noticeItems(req.t, rows),
    });
  });
  return router;
}

/** Notices as the lists show them, in the reader's language. */
export function noticeItems(
  t: (key: string, params?: Record<string, unknown>) => string,
  rows: readonly { messageKey: string; params: unknown; readAt: Date | null; createdAt: Date }[],
) {
  return rows.map((n) => ({
    text: t(n.messageKey, translatedParams(t, n.params)),
    unread: n.readAt === null,
    at: toSeoulIso(n.createdAt).slice(0, 16).replace('T', ' '),
  }));
}

/** Parameters named `…Key` hold a message key of their own (a reason, say): shown in the reader's language. */
function translatedParams(t: (key: string) => string, params: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const [name, value] of Object.entries(out)) {
    if (name.endsWith('Key') && typeof value === 'string') out[name.slice(0, -3)] = t(value);
  }
  return out;
}
