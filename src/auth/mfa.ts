import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import type { Database } from '../db/client.js';
import { mfaRecoveryCodes, users } from '../db/schema.js';
import { sendSecurityMail } from '../mail/security.js';
import type { Role } from './users.js';

/** Roles that may not use the app without a second factor: they see and change other people's data. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['operator', 'admin', 'partner_admin'];
export const mfaRequired = (role: Role) => MFA_REQUIRED_ROLES.includes(role);

export const RECOVERY_CODE_COUNT = 10;
const PERIOD = 30;
const ISSUER = 'Smart Work Seoul';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: ISSUER, label: username, secret });
}

/** The code an authenticator shows at `now` (for tests and the demo seed's printout). */
export function totpCode(secret: string, now: Date): string {
  return generateSync({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

/**
 * The time step of a valid code (RFC 6238, 30 s, one step either side for clock drift), or
 * undefined. `afterStep` refuses a code already used (or an older one), as RFC 6238 §5.2 asks.
 */
export function checkTotp(secret: string, code: string, now: Date, afterStep?: number | null): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const epoch = Math.floor(now.getTime() / 1000);
  try {
    const result = verifySync({
      secret,
      token,
      epoch,
      epochTolerance: PERIOD,
      ...(afterStep != null ? { afterTimeStep: afterStep } : {}),
    });
    return result.valid ? Math.floor(epoch / PERIOD) + result.delta : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key that seals TOTP secrets in the database (AES-256-GCM), derived from the app's data key
 * (NEEDS_KEY) for this one purpose: a copy of the database alone does not give anyone the codes.
 */
export function totpKey(dataKey: Buffer): Buffer {
  return createHash('sha256').update(dataKey).update('sws:totp-secret').digest();
}

export function sealTotpSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The secret from its stored form; a bare base32 secret (not sealed) is read as it is. */
export function openTotpSecret(key: Buffer, stored: string): string {
  if (!stored.startsWith('v1.')) return stored;
  const raw = Buffer.from(stored.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export async function totpSecretOf(db: Database, key: Buffer, userId: number) {
  const [row] = await db
    .select({ secret: users.totpSecret, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, userId));
  return row?.secret ? { secret: openTotpSecret(key, row.secret), lastStep: row.lastStep } : undefined;
}

/**
 * Checks a code against the person's enrolled secret and records its step, so the same code
 * cannot be used again, even by two requests at once (the update only wins from the older step).
 */
export async function verifyUserTotp(
  db: Database,
  key: Buffer,
  userId: number,
  code: string,
  now: Date,
): Promise<boolean> {
  const enrolled = await totpSecretOf(db, key, userId);
  if (!enrolled) return false;
  const step = checkTotp(enrolled.secret, code, now, enrolled.lastStep);
  if (step === undefined) return false;
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Ten codes of 10 random base32 characters (50 bits each), shown once as xxxxx-xxxxx. */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Confirms enrolment: stores the secret (and the step just used) and returns fresh recovery codes. */
export async function enableTotp(
  db: Database,
  key: Buffer,
  userId: number,
  secret: string,
  step: number,
  now: Date,
  /** False when only the recovery codes are renewed (the authenticator stays the same). */
  newAuthenticator = true,
): Promise<string[]> {
  const codes = newRecoveryCodes();
  const sealed = sealTotpSecret(key, secret);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: sealed, totpLastStep: step }).where(eq(users.id, userId));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await tx.insert(mfaRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashCode(c) })));
    if (newAuthenticator) await sendSecurityMail(tx, userId, 'authenticatorAdded', now);
  });
  return codes;
}

export async function disableTotp(db: Database, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpLastStep: null }).where(eq(users.id, userId));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  });
}

/** Uses up one recovery code; false when it is not one of the person's unused codes. */
export async function useRecoveryCode(db: Database, userId: number, code: string, now: Date): Promise<boolean> {
  const hash = hashCode(code);
  if (!/^[a-z0-9]{10}$/.test(code.replace(/[\s-]/g, '').toLowerCase())) return false;
  const rows = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, hash), isNull(mfaRecoveryCodes.usedAt)),
    )
    .returning({ hash: mfaRecoveryCodes.codeHash });
  return rows.length === 1 && timingSafeEqual(Buffer.from(rows[0]!.hash), Buffer.from(hash));
}

export async function unusedRecoveryCodes(db: Database, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
