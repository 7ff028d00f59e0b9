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
  return fillPlaceholders(selectPlurals(locale, template, params), params);
}

function fillPlaceholders(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
/** `{count, plural, one {# desk} other {# desks}}`: the branch the language's plural rules pick for the number (`#` is the number). */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g;

/**
 * Picks plural forms (a small part of ICU MessageFormat) with Intl.PluralRules, so English says
 * "1 repeating booking" and "2 repeating bookings"; Korean messages need no such branches.
 * A parameter that is not a number leaves the text as written.
 */
export function selectPlurals(locale: Locale, template: string, params: Record<string, unknown>): string {
  return template.replace(PLURAL, (whole, name: string, body: string) => {
    const n = Number(params[name]);
    if (!(name in params) || !Number.isFinite(n)) return whole;
    let rules = pluralRules.get(locale);
    if (!rules) {
      rules = new Intl.PluralRules(intlLocale(locale));
      pluralRules.set(locale, rules);
    }
    const branches = new Map([...body.matchAll(BRANCH)].map((m) => [m[1]!, m[2]!]));
    const chosen = branches.get(`=${n}`) ?? branches.get(rules.select(n)) ?? branches.get('other') ?? whole;
    return chosen.replaceAll('#', String(n));
  });
}

/** The BCP 47 tag for Intl formatting. */
export function intlLocale(locale: Locale): string {
  return locale === 'ko' ? 'ko-KR' : 'en-GB';
}
