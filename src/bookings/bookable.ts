import type { SessionUser } from '../auth/users.js';
import type { DayHours } from '../centers/hours.js';
import type { CenterDay } from '../centers/service.js';
import type { Database } from '../db/client.js';
import { ConflictError, DomainError } from '../errors.js';
import { seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { checkAdmission } from './admission.js';
import type { BookDeps } from './book.js';
import { loadFacts } from './facts.js';
import { type BookingMode, type CenterPolicy, modeOf } from './policy.js';
import { type MinuteRange, subtractRanges } from './ranges.js';
import { personDeskRanges } from './repository.js';
import { modeRanges, SLOT_MINUTES } from './rules.js';

/**
 * The ranges worth offering on a resource's free time, each bookable exactly as given if the
 * rules allow: the blocks themselves in block modes; otherwise each free stretch on the
 * resource's steps, from the slot under way today, cut to the longest booking.
 */
export function candidateRanges(
  mode: BookingMode,
  hours: DayHours,
  free: readonly MinuteRange[],
  policy: Pick<CenterPolicy, 'minMinutes' | 'maxMinutes'>,
  earliest = 0,
): MinuteRange[] {
  const blocks = modeRanges(mode, hours);
  if (blocks) return blocks.filter((b) => free.some((f) => f.start <= b.start && b.end <= f.end));
  const step = mode === 'hourly' ? 60 : SLOT_MINUTES;
  const out: MinuteRange[] = [];
  for (const f of free) {
    const start = Math.ceil(Math.max(f.start, earliest) / step) * step;
    const end = Math.min(Math.floor(f.end / step) * step, start + Math.floor(policy.maxMinutes / step) * step);
    if (end - start >= policy.minMinutes) out.push({ start, end });
  }
  return out;
}

export interface Bookable {
  ranges: MinuteRange[];
  /** Why nothing is bookable, when nothing is: the admission path's own refusal. */
  refusal?: DomainError;
}

/**
 * For one person, every resource of a center on a date: the ranges they can book exactly as
 * given. The facts are read once and every candidate goes through the admission path's pure
 * check (the same function a booking runs), so what is offered is what will be accepted.
 */
export async function bookableFor(
  db: Database,
  deps: BookDeps,
  person: SessionUser,
  day: CenterDay,
): Promise<Map<number, Bookable>> {
  const facts = await loadFacts(db, deps, person, day.center, day.date);
  const mine = await personDeskRanges(db, person.id, seoulInstant(day.date, 0), seoulInstant(day.date, 1440));
  const ownDesks = mine.map((r) => ({
    start: Math.max(0, Math.round((r.startsAt.getTime() - seoulInstant(day.date, 0).getTime()) / 60_000)),
    end: Math.min(1440, Math.round((r.endsAt.getTime() - seoulInstant(day.date, 0).getTime()) / 60_000)),
  }));
  const earliest = facts.today === day.date ? Math.floor(seoulMinuteOfDay(facts.now) / SLOT_MINUTES) * SLOT_MINUTES : 0;
  const out = new Map<number, Bookable>();
  for (const zone of day.zones) {
    for (const desk of zone.desks) {
      // A person holds one desk at a time: their own desk bookings elsewhere are not free for another desk.
      const free =
        desk.kind === 'desk'
          ? desk.day.free.flatMap((f) => subtractRanges(f, ownDesks))
          : desk.day.free.map((f) => ({ start: f.start, end: f.end }));
      const hours = day.hours;
      const candidates = hours ? candidateRanges(modeOf(facts.policy, desk), hours, free, facts.policy, earliest) : [];
      const result: Bookable = { ranges: [] };
      for (const c of candidates) {
        try {
          checkAdmission(facts, { desk, zone }, { source: 'api', date: day.date, start: c.start, end: c.end });
          result.ranges.push(c);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          result.refusal ??= err;
        }
      }
      if (result.ranges.length === 0 && !result.refusal) {
        // Nothing to try: say why as a booking would (closed, past, taken).
        try {
          const probe = hours ? { start: hours.opensMinute, end: hours.closesMinute } : { start: 540, end: 600 };
          checkAdmission(facts, { desk, zone }, { source: 'api', date: day.date, ...probe });
          result.refusal = new ConflictError('booking.error.deskTaken');
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          result.refusal = err;
        }
      }
      out.set(desk.id, result);
    }
  }
  return out;
}
