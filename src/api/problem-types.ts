import type { DomainError } from '../errors.js';

/**
 * The API's problem types (RFC 9457): one stable URI each, /api/problems/{slug}, which answers
 * a person with a page and a program with JSON. A client tells refusals apart by `type`, never
 * by the wording of `detail`.
 */
export const PROBLEM_SLUGS = {
  'desk-taken': 409,
  'own-overlap': 409,
  'outside-block': 422,
  'off-step': 422,
  'beyond-horizon': 422,
  past: 422,
  closed: 422,
  'weekly-limit': 422,
  'on-leave': 422,
  'no-show-hold': 403,
  'held-for-needs': 403,
  'zone-not-allowed': 403,
  'partner-quota': 403,
  'civilian-not-approved': 403,
  capacity: 422,
  validation: 422,
  'malformed-request': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  'rate-limited': 429,
  'server-error': 500,
  'service-unavailable': 503,
} as const;
export type ProblemSlug = keyof typeof PROBLEM_SLUGS;

export const problemUri = (slug: ProblemSlug) => `/api/problems/${slug}`;

/** Which refusal of the admission path is which problem. */
const BY_MESSAGE_KEY: Record<string, ProblemSlug> = {
  'booking.error.deskTaken': 'desk-taken',
  'booking.error.userOverlap': 'own-overlap',
  'booking.error.mode.half_day': 'outside-block',
  'booking.error.mode.whole_day': 'outside-block',
  'booking.error.mode.hourly': 'off-step',
  'booking.error.step': 'off-step',
  'booking.error.dateTooFar': 'beyond-horizon',
  'booking.error.datePast': 'past',
  'booking.error.startPast': 'past',
  'booking.error.pastUnchangeable': 'past',
  'booking.error.closure': 'closed',
  'booking.error.closedDay': 'closed',
  'booking.error.outsideHours': 'closed',
  'booking.error.weeklyLimit': 'weekly-limit',
  'booking.error.onLeave': 'on-leave',
  'booking.error.banned': 'no-show-hold',
  'booking.error.heldForNeeds': 'held-for-needs',
  'booking.error.zoneNotAllowed': 'zone-not-allowed',
  'booking.error.partnerQuota': 'partner-quota',
  'booking.error.civilianNotApproved': 'civilian-not-approved',
  'booking.error.civilianPending': 'civilian-not-approved',
  'booking.error.overCapacity': 'capacity',
};

const BY_STATUS: Record<number, ProblemSlug> = {
  400: 'malformed-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  422: 'validation',
  429: 'rate-limited',
  503: 'service-unavailable',
};

/** The problem type of one refusal message (previews list refusals without throwing them). */
export function slugOfMessage(key: string): ProblemSlug {
  return BY_MESSAGE_KEY[key] ?? 'validation';
}

/** The problem a domain error is: by the refusal it carries, else by its status. */
export function slugOf(err: DomainError): ProblemSlug {
  const keys = [...Object.values(err.fieldErrors).map((m) => m?.key), err.key];
  for (const key of keys) {
    const slug = key && BY_MESSAGE_KEY[key];
    if (slug) return slug;
  }
  return BY_STATUS[err.status] ?? 'malformed-request';
}

/**
 * Structured members beside `detail`, so a client can act without parsing text: when a held
 * desk is released, where the horizon ends, the blocks a center books in, hours left this week.
 */
export function extensionsOf(err: DomainError): Record<string, unknown> {
  const params: Record<string, string | number> = { ...err.params };
  for (const m of Object.values(err.fieldErrors)) Object.assign(params, m?.params ?? {});
  const out: Record<string, unknown> = {};
  if (typeof params.releasesAt === 'string') out.releasesAt = params.releasesAt;
  if (typeof params.lastDay === 'string') out.horizonEnds = params.lastDay;
  if (typeof params.left === 'number') out.hoursLeft = params.left;
  if (typeof params.blocks === 'string' && params.blocks) out.blocks = params.blocks.split(',');
  if (typeof params.until === 'string') out.holdEndsOn = params.until;
  return out;
}
