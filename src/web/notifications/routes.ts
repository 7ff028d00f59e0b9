import { Router } from 'express';
import { describeRrule, untilWords } from '../../bookings/series-words.js';
import type { Database } from '../../db/client.js';
import type { Locale } from '../../i18n/index.js';
import { markAllRead, recentNotifications } from '../../notifications/repository.js';
import { type Clock, isDateString, seoulDate, toSeoulIso } from '../../time/seoul.js';
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
      notices: noticeItems(req.t, rows, req.locale),
    });
  });
  return router;
}

/** Notices as the lists show them, in the reader's language. */
export function noticeItems(
  t: (key: string, params?: Record<string, unknown>) => string,
  rows: readonly { messageKey: string; params: unknown; readAt: Date | null; createdAt: Date }[],
  locale: Locale = 'ko',
) {
  return rows.map((n) => ({
    text: t(n.messageKey, translatedParams(t, n.params, locale, n.createdAt)),
    unread: n.readAt === null,
    at: toSeoulIso(n.createdAt).slice(0, 16).replace('T', ' '),
  }));
}

/**
 * Parameters named `…Key` hold a message key of their own (a reason, say): shown in the reader's
 * language. A repeating booking's `rrule` becomes words ("매주 화·목, 12월 31일까지"), never code;
 * older notices that only have `until` say that much in words.
 */
export function translatedParams(
  t: (key: string) => string,
  params: unknown,
  locale: Locale,
  at: Date,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const [name, value] of Object.entries(out)) {
    if (name.endsWith('Key') && typeof value === 'string') out[name.slice(0, -3)] = t(value);
  }
  // Notices written before reasons were kept in both languages show the Korean one.
  if (typeof out.reason === 'string') out.reasonEn ??= out.reason;
  const year = Number(seoulDate(at).slice(0, 4));
  if (typeof out.rrule === 'string') out.rule = describeRrule(locale, out.rrule, year);
  else if (typeof out.until === 'string' && isDateString(out.until)) out.rule ??= untilWords(locale, out.until, year);
  return out;
}
