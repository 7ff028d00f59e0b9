/** Pilot programmes (시범사업): the published anonymous results. */
import { z } from 'zod';
import { apiRegistry, dateTime, id, localDate } from './base.js';

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
