import { createTransport } from 'nodemailer';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../time/seoul.js';
import type { MailDeps } from './delivery.js';
import { MailRenderer } from './render.js';

/** The mail side of the app from its config: a nodemailer transport to SMTP_URL, or none (kept in the outbox). */
export function createMailer(deps: { db: Database; clock: Clock; config: Config; projectRoot: string }): MailDeps {
  const { config } = deps;
  return {
    db: deps.db,
    clock: deps.clock,
    renderer: new MailRenderer(deps.projectRoot, { publicUrl: config.publicUrl, secret: config.sessionSecret }),
    transport: config.smtpUrl ? createTransport(config.smtpUrl) : null,
    from: { name: 'Smart Work Seoul', address: config.mailFrom },
    publicUrl: config.publicUrl,
  };
}
