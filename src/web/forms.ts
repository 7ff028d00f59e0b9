import type { FieldErrors } from '../errors.js';
import { type Locale, translate } from '../i18n/index.js';

export interface FormErrors {
  /** For the error summary at the top: each links to its field. */
  summary: { href: string; text: string }[];
  /** Per field, shown next to it. */
  fields: Record<string, string>;
}

/** Shapes field errors once into both the summary and the per-field messages (GOV.UK / KRDS pattern). */
export function formErrors(locale: Locale, errors: FieldErrors, fieldIds: Record<string, string> = {}): FormErrors {
  const summary: FormErrors['summary'] = [];
  const fields: FormErrors['fields'] = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!message) continue;
    const text = translate(locale, message.key, message.params);
    fields[field] = text;
    summary.push({ href: `#${fieldIds[field] ?? field}`, text });
  }
  return { summary, fields };
}
