import { z } from 'zod';
import { isDateString, MAX_DATE, MIN_DATE } from '../time/seoul.js';
import { idNumber, isSupportedInstant, monthText, text } from '../validation/input.js';

/**
 * The API's contract, in zod: requests are validated with these schemas, and the OpenAPI
 * document (/api/v1/openapi.json) is generated from the same objects.
 */
export const apiRegistry = z.registry<{ id: string }>();

const id = z.number().int().positive();
// Responses carry these; requests are checked against the supported range as well (src/validation/input.ts).
const dateTime = z.iso
  .datetime({ offset: true })
  .describe('RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00');
const localDate = z.iso.date().describe('A calendar date in Asia/Seoul, YYYY-MM-DD');
const dateTimeIn = dateTime
  .refine(isSupportedInstant, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00, from ${MIN_DATE} to ${MAX_DATE}`);
const localDateIn = localDate
  .refine(isDateString, { message: `from ${MIN_DATE} to ${MAX_DATE}` })
  .describe(`A calendar date in Asia/Seoul, YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}`);
const hhmm = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .describe('Local time in Asia/Seoul, HH:MM');

export const Problem = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    releasesAt: dateTime.optional().describe('held-for-needs: when anyone may book the desk or room'),
    horizonEnds: localDate.optional().describe('beyond-horizon: the last date you can book now'),
    hoursLeft: z.number().optional().describe('weekly-limit: desk hours you have left this week'),
    blocks: z
      .array(z.string())
      .optional()
      .describe('outside-block: the blocks this resource is booked in, as local HH:MM-HH:MM'),
    holdEndsOn: localDate.optional().describe('no-show-hold: until when you can book only for today'),
  })
  .register(apiRegistry, { id: 'Problem' });

export const OpeningHours = z
  .object({ weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'), opens: hhmm, closes: hhmm })
  .register(apiRegistry, { id: 'OpeningHours' });

export const Center = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    district: z.string(),
    districtEn: z.string(),
    address: z.string(),
    addressEn: z.string(),
    lat: z.number(),
    lng: z.number(),
    openingHours: z.array(OpeningHours),
    capacity: z.number().int().describe('Bookable desks (rooms not included)'),
    features: z.array(z.string()).describe('Desk features and room kinds found at the center'),
  })
  .register(apiRegistry, { id: 'Center' });

export const Zone = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    network: z.enum(['government', 'internet']),
    partnerOnly: z.boolean().describe('Reserved for the staff of one private partner organisation'),
    deskCount: z.number().int(),
  })
  .register(apiRegistry, { id: 'Zone' });

export const ResourceKind = z
  .enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room'])
  .register(apiRegistry, { id: 'ResourceKind' });

export const Room = z
  .object({
    id,
    label: z.string(),
    kind: z.enum(['meeting_room', 'phone_booth', 'nursing_room']),
    capacity: z.number().int(),
    features: z.array(z.string()),
  })
  .register(apiRegistry, { id: 'Room' });

const BookingMode = z
  .enum(['free', 'half_day', 'whole_day', 'hourly'])
  .describe(
    'free: any range on the 30-minute steps; half_day: one of the blocks morning, afternoon or day; whole_day: the day block; hourly: whole hours',
  );

export const BookingRules = z
  .object({
    deskMode: BookingMode,
    roomMode: BookingMode,
    stepMinutes: z.number().int().describe('Bookings start and end on these steps (free mode)'),
    blocks: z
      .array(z.object({ name: z.enum(['morning', 'afternoon', 'day']), start: hhmm, end: hhmm }))
      .describe('The blocks of half_day and whole_day modes, clipped to the day’s opening hours'),
    minMinutes: z.number().int(),
    maxMinutes: z.number().int(),
    horizonDays: z
      .number()
      .int()
      .describe('How many days ahead anyone may book (pilot programmes may add days: see GET /me)'),
    maxWeekHours: z.number().describe('Desk hours a person may hold in one ISO week'),
    checkInBeforeMinutes: z.number().int(),
    checkInAfterMinutes: z.number().int().describe('A booking not checked in by then is released as a no-show'),
    heldReleaseHours: z
      .number()
      .int()
      .describe(
        'Accessible desks and nursing rooms are held for people who need them until this many hours before the slot',
      ),
    walkInsAllowed: z.boolean(),
  })
  .register(apiRegistry, { id: 'BookingRules' });

export const ClosureInfo = z
  .object({ reason: z.string(), kind: z.string(), from: localDate, to: localDate })
  .register(apiRegistry, { id: 'Closure' });

export const CenterDetail = Center.extend({
  zones: z.array(Zone),
  rooms: z.array(Room),
  bookingRules: BookingRules,
  closuresAhead: z.array(ClosureInfo).describe('Closures and public holidays in the next 90 days'),
}).register(apiRegistry, {
  id: 'CenterDetail',
});

export const Desk = z
  .object({
    id,
    label: z.string(),
    kind: ResourceKind,
    capacity: z.number().int(),
    zone: z.object({ id, code: z.string(), name: z.string(), nameEn: z.string(), partnerOnly: z.boolean() }),
    features: z.array(z.string()),
    bookingMode: BookingMode,
    outOfService: z.boolean(),
    heldFor: z
      .enum(['accessible', 'nursing'])
      .nullable()
      .describe('Held for people with that need until the center’s heldReleaseHours before each slot'),
  })
  .register(apiRegistry, { id: 'Desk' });

export const TimeRange = z.object({ start: dateTime, end: dateTime }).register(apiRegistry, { id: 'TimeRange' });

export const Availability = z
  .object({
    centerId: id,
    date: localDate,
    open: TimeRange.nullable().describe('Opening hours that day; null when closed'),
    closure: z
      .object({
        reason: z.string().describe('Why the center is closed, in the words the operator or the holiday list gives'),
        kind: z.string().describe('holiday, maintenance or other'),
        from: localDate,
        to: localDate,
      })
      .nullable()
      .describe(
        'Set when a closure or public holiday closes the center that day (then `open` is null and nothing is free)',
      ),
    data: z.array(
      z.object({
        deskId: id,
        label: z.string(),
        kind: ResourceKind,
        zoneId: id,
        free: z.array(TimeRange).describe('Time nobody holds, within opening hours'),
        bookable: z
          .array(TimeRange)
          .optional()
          .describe(
            'With a token only: ranges you can book exactly as given with POST /bookings (for block modes, the blocks themselves); every rule is already applied for you',
          ),
        notBookable: z
          .object({
            type: z.string().describe('The problem type a booking would get'),
            detail: z.string(),
            releasesAt: dateTime.optional(),
            horizonEnds: localDate.optional(),
            hoursLeft: z.number().optional(),
            blocks: z.array(z.string()).optional(),
            holdEndsOn: localDate.optional(),
          })
          .optional()
          .describe('With a token, when `bookable` is empty: why'),
      }),
    ),
  })
  .register(apiRegistry, { id: 'Availability' });

export const Occupancy = z
  .object({
    centerId: id,
    at: dateTime,
    capacity: z.number().int(),
    booked: z.number().int(),
    checkedIn: z.number().int(),
  })
  .register(apiRegistry, { id: 'Occupancy' });

export const OccupancySeries = z
  .object({
    centerId: id,
    from: dateTime,
    to: dateTime,
    interval: z.literal('hour'),
    capacity: z.number().int(),
    data: z.array(z.object({ at: dateTime, booked: z.number().int(), checkedIn: z.number().int() })),
  })
  .register(apiRegistry, { id: 'OccupancySeries' });

export const TokenRequest = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(1000),
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "my calendar script"'),
  })
  .strict()
  .register(apiRegistry, { id: 'TokenRequest' });

export const TokenCreated = z
  .object({
    token: z.string().describe('Shown once; send as Authorization: Bearer <token>'),
    id,
    name: z.string(),
    expiresAt: dateTime,
  })
  .register(apiRegistry, { id: 'TokenCreated' });

export const Me = z
  .object({
    id,
    username: z.string(),
    displayName: z.string(),
    displayNameEn: z.string(),
    role: z.enum(['employee', 'manager', 'operator', 'admin']),
    organisation: z.object({ name: z.string(), nameEn: z.string(), kind: z.enum(['public', 'private']) }),
    bookingRights: z
      .object({
        zones: z
          .enum(['public', 'partner'])
          .describe('public: every zone that is not a partner’s; partner: only your organisation’s partner zones'),
        extraHorizonDays: z.number().int().describe('Days added to every center’s horizon by your pilot programmes'),
        hold: z
          .object({ until: localDate, sameDayOnly: z.literal(true) })
          .nullable()
          .describe('A no-show hold: until then you can book only for today'),
        week: z.object({ from: localDate, to: localDate, deskHoursUsed: z.number() }),
        centers: z.array(
          z.object({
            centerId: id,
            horizonEnds: localDate.describe('The last date you can book at this center now'),
            maxWeekHours: z.number(),
            hoursLeftThisWeek: z.number(),
          }),
        ),
      })
      .describe('What you may book, by the same rules POST /bookings applies'),
  })
  .register(apiRegistry, { id: 'Me' });

export const Booking = z
  .object({
    id,
    deskId: id,
    deskLabel: z.string(),
    centerId: id,
    centerName: z.string(),
    start: dateTime,
    end: dateTime,
    status: z.enum(['booked', 'checked_in', 'completed', 'cancelled', 'no_show']),
    kind: ResourceKind,
    title: z.string().nullable().describe('A meeting room booking’s title'),
    attendees: z.array(z.string()).describe('Usernames invited to a meeting room'),
    role: z
      .enum(['organiser', 'attendee', 'booked_for_me'])
      .describe('You made it; you are invited to it; or your manager booked it for you'),
    seriesId: z.number().int().nullable().describe('The repeating booking this is an occurrence of'),
  })
  .register(apiRegistry, { id: 'Booking' });

export const BookingRequest = z
  .object({
    deskId: idNumber,
    start: dateTimeIn,
    end: dateTimeIn,
    title: text(120).optional().describe('Meeting rooms: required; what the meeting is'),
    attendees: z
      .array(text(100))
      .max(50)
      .optional()
      .describe('Meeting rooms: usernames of the people invited (the room’s capacity counts you too)'),
  })
  .strict()
  .register(apiRegistry, { id: 'BookingRequest' });

export const BookingChange = z
  .object({
    deskId: z
      .number()
      .int()
      .positive()
      .max(2_147_483_647)
      .optional()
      .describe('Another desk; defaults to the same one'),
    start: dateTimeIn,
    end: dateTimeIn,
  })
  .strict()
  .register(apiRegistry, { id: 'BookingChange' });

export const SeriesRequestBody = z
  .object({
    deskId: z.number().int().positive().max(2_147_483_647),
    start: dateTimeIn.describe('The first occurrence’s start'),
    end: dateTimeIn.describe('The first occurrence’s end (same day)'),
    rrule: z
      .string()
      .min(1)
      .max(300)
      .describe(
        'An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T235959Z. At most daily, 92 days and 200 occurrences; each occurrence must also be within your horizon',
      ),
    dryRun: z.boolean().optional().describe('Only say which occurrences would be booked, and why not the others'),
  })
  .strict()
  .register(apiRegistry, { id: 'SeriesRequest' });

const SeriesRefusal = z.object({ date: localDate, type: z.string(), detail: z.string() });

export const SeriesPreview = z
  .object({ dryRun: z.literal(true), bookable: z.array(TimeRange), refused: z.array(SeriesRefusal) })
  .register(apiRegistry, { id: 'SeriesPreview' });

export const SeriesCreated = z
  .object({ id, booked: z.array(TimeRange), refused: z.array(SeriesRefusal) })
  .register(apiRegistry, { id: 'SeriesCreated' });

export const Series = z
  .object({
    id,
    deskId: id,
    rrule: z.string(),
    firstDate: localDate,
    untilDate: localDate,
    start: hhmm,
    end: hhmm,
    cancelled: z.boolean(),
    occurrences: z.array(Booking),
  })
  .register(apiRegistry, { id: 'Series' });

export const AbsenceRequest = z
  .object({
    from: localDateIn,
    to: localDateIn,
    kind: z.enum(['leave', 'business_trip', 'other']),
    note: text(200).optional(),
    dryRun: z.boolean().optional().describe('Only list the bookings that recording it would cancel'),
  })
  .strict()
  .register(apiRegistry, { id: 'AbsenceRequest' });

export const WaitlistRequest = z
  .object({
    centerId: z.number().int().positive().max(2_147_483_647),
    start: dateTimeIn,
    end: dateTimeIn,
    feature: z.enum(['accessible', 'height_adjustable', 'quiet', 'dual_monitor', 'window', 'monitor']).optional(),
    autoBook: z
      .boolean()
      .optional()
      .describe('true (default): book a freed desk for you at once; false: offer it to you for 30 minutes'),
  })
  .strict()
  .register(apiRegistry, { id: 'WaitlistRequest' });

const hhmmIn = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)
  .describe('Local time in Asia/Seoul, HH:MM');
const scheduleType = z.enum(['staggered', 'choice', 'compressed', 'discretionary', 'remote']);
const place = z.enum(['hq', 'home', 'center']);

export const PlanRequestDay = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday; days off are left out'),
    type: scheduleType,
    place: place.describe('Where the day is worked; with `remote`, the office part of a day split by the hour'),
    start: hhmmIn,
    end: hhmmIn,
    centerId: idNumber.nullish().describe('The smart work center, when place is center'),
    remote: z
      .object({ place: z.enum(['home', 'center']), start: hhmmIn, end: hhmmIn, centerId: idNumber.nullish() })
      .strict()
      .nullish()
      .describe('Remote work by the hour on an office day'),
  })
  .strict()
  .register(apiRegistry, { id: 'PlanDay' });

export const PlanRequest = z
  .object({
    from: localDateIn,
    to: localDateIn,
    pattern: z.array(PlanRequestDay).max(7).describe('The weekly pattern, repeated over the period'),
    project: text(200).optional().describe('Discretionary work: the project'),
    outcome: text(500).optional().describe('Discretionary work: the expected outcome'),
    dryRun: z.boolean().optional().describe('Only check against the rules; save nothing'),
  })
  .strict()
  .register(apiRegistry, { id: 'PlanRequest' });

export const DecisionRequest = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: text(500).optional(),
  })
  .strict()
  .register(apiRegistry, { id: 'DecisionRequest' });

const PlanDayOut = z.object({
  weekday: z.number().int(),
  type: scheduleType,
  place,
  start: hhmm,
  end: hhmm,
  centerId: z.number().int().nullable(),
  remote: z
    .object({ place: z.enum(['home', 'center']), start: hhmm, end: hhmm, centerId: z.number().int().nullable() })
    .nullable(),
});

export const Plan = z
  .object({
    id,
    userId: id,
    from: localDate,
    to: localDate,
    status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'superseded']),
    pattern: z.array(PlanDayOut),
    project: z.string(),
    outcome: z.string(),
    comment: z.string().describe('The decision’s comment'),
    replacesPlanId: z.number().int().nullable(),
  })
  .register(apiRegistry, { id: 'Plan' });

export const PlanCheckResult = z
  .object({
    ok: z.boolean().describe('Whether the plan meets every rule and can be submitted'),
    weeklyHours: z.number(),
    requiredHours: z.number().describe('Full time, or your contracted hours'),
    holidays: z.array(z.object({ date: localDate, hours: z.number(), reason: z.string() })),
    problems: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .register(apiRegistry, { id: 'PlanCheck' });

export const PlanWithCheck = z
  .object({ plan: Plan, check: PlanCheckResult })
  .register(apiRegistry, { id: 'PlanWithCheck' });

export const TeamWeekQuery = z.object({
  date: localDateIn.optional().describe('Any day of the week; defaults to today'),
});

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item) }).register(apiRegistry, { id: name });
export const CenterList = listOf(Center, 'CenterList');
export const DeskList = listOf(Desk, 'DeskList');
export const BookingList = z
  .object({
    data: z.array(Booking),
    next: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .register(apiRegistry, { id: 'BookingList' });

// Query strings (all values arrive as text).
export const AvailabilityQuery = z.object({ date: localDateIn.optional().describe('Defaults to today in Seoul') });
export const OccupancyQuery = z.object({
  from: dateTimeIn.optional().describe('Start of a series (with `to`); omit both for the occupancy now'),
  to: dateTimeIn.optional(),
  interval: z.literal('hour').optional(),
});
export const MyBookingsQuery = z.object({
  from: dateTimeIn.optional().describe('Bookings ending after this instant; defaults to now'),
  to: dateTimeIn.optional().describe('Bookings starting before this instant; defaults to 14 days after `from`'),
  status: z
    .string()
    .regex(/^(booked|checked_in|completed|cancelled|no_show)(,(booked|checked_in|completed|cancelled|no_show))*$/)
    .optional()
    .describe('Comma-separated statuses, e.g. booked,checked_in'),
  centerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  kind: z.enum(['desk', 'meeting_room', 'phone_booth', 'nursing_room']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100 (default 50)'),
  cursor: z.string().max(200).optional().describe('The `next` value of the previous page'),
});
export const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .refine((m) => monthText.safeParse(m).success, { message: 'a supported month' })
    .describe(`YYYY-MM, from ${MIN_DATE.slice(0, 7)} to ${MAX_DATE.slice(0, 7)}`),
});

// ── Pilot programmes (시범사업): the published anonymous results ──

const withheld = z.boolean().describe('true: fewer than suppressionThreshold people, so no figures are given');
const share = z.number().nullable().describe('A share from 0 to 1, rounded to 2 decimals; null when nothing to divide');
const ProgrammeGroupResult = z.object({
  group: z.enum(['parents', 'disabled', 'older', 'everyone']),
  suppressed: withheld,
  people: z.number().int().optional(),
  smartWorkDays: z.number().int().optional(),
  daysPerWeek: z.number().nullable().optional(),
  baselineDaysPerWeek: z.number().nullable().optional(),
  cancellationRate: share.optional(),
  noShowRate: share.optional(),
  kmSaved: z.number().optional(),
  minutesSaved: z.number().optional(),
  co2Kg: z.number().optional(),
});
export const ProgrammeResult = z
  .object({
    id,
    name: z.string(),
    nameEn: z.string(),
    goal: z.string(),
    goalEn: z.string(),
    startsOn: localDate,
    endsOn: localDate,
    targetGroups: z.array(z.enum(['parents', 'disabled', 'older', 'everyone'])),
    publishedAt: dateTime,
    suppressionThreshold: z.number().int(),
    method: z.object({
      co2KgPerCarKm: z.number(),
      commuteSpeedKmh: z.number(),
      baselineWeeks: z.number().int(),
      description: z.string(),
    }),
    participants: z.object({ suppressed: withheld, people: z.number().int().optional() }),
    groups: z.array(ProgrammeGroupResult),
    centers: z.array(
      z.object({
        centerId: id,
        suppressed: withheld,
        people: z.number().int().optional(),
        smartWorkDays: z.number().int().optional(),
        utilisation: share.optional(),
      }),
    ),
    surveys: z.array(
      z.object({
        phase: z.enum(['before', 'after']),
        suppressed: withheld,
        responses: z.number().int().optional(),
        responseRate: share.optional(),
        means: z
          .object({
            satisfaction: z.number().nullable(),
            productivity: z.number().nullable(),
            balance: z.number().nullable(),
          })
          .optional(),
      }),
    ),
  })
  .register(apiRegistry, { id: 'ProgrammeResult' });
export const ProgrammeResultList = z
  .object({ programmes: z.array(ProgrammeResult) })
  .register(apiRegistry, { id: 'ProgrammeResultList' });
