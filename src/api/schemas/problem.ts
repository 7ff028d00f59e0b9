/** RFC 9457 problem details, with the extra members some problem types carry. */
import { z } from 'zod';
import { apiRegistry, dateTime, localDate } from './base.js';

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
