/** The kinds of mail a person can turn off on /profile/email (security mail is not among them). */
export const MAIL_KINDS = ['bookings', 'reminders', 'waitlist', 'noShow', 'plans', 'digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export function isMailKind(value: unknown): value is MailKind {
  return typeof value === 'string' && (MAIL_KINDS as readonly string[]).includes(value);
}

interface TemplateSpec {
  /** null: security mail, always sent and without an unsubscribe link. */
  kind: MailKind | null;
  subject: string;
  /** The body's message key; booking mails reuse the in-app notice's wording. */
  body: string;
}

/** Every mail the service sends: its kind (for preferences), subject and body keys. */
export const MAIL_TEMPLATES = {
  'booking.created': { kind: 'bookings', subject: 'mail.subject.bookingCreated', body: 'notice.booked' },
  'booking.changed': { kind: 'bookings', subject: 'mail.subject.bookingChanged', body: 'mail.body.bookingChanged' },
  'booking.cancelled': { kind: 'bookings', subject: 'mail.subject.bookingCancelled', body: 'notice.cancelled' },
  'reminder.evening': { kind: 'reminders', subject: 'mail.subject.reminderEvening', body: 'mail.body.reminderEvening' },
  'reminder.checkIn': { kind: 'reminders', subject: 'mail.subject.reminderCheckIn', body: 'mail.body.reminderCheckIn' },
  'waitlist.offer': { kind: 'waitlist', subject: 'mail.subject.waitlistOffer', body: 'notice.waitlistOffer' },
  'waitlist.booked': { kind: 'waitlist', subject: 'mail.subject.waitlistBooked', body: 'notice.waitlistBooked' },
  'booking.noShow': { kind: 'noShow', subject: 'mail.subject.noShow', body: 'notice.noShow' },
  'plan.approved': { kind: 'plans', subject: 'mail.subject.planApproved', body: 'notice.planApproved' },
  'plan.rejected': { kind: 'plans', subject: 'mail.subject.planRejected', body: 'notice.planRejected' },
  'plan.rejectedNoComment': {
    kind: 'plans',
    subject: 'mail.subject.planRejected',
    body: 'notice.planRejectedNoComment',
  },
  'digest.approvals': { kind: 'digest', subject: 'mail.subject.digest', body: 'mail.body.digest' },
  // Security mail (src/mail/security.ts): always sent, no unsubscribe link.
  'security.passwordChanged': {
    kind: null,
    subject: 'mail.subject.passwordChanged',
    body: 'mail.body.passwordChanged',
  },
  'security.passkeyAdded': { kind: null, subject: 'mail.subject.passkeyAdded', body: 'mail.body.passkeyAdded' },
  'security.authenticatorAdded': {
    kind: null,
    subject: 'mail.subject.authenticatorAdded',
    body: 'mail.body.authenticatorAdded',
  },
  'security.ssoLinked': { kind: null, subject: 'mail.subject.ssoLinked', body: 'mail.body.ssoLinked' },
  'security.tokenCreated': { kind: null, subject: 'mail.subject.tokenCreated', body: 'mail.body.tokenCreated' },
} as const satisfies Record<string, TemplateSpec>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;

export function isMailTemplate(value: unknown): value is MailTemplate {
  return typeof value === 'string' && Object.hasOwn(MAIL_TEMPLATES, value);
}

/** A plausible single address (the form's check; the mail server has the last word). */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/.test(value);
}
