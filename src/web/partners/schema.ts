import { z } from 'zod';
import { dateText, idText, text } from '../../validation/input.js';

/** The partner share form (administrators). Dates are real calendar dates in the supported range. */
export const shareForm = z.object({
  centerId: idText,
  organisationId: idText,
  percent: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100)),
  validFrom: dateText,
  validTo: z.union([z.literal(''), dateText]).transform((v) => (v === '' ? null : v)),
});

export const SHARE_MESSAGES: Record<string, string> = {
  centerId: 'partners.error.center',
  organisationId: 'partners.error.organisationKind',
  percent: 'partners.error.percent',
  validFrom: 'partners.error.validFrom',
  validTo: 'partners.error.validTo',
};

/** A civilian's request: which operating organisation, and an optional note for the operators. */
export const requestForm = z.object({
  organisationId: idText,
  note: z.union([z.undefined(), text(500)]).transform((s) => (s ?? '').trim()),
});

export const usageQuery = z.object({ from: dateText, to: dateText });
