import { en } from './en.js';
import { ko, type MessageKey } from './ko.js';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ko';
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { ko, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in ko;
}

/** Translates a key, filling {name} placeholders. An unknown key is returned as is, so a gap shows up in review, not as a crash. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = isMessageKey(key) ? catalogs[locale][key] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The BCP 47 tag for Intl formatting. */
export function intlLocale(locale: Locale): string {
  return locale === 'ko' ? 'ko-KR' : 'en-GB';
}
