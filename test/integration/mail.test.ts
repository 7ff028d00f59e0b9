import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../src/auth/users.js';
import { cancelBooking, createBooking, rescheduleBooking } from '../../src/bookings/service.js';
import * as s from '../../src/db/schema.js';
import { deliverMail, type MailDeps } from '../../src/mail/delivery.js';
import { MailRenderer } from '../../src/mail/render.js';
import { enqueueScheduledMail } from '../../src/mail/scheduled.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { projectRoot } from '../../src/web/views.js';
import { serveApp, startTestApp, type TestApp, TestClock, testConfig } from '../helpers/app.js';
import { engine } from '../helpers/database.js';
import { createCenter, createUser, PASSWORD } from '../helpers/factories.js';

/** A real SMTP server on loopback that keeps what it receives, parsed. */
async function smtpSink() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function invitationOf(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  const text = part ? part.content.toString('utf8') : undefined;
  expect(text, 'a text/calendar part').toBeDefined();
  const cal = new ICAL.Component(ICAL.parse(text!));
  const event = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
  };
}

let t: TestApp;
let sink: Awaited<ReturnType<typeof smtpSink>>;
const config = testConfig();
const clock = new TestClock();
const bookingDeps = () => ({ db: t.db, clock, events: new LocalBus(), needsKey: config.needsKey });
const mailDeps = (url: string | null): MailDeps => ({
  db: t.db,
  clock,
  renderer: new MailRenderer(projectRoot, { publicUrl: config.publicUrl, secret: config.sessionSecret }),
  transport: url ? createTransport(url) : null,
  from: { name: 'Smart Work Seoul', address: config.mailFrom },
  publicUrl: config.publicUrl,
});

async function personWithEmail(locale: 'ko' | 'en' = 'ko') {
  const user = await createUser(t.db);
  const email = `${user.username}@example.go.kr`;
  await t.db.update(s.users).set({ email, locale }).where(eq(s.users.id, user.id));
  return { user, email, session: (await findSessionUser(t.db, user.id))! };
}

beforeAll(async () => {
  t = await startTestApp();
  sink = await smtpSink();
});
afterAll(async () => {
  await sink.close();
  await t.destroy();
});

