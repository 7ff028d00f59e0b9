import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { create } from 'express-handlebars';
import { type Locale, translate } from '../i18n/index.js';
import { MAIL_TEMPLATES, type MailTemplate } from './kinds.js';

/** Where each kind of mail sends the reader. */
const LINKS: Record<MailTemplate, string> = {
  'booking.created': '/bookings',
  'booking.changed': '/bookings',
  'booking.cancelled': '/bookings',
  'reminder.evening': '/',
  'reminder.checkIn': '/',
  'waitlist.offer': '/waitlist',
  'waitlist.booked': '/bookings',
  'booking.noShow': '/bookings',
  'plan.approved': '/schedules',
  'plan.rejected': '/schedules',
  'plan.rejectedNoComment': '/schedules',
  'digest.approvals': '/approvals',
  'security.passwordChanged': '/profile/security',
  'security.passkeyAdded': '/profile/security',
  'security.authenticatorAdded': '/profile/security',
  'security.ssoLinked': '/profile/security',
  'security.tokenCreated': '/profile',
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl?: string;
}

/**
 * The unsubscribe token of one mail: its id signed with the session secret. It names the mail,
 * not the person, so one link turns off one kind of mail once and leaks nothing else.
 */
export function unsubscribeToken(secret: string, mailId: number): string {
  return `${mailId}.${sign(secret, mailId)}`;
}

/** The mail id a token was made for, or undefined when it is not one of ours. */
export function verifyUnsubscribeToken(secret: string, token: string): number | undefined {
  const m = /^(\d{1,10})\.([\w-]{43})$/.exec(token);
  if (!m) return undefined;
  const id = Number(m[1]);
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

function sign(secret: string, mailId: number): string {
  return createHmac('sha256', secret).update(`mail-unsubscribe:${mailId}`).digest('base64url');
}

/** Renders mails from views/mail/ (HTML escaped by Handlebars; the text part from its own template). */
export class MailRenderer {
  private readonly engine;
  private readonly dir: string;

  constructor(
    projectRoot: string,
    private readonly options: { publicUrl: string; secret: string },
  ) {
    this.dir = path.join(projectRoot, 'views', 'mail');
    this.engine = create({ extname: '.hbs', defaultLayout: false });
  }

  async render(mail: {
    id: number;
    template: MailTemplate;
    locale: Locale;
    params: Record<string, unknown>;
    details?: { label: string; value: string }[];
  }): Promise<RenderedMail> {
    const spec = MAIL_TEMPLATES[mail.template];
    const t = (key: string, params: Record<string, unknown> = {}) => translate(mail.locale, key, params);
    const unsubscribeUrl =
      spec.kind === null
        ? undefined
        : `${this.options.publicUrl}/mail/unsubscribe/${unsubscribeToken(this.options.secret, mail.id)}`;
    const context = {
      lang: mail.locale,
      subject: t(spec.subject, mail.params),
      body: t(spec.body, mail.params),
      details: mail.details ?? [],
      link: this.options.publicUrl + LINKS[mail.template],
      linkLabel: t('mail.open'),
      footer: t('mail.footer'),
      unsubscribeUrl,
      unsubscribeLabel: unsubscribeUrl ? t('mail.unsubscribe', { kind: t(`mail.kind.${spec.kind}`) }) : undefined,
      preferencesUrl: `${this.options.publicUrl}/profile/email`,
      preferencesLabel: t('mail.preferences'),
    };
    const [html, text] = await Promise.all([
      this.engine.render(path.join(this.dir, 'message.html.hbs'), context),
      this.engine.render(path.join(this.dir, 'message.txt.hbs'), context),
    ]);
    return { subject: context.subject, html, text, unsubscribeUrl };
  }
}
