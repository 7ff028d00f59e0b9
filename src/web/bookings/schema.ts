import { z } from 'zod';
import { PRESETS } from '../../bookings/rules.js';
import { parseMinute } from '../../time/seoul.js';

const text = z.string().trim().max(100).optional().default('');

/** The booking form as posted; times stay text here so a bad value is shown back to the person as typed. */
export const bookingFormSchema = z.object({
  deskId: z.coerce.number().int().positive().max(2_147_483_647),
  date: text,
  start: text,
  end: text,
  forUserId: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.number().int().positive().optional(),
  ),
  preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]).optional(),
});
export type BookingForm = z.infer<typeof bookingFormSchema>;

export const minuteOf = (s: string) => (s === '' ? undefined : parseMinute(s));