describe(`mail (${engine})`, () => {
  it('sends a confirmation with an invitation whose UID stays and SEQUENCE rises on a move and a cancel', async () => {
    const { session, email } = await personWithEmail('en');
    const { desks } = await createCenter(t.db);
    const booking = await createBooking(bookingDeps(), session, {
      deskId: desks[0]!.id,
      date: '2026-12-03',
      start: 540,
      end: 720,
    });
    const deps = mailDeps(sink.url);
    expect(await deliverMail(deps)).toMatchObject({ sent: 1 });
    const confirmation = sink.received.find((m) => m.to && JSON.stringify(m.to).includes(email))!;
    expect(confirmation.subject).toContain('Booking confirmed: 2026-12-03 09:00–12:00');
    expect(confirmation.text).toContain('Your booking on 2026-12-03 09:00–12:00 is confirmed.');
    expect(confirmation.html).toContain('<html lang="en">');
    const first = invitationOf(confirmation);
    expect(first).toMatchObject({ method: 'REQUEST', uid: `booking-${booking.id}@smartwork.test`, sequence: 0 });

    await rescheduleBooking(bookingDeps(), session, booking.id, { date: '2026-12-04', start: 600, end: 780 });
    expect(await deliverMail(deps)).toMatchObject({ sent: 1 });
    const moved = invitationOf(sink.received.at(-1)!);
    expect(moved).toMatchObject({ method: 'REQUEST', uid: first.uid });
    expect(moved.sequence).toBeGreaterThan(first.sequence);
    expect(moved.start.toISOString()).toBe('2026-12-04T01:00:00.000Z');

    await cancelBooking(bookingDeps(), session, booking.id);
    expect(await deliverMail(deps)).toMatchObject({ sent: 1 });
    const cancelled = sink.received.at(-1)!;
    expect(cancelled.subject).toContain('Booking cancelled');
    const cancel = invitationOf(cancelled);
    expect(cancel).toMatchObject({ method: 'CANCEL', uid: first.uid });
    expect(cancel.sequence).toBeGreaterThan(moved.sequence);
    // Nothing is sent twice.
    expect(await deliverMail(deps)).toMatchObject({ sent: 0 });
  });

  it('keeps pending mail through a restart: a new app instance sends it, once, after backoff', async () => {
    const { session, email } = await personWithEmail();
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-03', start: 540, end: 720 });
    // The mail server is down: the mail stays pending and waits.
    expect(await deliverMail(mailDeps('smtp://127.0.0.1:1'))).toMatchObject({ sent: 0, retrying: 1 });
    const reopened = await serveApp(t.database, clock, config);
    try {
      expect(await deliverMail(mailDeps(sink.url))).toMatchObject({ sent: 0 });
      clock.set(new Date(clock.now().getTime() + 61_000));
      // Two processes at once: SKIP LOCKED gives the mail to one of them.
      const [a, b] = await Promise.all([deliverMail(mailDeps(sink.url)), deliverMail(mailDeps(sink.url))]);
      expect(a.sent + b.sent).toBe(1);
      expect(sink.received.filter((m) => JSON.stringify(m.to).includes(email))).toHaveLength(1);
      expect(sink.received.at(-1)!.subject).toContain('예약 확정');
    } finally {
      clock.set(new Date('2026-12-01T09:10:00+09:00'));
      await reopened.close();
    }
  });

  it('keeps mail in the outbox without SMTP and shows it in the development mailbox', async () => {
    const { session, email } = await personWithEmail();
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-03', start: 540, end: 720 });
    expect(await deliverMail(mailDeps(null))).toMatchObject({ kept: 1 });
    const [row] = await t.db.select().from(s.mailOutbox).where(eq(s.mailOutbox.toAddress, email));
    expect(row!.status).toBe('kept');
    const client = t.client();
    const list = await client.get('/dev/mail');
    expect(list.text).toContain(email);
    const one = await client.get(`/dev/mail/${row!.id}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('METHOD:REQUEST');
    const production = await serveApp(t.database, clock, testConfig({ env: 'production' }));
    try {
      expect((await fetch(`${production.baseUrl}/dev/mail`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });

  it('sends nothing to someone without an email address', async () => {
    const user = await createUser(t.db);
    const session = (await findSessionUser(t.db, user.id))!;
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-03', start: 540, end: 720 });
    expect(await t.db.select().from(s.mailOutbox).where(eq(s.mailOutbox.userId, user.id))).toHaveLength(0);
  });

  it('turns a kind of mail off on the preference page, and validates the address', async () => {
    const { user, session } = await personWithEmail();
    const client = t.client();
    await client.login(user.username, PASSWORD);
    const page = await client.get('/profile/email');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${user.username}@example.go.kr`);
    const bad = await client.post('/profile/email', { email: 'not an address', kinds: 'reminders' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#email"');
    // Everything but booking mail stays on.
    const body = new URLSearchParams({ _csrf: client.csrfToken ?? '', email: `New.${user.username}@Example.go.kr` });
    for (const k of ['reminders', 'waitlist', 'noShow', 'plans', 'digest']) body.append('kinds', k);
    const saved = await client.request('POST', '/profile/email', {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(saved.status).toBe(303);
    const [row] = await t.db.select().from(s.users).where(eq(s.users.id, user.id));
    expect(row).toMatchObject({ email: `new.${user.username}@example.go.kr`, mailOff: ['bookings'] });
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-03', start: 540, end: 720 });
    expect(await t.db.select().from(s.mailOutbox).where(eq(s.mailOutbox.userId, user.id))).toHaveLength(0);
    // Switching language while signed in switches the language of mail.
    await client.get('/profile/email?lang=en');
    const [after] = await t.db.select({ locale: s.users.locale }).from(s.users).where(eq(s.users.id, user.id));
    expect(after!.locale).toBe('en');
  });

  it('has an unsubscribe link that works once and without signing in', async () => {
    const { user, session, email } = await personWithEmail();
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-03', start: 540, end: 720 });
    await deliverMail(mailDeps(sink.url));
    const mail = sink.received.findLast((m) => JSON.stringify(m.to).includes(email))!;
    const link = /http:\/\/smartwork\.test(\/mail\/unsubscribe\/[\w.-]+)/.exec(mail.text ?? '')![1]!;
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(link);
    const anonymous = t.client();
    const confirm = await anonymous.get(link);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<form method="post"');
    // GET alone changes nothing (link scanners unsubscribe nobody).
    let [row] = await t.db.select().from(s.users).where(eq(s.users.id, user.id));
    expect(row!.mailOff).toEqual([]);
    const done = await fetch(t.baseUrl + link, { method: 'POST' });
    expect(done.status).toBe(200);
    [row] = await t.db.select().from(s.users).where(eq(s.users.id, user.id));
    expect(row!.mailOff).toEqual(['bookings']);
    const again = await fetch(t.baseUrl + link, { method: 'POST' });
    expect(await again.text()).toContain('이미 사용');
    // A forged token is refused.
    const forged = await fetch(`${t.baseUrl}${link.slice(0, -3)}abc`, { method: 'POST' });
    expect(forged.status).toBe(404);
  });

  it('enqueues the evening and check-in reminders once each', async () => {
    const { session, user } = await personWithEmail();
    const { desks } = await createCenter(t.db);
    await createBooking(bookingDeps(), session, { deskId: desks[0]!.id, date: '2026-12-02', start: 540, end: 720 });
    const reminders = () =>
      t.db.select({ template: s.mailOutbox.template }).from(s.mailOutbox).where(eq(s.mailOutbox.userId, user.id));
    try {
      clock.set(new Date('2026-12-01T17:59:00+09:00'));
      await enqueueScheduledMail({ db: t.db, clock });
      expect((await reminders()).map((r) => r.template)).toEqual(['booking.created']);
      clock.set(new Date('2026-12-01T18:00:00+09:00'));
      await Promise.all([enqueueScheduledMail({ db: t.db, clock }), enqueueScheduledMail({ db: t.db, clock })]);
      await enqueueScheduledMail({ db: t.db, clock });
      expect((await reminders()).map((r) => r.template).sort()).toEqual(['booking.created', 'reminder.evening']);
      // Check-in opens 15 minutes before 09:00; the reminder leaves 15 minutes before that.
      clock.set(new Date('2026-12-02T08:29:00+09:00'));
      await enqueueScheduledMail({ db: t.db, clock });
      expect(await reminders()).toHaveLength(2);
      clock.set(new Date('2026-12-02T08:30:00+09:00'));
      await enqueueScheduledMail({ db: t.db, clock });
      await enqueueScheduledMail({ db: t.db, clock });
      expect((await reminders()).map((r) => r.template).sort()).toEqual([
        'booking.created',
        'reminder.checkIn',
        'reminder.evening',
      ]);
      // A reminder says where, and carries no invitation.
      await deliverMail(mailDeps(sink.url));
      const reminder = sink.received.find((m) => m.subject?.includes('체크인'))!;
      expect(reminder.text).toContain('장소:');
      expect(reminder.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toHaveLength(0);
    } finally {
      clock.set(new Date('2026-12-01T09:10:00+09:00'));
    }
  });
});
