import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { passwordResets, users } from '../db/schema.js';
import { DomainError, NotFoundError, ValidationError } from '../errors.js';
import { sendSecurityMail } from '../mail/security.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';
import { endSessionsOf } from './sessions.js';
import { clearAccountFailures } from './sign-in-throttle.js';
import { normaliseUsername } from './users.js';

export const RESET_TTL_MS = 60 * 60_000;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function checkNewPassword(password: string, username: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new ValidationError({ password: { key: `password.${problem}` } });
}

/**
 * Changes one's own password: the current one is required (it also counts as re-authentication),
 * the new one must pass the policy, and every other session of the person ends.
 */
export async function changePassword(
  db: Database,
  input: { userId: number; current: string; next: string; keepSid: string; now: Date },
): Promise<void> {
  const [user] = await db
    .select({ username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) throw new NotFoundError('error.notFound');
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    throw new ValidationError({ current: { key: 'password.currentWrong' } });
  }
  checkNewPassword(input.next, user.username);
  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: input.now }).where(eq(users.id, input.userId));
    await sendSecurityMail(tx, input.userId, 'passwordChanged', input.now);
  });
  await endSessionsOf(db, input.userId, input.keepSid);
}

/** An administrator's one-time reset link for someone (shown to the admin, as there is no e-mail yet). */
export async function createPasswordReset(
  db: Database,
  input: { adminId: number; username: string; now: Date },
): Promise<{ token: string; expiresAt: Date; username: string }> {
  const username = normaliseUsername(input.username);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!user) throw new DomainError('reset.unknownUser', { username }, 'username');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + RESET_TTL_MS);
  await db.transaction(async (tx) => {
    // Only the newest link works.
    await tx
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({
      userId: user.id,
      tokenHash: hashToken(token),
      createdBy: input.adminId,
      createdAt: input.now,
      expiresAt,
    });
  });
  return { token, expiresAt, username };
}

/** Whose reset link this is, if it is unused and unexpired. */
export async function findPasswordReset(db: Database, token: string, now: Date) {
  if (!/^[\w-]{43}$/.test(token)) return undefined;
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, username: users.username })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    );
  return row;
}

/** Sets a new password through a reset link: one use, then every session of the person ends. */
export async function resetPassword(db: Database, input: { token: string; password: string; now: Date }) {
  const reset = await findPasswordReset(db, input.token, input.now);
  if (!reset) throw new NotFoundError('reset.invalid');
  checkNewPassword(input.password, reset.username);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (used.length !== 1) throw new NotFoundError('reset.invalid');
    await tx.update(users).set({ passwordHash, passwordChangedAt: input.now }).where(eq(users.id, reset.userId));
    await sendSecurityMail(tx, reset.userId, 'passwordChanged', input.now);
  });
  await endSessionsOf(db, reset.userId);
  await clearAccountFailures(db, reset.username);
  return reset;
}
