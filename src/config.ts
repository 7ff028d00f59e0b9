import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().optional(),
  TRUST_PROXY: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Compiled templates are kept (compiling them on every request cost most of the day view's time);
  // `npm run dev` turns this off so edited templates show at once.
  VIEW_CACHE: z.enum(['on', 'off']).default('on'),
  NEEDS_KEY: z.string().optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(300),
  API_USER_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().email().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  // Single sign-on with OpenID Connect ("sign in with the city account"): see docs/sso.md.
  OIDC_ISSUER: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).optional(),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_ORGANISATION_CLAIM: z.string().min(1).optional(),
  OIDC_DEFAULT_ORGANISATION: z.string().min(1).optional(),
  LOCAL_PASSWORDS: z.enum(['on', 'off']).default('on'),
});

/** The roles a claim value may map to; admin only when OIDC_ROLE_MAP names it explicitly. */
const ROLES = ['employee', 'manager', 'operator', 'admin'] as const;
export type OidcRole = (typeof ROLES)[number];

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim whose value(s) give the role of a new account; unset: every new account is an employee. */
  roleClaim?: string;
  /** Claim value → role. Without OIDC_ROLE_MAP: employee, manager and operator by name (never admin). */
  roleMap: Record<string, OidcRole>;
  /** The claim holding the organisation's code; a new account without it joins `defaultOrganisation`. */
  organisationClaim?: string;
  /** The organisation code new accounts join when the claim is missing or unknown. */
  defaultOrganisation?: string;
  /** Plain-HTTP issuers (a provider started by a test or on a developer's machine); never in production. */
  allowHttp: boolean;
}

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  /**
   * The addresses (or CIDR ranges, or Express's names loopback/linklocal/uniquelocal) of the
   * reverse proxies whose X-Forwarded-For is believed; empty: none, the peer address is the client.
   */
  trustProxy: string[];
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Keep compiled templates (off only while editing them, with `npm run dev`). */
  viewCache: boolean;
  /** Failed sign-ins per 15 minutes from one address (login form and token endpoint together). */
  loginRateLimit: number;
  /** Anonymous API requests per minute, per client address (API_RATE_LIMIT). */
  apiRateLimit: number;
  /**
   * API requests per minute per person with a token (API_USER_RATE_LIMIT): a whole ministry
   * behind one NAT address shares no limit with each other.
   */
  apiUserRateLimit: number;
  /**
   * The site's public origin (from PUBLIC_URL, e.g. https://smartwork.seoul.go.kr): passkeys are
   * bound to its host name. Unset, the request's own origin is used (fine for one host name).
   */
  publicOrigin?: string;
  /** 32 bytes that encrypt people's declared needs (NEEDS_KEY, base64). */
  needsKey: Buffer;
  /**
   * Where people reach the service (PUBLIC_URL), for links and calendar UIDs that must not
   * depend on a request's Host header. No trailing slash.
   */
  publicUrl: string;
  /** A request still unanswered after this long gets 503 and is let go (REQUEST_TIMEOUT_MS, default 15 s). */
  requestTimeoutMs: number;
  /**
   * Where mail is sent (SMTP_URL, e.g. smtp://user:pass@mail.example:587). Unset (the embedded
   * default), mail stays in the outbox and shows in the development mailbox at /dev/mail.
   */
  smtpUrl?: string;
  /** The sender of mail (MAIL_FROM); by default no-reply at the host of PUBLIC_URL. */
  mailFrom: string;
  /** PostgreSQL connections per process (DATABASE_POOL_MAX, default 10). */
  databasePoolMax?: number;
  /** Bearer token for GET /metrics (METRICS_TOKEN); unset, /metrics is not served. */
  metricsToken?: string;
  /** Single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET …); unset: no SSO button. */
  oidc?: OidcConfig;
  /** LOCAL_PASSWORDS=off turns password sign-in off (SSO only); unset or true: passwords work. */
  localPasswords?: boolean;
}

export class ConfigError extends Error {}

