import { safeCell, spreadsheetCsv } from '../../files/csv.js';
import type { ReportTable } from './view-models.js';

/**
 * The report's tables as one CSV (a title line, the header and the rows of each table, a blank line
 * between tables; rates as percentages with one decimal) and as a workbook with one sheet per table.
 * Text cells that a spreadsheet would run as a formula are neutralised (safeCell).
 */
export function reportCsv(heading: string[], tables: readonly ReportTable[]): string {
  const lines: (string | number)[][] = heading.map((h) => [safeCell(h)]);
  for (const table of tables) {
    lines.push([]);
    lines.push([safeCell(table.title)]);
    lines.push(table.columns.map((c) => safeCell(c.kind === 'pct' ? `${c.label} (%)` : c.label)));
    for (const row of table.rows)
      lines.push(
        row.map((v, i) =>
          table.columns[i]?.kind === 'pct' && typeof v === 'number' ? Math.round(v * 1000) / 10 : safeCell(v),
        ),
      );
  }
  // A byte-order mark so that spreadsheet programs read the Korean as UTF-8.
  return spreadsheetCsv(lines);
}

export async function reportXlsx(heading: string[], tables: readonly ReportTable[]): Promise<Buffer> {
  // Loaded on first export: the spreadsheet library took about 0.5 s of every start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Smart Work Seoul';
  const used = new Set<string>();
  for (const table of tables) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique.
    let name = table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28);
    for (let n = 2; used.has(name); n++) name = `${table.title.slice(0, 26)} ${n}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    for (const h of heading) sheet.addRow([safeCell(h)]);
    sheet.addRow([]);
    const header = sheet.addRow(table.columns.map((c) => c.label));
    header.font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row.map((v) => safeCell(v)));
      table.columns.forEach((c, i) => {
        if (c.kind === 'pct' && typeof row[i] === 'number') added.getCell(i + 1).numFmt = '0.0%';
      });
    }
    sheet.columns.forEach((col, i) => {
      col.width = i === 0 ? 28 : 14;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
