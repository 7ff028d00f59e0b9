import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { OidcConfig, OidcRole } from '../config.js';
import type { Database } from '../db/client.js';
import { oidcIdentities, organisations, users } from '../db/schema.js';
import { sendSecurityMail } from '../mail/security.js';
import type { OidcClaims } from './oidc.js';
import { findSessionUser, normaliseUsername, type SessionUser } from './users.js';

/**
 * How an SSO sign-in finds its account (docs/sso.md):
 * 1. by the stable subject: (issuer, sub) in oidc_identities, whatever the e-mail or name say now;
 * 2. else, once, by a **verified** e-mail (`email_verified: true`) equal to exactly one account's
 *    address: that account is linked to the subject, and its owner gets a security mail;
 * 3. else a new account, with its role from the role claim (admin only when OIDC_ROLE_MAP says
 *    so) and its organisation from the organisation claim or OIDC_DEFAULT_ORGANISATION.
 * Usernames are never used to link: a provider's `preferred_username` is the person's choice
 * at some providers, and matching it would hand over the account of whoever had that name here.
 * A deactivated account is refused, linked or not.
 */
export type OidcAccountResult =
  | { kind: 'ok'; user: SessionUser; how: 'subject' | 'linked' | 'created' }
  | { kind: 'disabled' }
  | { kind: 'noOrganisation' };

/** The role of a new account from its claims: the highest mapped role, employee when none maps. */
export function roleFromClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcConfig, 'roleClaim' | 'roleMap'>,
): OidcRole {
  if (!settings.roleClaim) return 'employee';
  const raw = claims[settings.roleClaim];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const order: OidcRole[] = ['employee', 'manager', 'operator', 'admin'];
  let best: OidcRole = 'employee';
  for (const value of values) {
    if (typeof value !== 'string' || !Object.hasOwn(settings.roleMap, value)) continue;
    const role = settings.roleMap[value]!;
    if (order.indexOf(role) > order.indexOf(best)) best = role;
  }
  return best;
}

const verifiedEmail = (claims: OidcClaims): string | undefined =>
  claims.email_verified === true && typeof claims.email === 'string' && claims.email.length <= 254
    ? claims.email.trim().toLowerCase()
    : undefined;

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

/** A free username for a new account: the provider's preferred_username when valid and free, else one from the subject. */
async function freeUsername(tx: Database, claims: OidcClaims): Promise<string> {
  const wanted = normaliseUsername(text(claims.preferred_username, 62) ?? '');
  const fromSubject = `sso-${createHash('sha256').update(`${claims.iss}\n${claims.sub}`).digest('hex').slice(0, 12)}`;
  for (const candidate of [wanted, fromSubject]) {
    if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(candidate)) continue;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, candidate));
    if (!taken) return candidate;
  }
  return `${fromSubject}-${Date.now().toString(36)}`;
}

async function organisationFor(tx: Database, claims: OidcClaims, settings: OidcConfig): Promise<number | undefined> {
  const codes = [
    settings.organisationClaim ? text(claims[settings.organisationClaim], 60) : undefined,
    settings.defaultOrganisation,
  ];
  for (const code of codes) {
    if (!code) continue;
    const [org] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
    if (org) return org.id;
  }
  return undefined;
}

/** Finds, links or creates the account of an SSO sign-in, in one transaction (see the type's comment). */
export async function resolveOidcAccount(
  db: Database,
  settings: OidcConfig,
  claims: OidcClaims,
  now: Date,
): Promise<OidcAccountResult> {
  const decided = await db.transaction(
    async (tx): Promise<{ userId: number; how: 'subject' | 'linked' | 'created' } | OidcAccountResult> => {
      // Two first sign-ins of one person at once (a double click, two tabs) would both find no
      // identity and both create an account: the second waits here and then finds the first's.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`oidc:${claims.iss}|${claims.sub}`}))`);
      const bySubject = and(eq(oidcIdentities.issuer, claims.iss), eq(oidcIdentities.subject, claims.sub));
      const [known] = await tx
        .select({ userId: oidcIdentities.userId, disabled: users.disabled })
        .from(oidcIdentities)
        .innerJoin(users, eq(users.id, oidcIdentities.userId))
        .where(bySubject);
      if (known) {
        if (known.disabled) return { kind: 'disabled' };
        await tx.update(oidcIdentities).set({ lastUsedAt: now }).where(bySubject);
        return { userId: known.userId, how: 'subject' };
      }
      const email = verifiedEmail(claims);
      if (email) {
        const matches = await tx
          .select({ id: users.id, disabled: users.disabled })
          .from(users)
          .where(sql`lower(${users.email}) = ${email}`)
          .limit(2);
        if (matches.length === 1) {
          const match = matches[0]!;
          if (match.disabled) return { kind: 'disabled' };
          // One subject per issuer and account: an account already reached by another subject is not taken over.
          const linked = await tx
            .insert(oidcIdentities)
            .values({ issuer: claims.iss, subject: claims.sub, userId: match.id, createdAt: now, lastUsedAt: now })
            .onConflictDoNothing()
            .returning({ id: oidcIdentities.id });
          if (linked.length === 1) {
            await sendSecurityMail(tx, match.id, 'ssoLinked', now, { issuer: new URL(claims.iss).host });
            return { userId: match.id, how: 'linked' };
          }
        }
      }
      const organisationId = await organisationFor(tx, claims, settings);
      if (organisationId === undefined) return { kind: 'noOrganisation' };
      const username = await freeUsername(tx, claims);
      const name = text(claims.name, 100) ?? text(claims.preferred_username, 100) ?? username;
      const [created] = await tx
        .insert(users)
        .values({
          username,
          displayName: name,
          displayNameEn: text(claims.name_en, 100) ?? name,
          // No password: this account signs in through the provider (argon2 refuses '!' as a hash).
          passwordHash: '!sso',
          role: roleFromClaims(claims, settings),
          organisationId,
          email: email ?? null,
          createdAt: now,
        })
        .returning({ id: users.id });
      await tx
        .insert(oidcIdentities)
        .values({ issuer: claims.iss, subject: claims.sub, userId: created!.id, createdAt: now, lastUsedAt: now });
      return { userId: created!.id, how: 'created' };
    },
  );
  if ('kind' in decided) return decided;
  const user = await findSessionUser(db, decided.userId);
  return user ? { kind: 'ok', user, how: decided.how } : { kind: 'disabled' };
}
