/** Recording leave or a business trip, and waiting in line for a desk. */
import { z } from 'zod';
import { text } from '../../validation/input.js';
import { apiRegistry, dateTimeIn, localDateIn } from './base.js';

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
