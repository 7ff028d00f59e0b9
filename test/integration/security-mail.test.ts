import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { enableTotp, newTotpSecret } from '../../src/auth/mfa.js';
import { changePassword, createPasswordReset, resetPassword } from '../../src/auth/passwords.js';
import * as s from '../../src/db/schema.js';
import { MAIL_KINDS } from '../../src/mail/kinds.js';
import { MailRenderer } from '../../src/mail/render.js';
import { projectRoot } from '../../src/web/views.js';
import { TEST_NOW } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

// Security events always send a mail, even to someone who turned every kind of mail off, and
// the mail has no unsubscribe link. Written in the change's own transaction.
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb?.destroy());

async function person() {
  const db = tdb.database.db;
  const user = await createUser(db);
  await db
    .update(s.users)
    .set({ email: `${user.username}@seoul.go.kr`, mailOff: [...MAIL_KINDS] })
    .where(eq(s.users.id, user.id));
  return user;
}
const templatesOf = async (userId: number) =>
  (await tdb.database.db.select().from(s.mailOutbox).where(eq(s.mailOutbox.userId, userId))).map((m) => m.template);

describe('security mail', () => {
  it('tells of a password change and a reset, an authenticator, an API token — whatever the preferences', async () => {
    const db = tdb.database.db;
    const user = await person();
    await changePassword(db, {
      userId: user.id,
      current: PASSWORD,
      next: 'a much longer new passphrase 2026',
      keepSid: 'none',
      now: TEST_NOW,
    });
    const admin = await createUser(db, { role: 'admin' });
    const reset = await createPasswordReset(db, { adminId: admin.id, username: user.username, now: TEST_NOW });
    await resetPassword(db, { token: reset.token, password: 'yet another long passphrase 77', now: TEST_NOW });
    await enableTotp(db, Buffer.alloc(32, 7), user.id, newTotpSecret(), 1, TEST_NOW);
    // Renewed recovery codes alone are not a new authenticator.
    await enableTotp(db, Buffer.alloc(32, 7), user.id, newTotpSecret(), 2, TEST_NOW, false);
    await createApiToken(db, user.id, 'my script', TEST_NOW);
    expect(await templatesOf(user.id)).toEqual([
      'security.passwordChanged',
      'security.passwordChanged',
      'security.authenticatorAdded',
      'security.tokenCreated',
    ]);
  });

  it('writes nothing when the change fails (a wrong current password)', async () => {
    const db = tdb.database.db;
    const user = await person();
    await expect(
      changePassword(db, {
        userId: user.id,
        current: 'wrong',
        next: 'a much longer new passphrase 2026',
        keepSid: 'none',
        now: TEST_NOW,
      }),
    ).rejects.toThrow();
    expect(await templatesOf(user.id)).toEqual([]);
  });

  it('renders without an unsubscribe link, with when it happened', async () => {
    const db = tdb.database.db;
    const user = await person();
    await createApiToken(db, user.id, 'calendar sync', TEST_NOW);
    const [mail] = await db.select().from(s.mailOutbox).where(eq(s.mailOutbox.userId, user.id));
    const renderer = new MailRenderer(projectRoot, { publicUrl: 'http://smartwork.test', secret: 'x'.repeat(32) });
    const rendered = await renderer.render({
      id: mail!.id,
      template: mail!.template as 'security.tokenCreated',
      locale: 'en',
      params: mail!.params as Record<string, unknown>,
    });
    expect(rendered.unsubscribeUrl).toBeUndefined();
    expect(rendered.subject).toBe('[Smart Work Seoul] A new API token was made');
    expect(rendered.text).toContain('calendar sync');
    expect(rendered.text).toContain('2026-12-01 at 09:10');
    expect(rendered.text).not.toMatch(/unsubscribe/i);
  });
});
