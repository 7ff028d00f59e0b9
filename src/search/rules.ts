import { z } from 'zod';
import { PRESETS, type Preset, SLOT_MINUTES } from '../bookings/rules.js';
import type { FieldErrors } from '../errors.js';
import { addDaysToDate, isDateString, parseMinute } from '../time/seoul.js';

/** Features a person can ask for in the search, in the order the form offers them. */
export const SEARCH_FEATURES = [
  'accessible',
  'height_adjustable',
  'quiet',
  'dual_monitor',
  'window',
  'near_entrance',
  'gov_network',
] as const;
export type SearchFeature = (typeof SEARCH_FEATURES)[number];
export const SEARCH_BLOCKS = Object.keys(PRESETS) as Preset[];
export const SEARCH_KINDS = ['desk', 'room'] as const;

export interface SearchQuery {
  date: string;
  /** A named block (clipped to each center's hours), or an exact range in minutes. */
  block?: Preset;
  start?: number;
  end?: number;
  features: SearchFeature[];
  kind: (typeof SEARCH_KINDS)[number];
  near: boolean;
}

const many = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string');
const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? one(v[0]) : '');

/** The form as typed, so it can be shown back with its messages. */
export interface SearchForm {
  date: string;
  when: 'block' | 'range';
  block: string;
  start: string;
  end: string;
  features: string[];
  kind: string;
  near: boolean;
}

export function searchForm(raw: Record<string, unknown>, defaultDate: string): SearchForm {
  const start = one(raw.start);
  const end = one(raw.end);
  // One choice of "when": a block's name, or 'range' for the exact times below it.
  const when = one(raw.when) || 'day';
  return {
    date: one(raw.date) || defaultDate,
    when: when === 'range' ? 'range' : 'block',
    block: when === 'range' ? '' : when,
    start,
    end,
    features: many(raw.feature),
    kind: one(raw.kind) || 'desk',
    near: one(raw.near) === '1',
  };
}

const kindSchema = z.enum(SEARCH_KINDS);

/**
 * Checks a search before anything is read: a real date from today to the furthest any center books
 * ahead, a known block or a range on 30-minute steps that ends after it starts, known features.
 * Per-center rules (hours, closures, modes, each center's own horizon) are applied per result.
 */
export function checkSearch(
  form: SearchForm,
  today: string,
  horizonDays: number,
): { query?: SearchQuery; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lastDay = addDaysToDate(today, horizonDays);
  if (!isDateString(form.date)) errors.date = { key: 'booking.error.dateInvalid' };
  else if (form.date < today) errors.date = { key: 'booking.error.datePast' };
  else if (form.date > lastDay) errors.date = { key: 'search.error.tooFar', params: { lastDay } };
  let block: Preset | undefined;
  let start: number | undefined;
  let end: number | undefined;
  if (form.when === 'range') {
    start = parseMinute(form.start);
    end = parseMinute(form.end);
    if (start === undefined) errors.start = { key: 'booking.error.timeRequired' };
    else if (start % SLOT_MINUTES !== 0)
      errors.start = { key: 'booking.error.step', params: { minutes: SLOT_MINUTES } };
    if (end === undefined) errors.end = { key: 'booking.error.timeRequired' };
    else if (end % SLOT_MINUTES !== 0) errors.end = { key: 'booking.error.step', params: { minutes: SLOT_MINUTES } };
    if (!errors.start && !errors.end && end! <= start!) errors.end = { key: 'booking.error.endBeforeStart' };
  } else {
    block = SEARCH_BLOCKS.find((b) => b === form.block);
    if (!block) errors.block = { key: 'search.error.block' };
  }
  const features = form.features.filter((f): f is SearchFeature => (SEARCH_FEATURES as readonly string[]).includes(f));
  if (features.length !== form.features.length) errors.features = { key: 'search.error.feature' };
  const kind = kindSchema.safeParse(form.kind);
  if (!kind.success) errors.kind = { key: 'search.error.kind' };
  if (Object.keys(errors).length > 0) return { errors };
  return {
    query: { date: form.date, block, start, end, features: [...new Set(features)], kind: kind.data!, near: form.near },
    errors,
  };
}

/** Whether a resource is of the kind asked for: desks, or any room (meeting room, phone booth, nursing room). */
export function isKind(kind: SearchQuery['kind'], resourceKind: string): boolean {
  return kind === 'desk' ? resourceKind === 'desk' : resourceKind !== 'desk';
}

export interface RankedCenter {
  name: string;
  km?: number;
  free: number;
}

/**
 * Results order: centers with something free first; then nearest (when a home is known and asked
 * for); then the better fit (more matching places free); then by name.
 */
export function compareCenters(a: RankedCenter, b: RankedCenter): number {
  return (
    Number(b.free > 0) - Number(a.free > 0) ||
    (a.km ?? 0) - (b.km ?? 0) ||
    b.free - a.free ||
    a.name.localeCompare(b.name, 'ko')
  );
}

/** A place's fit for the person: a favourite desk first, then how many of their own needs it meets. */
export function deskFit(features: readonly string[], wishes: readonly string[], favourite: boolean): number {
  return (favourite ? 100 : 0) + wishes.filter((w) => features.includes(w)).length;
}
