import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { isLocale } from '../../i18n/index.js';
import { composeMail } from '../../mail/delivery.js';
import { isEmailAddress, isMailKind, MAIL_KINDS } from '../../mail/kinds.js';
import { findMail, latestMail } from '../../mail/outbox.js';
import {
  mailSettingsOf,
  rememberLocale,
  saveMailSettings,
  unsubscribe,
  unsubscribeLinkState,
} from '../../mail/preferences.js';
import { MailRenderer, verifyUnsubscribeToken } from '../../mail/render.js';
import { type Clock, toSeoulIso } from '../../time/seoul.js';
import { idOrNotFound } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { flash } from '../middleware/flash.js';
import { requireLogin } from '../middleware/require-login.js';
import { projectRoot } from '../views.js';

interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
}

const settingsForm = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((s) => s.toLowerCase())
    .refine((s) => s === '' || isEmailAddress(s), 'mail.prefs.addressInvalid'),
  kinds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(isMailKind)),
});

/**
 * The unsubscribe link in each mail: no session, no CSRF token — the signed token in the
 * address is the proof. GET shows a button (so that link scanners unsubscribe nobody); POST,
 * also RFC 8058's one-click from the List-Unsubscribe-Post header, does it. Mounted before CSRF.
 */
export function unsubscribeRouter({ db, clock, config }: Deps): Router {
  const router = Router();
  const mailIdOf = (req: Request) => {
    const id = verifyUnsubscribeToken(config.sessionSecret, String(req.params.token ?? ''));
    if (id === undefined) throw new NotFoundError('mail.unsub.invalid');
    return id;
  };
  const page = (req: Request, res: Response, state: string, kind?: string) =>
    res.status(state === 'invalid' ? 404 : 200).render('email/unsubscribe', {
      title: req.t('mail.unsub.title'),
      state,
      ready: state === 'ready',
      kindName: kind ? req.t(`mail.kind.${kind}`) : '',
      action: req.originalUrl.split('?')[0],
    });
  router.get('/mail/unsubscribe/:token', async (req, res) => {
    const s = await unsubscribeLinkState(db, mailIdOf(req));
    page(req, res, s.outcome, s.kind);
  });
  router.post('/mail/unsubscribe/:token', async (req, res) => {
    const r = await unsubscribe(db, mailIdOf(req), clock.now());
    page(req, res, r.outcome, r.kind);
  });
  return router;
}

/** /profile/email (address and which mail), the language mail is written in, and the development mailbox. */
export function mailRouter({ db, config }: Omit<Deps, 'clock'>): Router {
  const router = Router();
  // Switching language while signed in also switches the language of mail.
  router.use(async (req, _res, next) => {
    if (req.user && isLocale(req.query.lang)) await rememberLocale(db, req.user.id, req.query.lang);
    next();
  });

  const render = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const settings = await mailSettingsOf(db, req.user!.id);
    const off = (extra.off as string[] | undefined) ?? settings.off;
    res.status(status).render('email/preferences', {
      title: req.t('mail.prefs.title'),
      email: settings.email ?? '',
      kinds: MAIL_KINDS.map((k) => ({ value: k, label: req.t(`mail.kind.${k}`), checked: !off.includes(k) })),
      ...extra,
    });
  };
  router.get('/profile/email', requireLogin, (req, res) => render(req, res, 200));
  router.post('/profile/email', requireLogin, async (req, res) => {
    const parsed = settingsForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const given = body.kinds === undefined ? [] : [body.kinds].flat().map(String);
      const errors = formErrors(req.locale, { email: { key: 'mail.prefs.addressInvalid' } });
      await render(req, res, 422, {
        errors,
        email: typeof body.email === 'string' ? body.email : '',
        off: MAIL_KINDS.filter((k) => !given.includes(k)),
      });
      return;
    }
    const off = MAIL_KINDS.filter((k) => !parsed.data.kinds.includes(k));
    await saveMailSettings(db, req.user!.id, { email: parsed.data.email || null, off });
    flash(req, { key: 'mail.prefs.saved' });
    res.redirect(303, '/profile/email');
  });

  // Without SMTP the outbox is the mailbox; never in production, where it would show everyone's mail.
  if (config.env !== 'production') {
    const renderer = new MailRenderer(projectRoot, { publicUrl: config.publicUrl, secret: config.sessionSecret });
    const mailDeps = {
      db,
      renderer,
      from: { name: 'Smart Work Seoul', address: config.mailFrom },
      publicUrl: config.publicUrl,
    };
    const composed = async (id: number) => {
      const row = await findMail(db, id);
      if (!row) throw new NotFoundError('error.notFound');
      const message = await composeMail(mailDeps, {
        id: row.id,
        to_address: row.toAddress,
        locale: row.locale,
        template: row.template,
        params: row.params,
        ics_booking_id: row.icsBookingId,
        ics_method: row.icsMethod as 'REQUEST' | 'CANCEL' | null,
        ics_sequence: row.icsSequence,
        created_at: row.createdAt,
      });
      return { row, message };
    };
    router.get('/dev/mail', async (req, res) => {
      const rows = await latestMail(db);
      res.render('email/dev-list', {
        title: req.t('mail.dev.title'),
        mails: rows.map((m) => ({
          id: m.id,
          to: m.toAddress,
          template: m.template,
          status: m.status,
          created: toSeoulIso(m.createdAt).slice(0, 16).replace('T', ' '),
        })),
      });
    });
    router.get('/dev/mail/:id', async (req, res) => {
      const { row, message } = await composed(idOrNotFound(req.params.id, 'error.notFound'));
      res.render('email/dev-show', {
        title: message.subject,
        id: row.id,
        to: row.toAddress,
        status: row.status,
        subject: message.subject,
        text: message.text,
        invitation: message.icalEvent?.content,
      });
    });
    // The HTML part on its own, under the site's CSP (no script runs in it).
    router.get('/dev/mail/:id/html', async (req, res) => {
      const { message } = await composed(idOrNotFound(req.params.id, 'error.notFound'));
      res.type('html').send(message.html);
    });
  }
  return router;
}