/** Reads the environment (and `.env` when present) into a typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && (!e.SESSION_SECRET || e.SESSION_SECRET.length < 32)) {
    throw new ConfigError(
      'SESSION_SECRET must be set to a random string of at least 32 characters when NODE_ENV=production.\n' +
        "  Generate one with: node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\"",
    );
  }
  const needsKey = e.NEEDS_KEY ? Buffer.from(e.NEEDS_KEY, 'base64') : undefined;
  if (needsKey && needsKey.length !== 32)
    throw new ConfigError('NEEDS_KEY must be 32 random bytes in base64 (44 characters).');
  if (e.NODE_ENV === 'production' && !needsKey) {
    throw new ConfigError(
      "NEEDS_KEY must be set when NODE_ENV=production: it encrypts people's declared needs.\n" +
        "  Generate one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  const oidc = oidcConfig(e);
  if (e.LOCAL_PASSWORDS === 'off' && !oidc) {
    throw new ConfigError(
      'LOCAL_PASSWORDS=off needs single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.',
    );
  }
  const sessionSecret = e.SESSION_SECRET ?? 'smart-work-seoul-development-secret-not-for-production';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    // Outside production a fixed secret keeps demo sessions alive across restarts.
    sessionSecret,
    // Outside production a key derived from the session secret keeps demo data readable across restarts.
    needsKey: needsKey ?? createHash('sha256').update(`${sessionSecret}:needs`).digest(),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/+$/, ''),
    // Passkeys are bound to this origin when PUBLIC_URL is set; otherwise to each request's own.
    publicOrigin: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    logLevel: e.LOG_LEVEL,
    viewCache: e.VIEW_CACHE === 'on',
    loginRateLimit: 100,
    apiRateLimit: e.API_RATE_LIMIT,
    apiUserRateLimit: e.API_USER_RATE_LIMIT,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `no-reply@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}`,
    databasePoolMax: e.DATABASE_POOL_MAX,
    metricsToken: e.METRICS_TOKEN,
    oidc,
    localPasswords: e.LOCAL_PASSWORDS === 'on',
  };
}

function oidcConfig(e: z.infer<typeof schema>): OidcConfig | undefined {
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given < 3)
    throw new ConfigError('Single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.');
  if (e.NODE_ENV === 'production' && !e.OIDC_ISSUER!.startsWith('https://')) {
    throw new ConfigError('OIDC_ISSUER must be an https:// address when NODE_ENV=production.');
  }
  return {
    issuer: e.OIDC_ISSUER!,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap: parseRoleMap(e.OIDC_ROLE_MAP),
    organisationClaim: e.OIDC_ORGANISATION_CLAIM,
    defaultOrganisation: e.OIDC_DEFAULT_ORGANISATION,
    allowHttp: e.NODE_ENV !== 'production',
  };
}

/** OIDC_ROLE_MAP: `claim-value=role` pairs separated by commas, e.g. `sws-managers=manager,sws-ops=operator`. */
export function parseRoleMap(value: string | undefined): Record<string, OidcRole> {
  if (value === undefined || value.trim() === '')
    return { employee: 'employee', manager: 'manager', operator: 'operator' };
  const map: Record<string, OidcRole> = {};
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [claimValue, role, ...rest] = entry.split('=').map((s) => s.trim());
    if (!claimValue || !ROLES.includes(role as OidcRole) || rest.length > 0) {
      throw new ConfigError(`OIDC_ROLE_MAP: "${entry}" is not claim-value=role (role one of ${ROLES.join(', ')}).`);
    }
    map[claimValue] = role as OidcRole;
  }
  return map;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY is a comma-separated list of proxy addresses or CIDR ranges. A bare number or
 * true is refused: "trust the nearest hop, whoever it is" lets any client that reaches the app
 * directly choose its own address with X-Forwarded-For (and so escape the sign-in limits).
 */
export function parseTrustProxy(value: string): string[] {
  // 0 and false meant "no proxy" before addresses were required; they still do.
  if (value.trim() === '0' || value.trim() === 'false') return [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk =
      prefix === undefined ||
      (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32) && rest.length === 0);
    if (!(PROXY_NAMES.has(entry) || (family !== 0 && prefixOk))) {
      throw new ConfigError(
        `TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal.\n` +
          '  List the addresses of your reverse proxies, e.g. TRUST_PROXY=10.0.0.5,10.0.1.0/24 (not 1 or true).',
      );
    }
  }
  return entries;
}

/** Loads `.env` from the working directory into process.env, without overriding what is set. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
