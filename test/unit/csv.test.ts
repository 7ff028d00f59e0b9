import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { safeCell, spreadsheetCsv } from '../../src/files/csv.js';

describe('cells for spreadsheets', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(safeCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(safeCell('+1')).toBe("'+1");
    expect(safeCell('-')).toBe("'-");
    expect(safeCell('@SUM')).toBe("'@SUM");
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('종로구')).toBe('종로구');
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell(null)).toBe('');
  });

  it('writes every CSV with a BOM and every typed text made safe, numbers and dates untouched', () => {
    const csv = spreadsheetCsv([
      ['name', 'n', 'day'],
      ['=cmd|"/c calc"!A1', -2, '2026-12-01'],
      ['김서울, 주무관', 3, ''],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parse(csv.slice(1))).toEqual([
      ['name', 'n', 'day'],
      ['\'=cmd|"/c calc"!A1', '-2', '2026-12-01'],
      ['김서울, 주무관', '3', ''],
    ]);
  });
});
