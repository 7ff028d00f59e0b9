import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { uiPreferences } from '../db/schema.js';

export interface UiPreferences {
  largeText: boolean;
  highContrast: boolean;
  reducedMotion: boolean;
  simpleMode: boolean;
}
export const NO_PREFERENCES: UiPreferences = {
  largeText: false,
  highContrast: false,
  reducedMotion: false,
  simpleMode: false,
};
const KEYS = ['largeText', 'highContrast', 'reducedMotion', 'simpleMode'] as const;

/** A compact cookie form, e.g. "lt.hc": the preferences before sign-in, and a cache after. */
export function toCookie(p: UiPreferences): string {
  return [p.largeText && 'lt', p.highContrast && 'hc', p.reducedMotion && 'rm', p.simpleMode && 'sm']
    .filter(Boolean)
    .join('.');
}
export function fromCookie(value: string | undefined): UiPreferences {
  const parts = new Set((value ?? '').split('.'));
  return {
    largeText: parts.has('lt'),
    highContrast: parts.has('hc'),
    reducedMotion: parts.has('rm'),
    simpleMode: parts.has('sm'),
  };
}
export function fromForm(body: Record<string, unknown>): UiPreferences {
  return Object.fromEntries(KEYS.map((k) => [k, body[k] === '1'])) as unknown as UiPreferences;
}

// Read on every signed-in page: built once.
const preferencesById = preparedFor((db) =>
  db
    .select()
    .from(uiPreferences)
    .where(eq(uiPreferences.userId, sql.placeholder('userId')))
    .prepare('ui_preferences'),
);

export async function preferencesOf(db: Database, userId: number): Promise<UiPreferences | undefined> {
  const [row] = await preferencesById(db).execute({ userId });
  if (!row) return undefined;
  return {
    largeText: row.largeText,
    highContrast: row.highContrast,
    reducedMotion: row.reducedMotion,
    simpleMode: row.simpleMode,
  };
}

export async function savePreferences(db: Database, userId: number, p: UiPreferences, at: Date): Promise<void> {
  await db
    .insert(uiPreferences)
    .values({ userId, ...p, updatedAt: at })
    .onConflictDoUpdate({ target: uiPreferences.userId, set: { ...p, updatedAt: at } });
}
