import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import type { LedgerRow } from '../domain/ledger/ledger.ts';
import type { OrgIndex } from '../domain/org.ts';
import { type DateStr, dateParts } from '../domain/time.ts';
import { loadExcel } from './excel.ts';
import { type SheetRow, sheetRows } from './ledger-rows.ts';

export const LEDGER_SHEET = '督办台账';
/** Overdue rows (red light) are filled with this colour (libraries.md §5). */
export const OVERDUE_FILL = 'FFFF9999';

type Column = { header: string; key: keyof SheetRow; width: number; date?: true; wrap?: true };

const COLUMNS: Column[] = [
  { header: '编号', key: 'id', width: 9 },
  { header: '类别', key: 'category', width: 12 },
  { header: '来源', key: 'source', width: 28, wrap: true },
  { header: '事项', key: 'title', width: 30, wrap: true },
  { header: '内容', key: 'text', width: 42, wrap: true },
  { header: '交办领导', key: 'leader', width: 14 },
  { header: '牵头部门', key: 'lead', width: 16 },
  { header: '协办部门', key: 'co', width: 20, wrap: true },
  { header: '交办日期', key: 'issuedOn', width: 13, date: true },
  { header: '原定时限', key: 'originalDue', width: 13, date: true },
  { header: '现办结时限', key: 'due', width: 13, date: true },
  { header: '签收', key: 'acknowledged', width: 44, wrap: true },
  { header: '报告', key: 'reports', width: 52, wrap: true },
  { header: '延期', key: 'extensions', width: 36, wrap: true },
  { header: '销号日期', key: 'closedOn', width: 13, date: true },
  { header: '状态', key: 'status', width: 9 },
  { header: '剩余天数（负数为逾期）', key: 'daysLeft', width: 12 },
  { header: '灯号', key: 'light', width: 6 },
];

/** A Beijing calendar date as the Excel date of that day (exceljs counts Dates in UTC). */
const excelDate = (d: DateStr): Date => {
  const { year, month, day } = dateParts(d);
  return new Date(Date.UTC(year, month - 1, day));
};

/** The ledger as a workbook: one row per item, frozen header, filters on every column, overdue rows red. */
export async function buildLedgerWorkbook(rows: LedgerRow[], org: OrgIndex): Promise<ExcelJS.Workbook> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  wb.creator = '政务督办助手';
  const ws = wb.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of sheetRows(rows, org)) {
    const values: Record<string, unknown> = {};
    for (const c of COLUMNS) {
      const v = r[c.key];
      values[c.key] = c.date && typeof v === 'string' ? excelDate(v) : v;
    }
    const row = ws.addRow(values);
    COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (c.date) cell.numFmt = 'yyyy"年"m"月"d"日"';
      cell.alignment = { vertical: 'top', wrapText: c.wrap ?? false };
      if (r.overdue) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: OVERDUE_FILL } };
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return wb;
}

/** Writes the export to a fresh temporary folder; the outbox uploads it from there (and keeps the path until sent). */
export async function writeLedgerExport(
  rows: LedgerRow[],
  org: OrgIndex,
  fileName: string,
  dir: string = mkdtempSync(join(tmpdir(), 'govbot-ledger-')),
): Promise<string> {
  const path = join(dir, fileName);
  await (await buildLedgerWorkbook(rows, org)).xlsx.writeFile(path);
  return path;
}
