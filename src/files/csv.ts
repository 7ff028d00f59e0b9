import { stringify } from 'csv-stringify/sync';

/**
 * A cell for a spreadsheet: text a spreadsheet would run as a formula (=, +, -, @, tab or carriage
 * return first) gets a leading apostrophe (OWASP "CSV injection"). People's names, closure reasons
 * and audit entries are typed by people, and an administrator opens these files in Excel.
 */
export function safeCell(v: string | number | null): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** Every CSV the app sends: UTF-8 with a BOM (so Excel reads Korean) and every text cell made safe. */
export function spreadsheetCsv(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${stringify(rows as unknown[][], { cast: { string: (v) => String(safeCell(v)) } })}`;
}
