import type ExcelJS from 'exceljs';

/**
 * exceljs on first use only: it is the heaviest module the bot has (~10 MB of heap, a noticeable part
 * of start-up), and only the ledger and audit exports need it, a few times a month.
 */
let excel: Promise<typeof ExcelJS> | undefined;
export function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then(
    (m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS),
  );
  return excel;
}
