import { z } from 'zod';
import { PRESETS } from '../../bookings/rules.js';
import { parseMinute } from '../../time/seoul.js';
import { idText } from '../../validation/input.js';

const text = z.string().trim().max(100).optional().default('');

/** The booking form as posted; times stay text here so a bad value is shown back to the person as typed. */
export const bookingFormSchema = z.object({
  deskId: idText,
  date: text,
  start: text,
  end: text,
  forUserId: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idText.optional()),
  preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]).optional(),
  /** Repeat on these ISO weekdays (1–7) until `until`; absent for a single booking. */
  weekday: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : (Array.isArray(v) ? v : [v]).map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 7),
    ),
  until: text,
  seriesChoice: z.literal('free').optional(),
  title: text,
  attendees: text,
});
export type BookingForm = z.infer<typeof bookingFormSchema>;

export const minuteOf = (s: string) => (s === '' ? undefined : parseMinute(s));
