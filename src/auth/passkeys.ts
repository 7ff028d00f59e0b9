import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { passkeys } from '../db/schema.js';
import { sendSecurityMail } from '../mail/security.js';

// Loaded on first use: the WebAuthn library took about 0.6 s of every start, for a page few open.
const webauthn = () => import('@simplewebauthn/server');

/** Where WebAuthn ceremonies happen: the site's origin and its host name (the relying party id). */
export interface RelyingParty {
  origin: string;
  rpID: string;
}

const RP_NAME = 'Smart Work Seoul';
const TIMEOUT_MS = 120_000;

const toB64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

export function passkeysOf(db: Database, userId: number) {
  return db
    .select({
      id: passkeys.id,
      credentialId: passkeys.credentialId,
      name: passkeys.name,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
      transports: passkeys.transports,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt));
}

export async function hasPasskey(db: Database, userId: number): Promise<boolean> {
  const [row] = await db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, userId)).limit(1);
  return row !== undefined;
}

export async function registrationOptions(
  db: Database,
  rp: RelyingParty,
  user: { id: number; username: string; displayName: string },
) {
  const existing = await passkeysOf(db, user.id);
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.username,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(`sws-user-${user.id}`),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Verifies a new credential against the challenge of this session and stores it; false when it does not verify. */
export async function registerPasskey(
  db: Database,
  rp: RelyingParty,
  input: { userId: number; response: RegistrationResponseJSON; challenge: string; name: string; now: Date },
): Promise<boolean> {
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    const { verifyRegistrationResponse } = await webauthn();
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    return false;
  }
  if (!verification.verified) return false;
  const credential = verification.registrationInfo.credential;
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(passkeys)
      .values({
        userId: input.userId,
        credentialId: credential.id,
        publicKey: toB64(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: input.name,
        createdAt: input.now,
      })
      .onConflictDoNothing({ target: passkeys.credentialId })
      .returning({ id: passkeys.id });
    if (rows.length !== 1) return false;
    await sendSecurityMail(tx, input.userId, 'passkeyAdded', input.now, { name: input.name });
    return true;
  });
}

export async function authenticationOptions(db: Database, rp: RelyingParty, userId: number) {
  const existing = await passkeysOf(db, userId);
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    timeout: TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
  });
}

/** Checks an assertion by one of the person's passkeys against this session's challenge, and moves its counter. */
export async function verifyPasskey(
  db: Database,
  rp: RelyingParty,
  input: { userId: number; response: AuthenticationResponseJSON; challenge: string; now: Date },
): Promise<boolean> {
  const [stored] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.userId, input.userId), eq(passkeys.credentialId, input.response.id)));
  if (!stored) return false;
  try {
    const { verifyAuthenticationResponse } = await webauthn();
    const result = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: input.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      credential: {
        id: stored.credentialId,
        publicKey: fromB64(stored.publicKey),
        counter: stored.counter,
        transports: stored.transports,
      },
    });
    if (!result.verified) return false;
    await db
      .update(passkeys)
      .set({ counter: result.authenticationInfo.newCounter, lastUsedAt: input.now })
      .where(eq(passkeys.id, stored.id));
    return true;
  } catch {
    return false;
  }
}

export async function removePasskey(db: Database, userId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(passkeys)
    .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
    .returning({ id: passkeys.id });
  return rows.length > 0;
}
