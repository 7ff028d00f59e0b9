import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().optional(),
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEEDS_KEY: z.string().optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
});

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  trustProxy: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Failed attempts per 15 minutes for the login form and the token endpoint, per client IP. */
  loginRateLimit: number;
  /** API requests per minute, per client IP. */
  apiRateLimit: number;
  /** 32 bytes that encrypt people's declared needs (NEEDS_KEY, base64). */
  needsKey: Buffer;
  /**
   * Where people reach the service (PUBLIC_URL), for links and calendar UIDs that must not
   * depend on a request's Host header. No trailing slash.
   */
  publicUrl: string;
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
    trustProxy: e.TRUST_PROXY,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    loginRateLimit: 20,
    apiRateLimit: 300,
  };
}

/** Loads `.env` from the working directory into process.env, without overriding what is set. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
