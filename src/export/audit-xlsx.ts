import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRow } from './audit-rows.ts';
import { loadExcel } from './excel.ts';

export const AUDIT_SHEET = '审批留痕';

const COLUMNS: Array<{ header: string; key: keyof AuditRow; width: number; wrap?: true }> = [
  { header: '时间', key: 'at', width: 17 },
  { header: '编号', key: 'itemId', width: 9 },
  { header: '类别', key: 'kind', width: 10 },
  { header: '事项', key: 'title', width: 30, wrap: true },
  { header: '环节', key: 'step', width: 20, wrap: true },
  { header: '操作', key: 'action', width: 16, wrap: true },
  { header: '操作人', key: 'actor', width: 10 },
  { header: '代谁审批（代批）', key: 'onBehalfOf', width: 12 },
  { header: '意见', key: 'comment', width: 36, wrap: true },
  { header: '轮次', key: 'round', width: 6 },
];

/** The audit export as a workbook file in a fresh temporary folder (the outbox uploads and removes it). */
export async function writeAuditExport(rows: AuditRow[], fileName: string): Promise<string> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  wb.creator = '政务督办助手';
  const ws = wb.addWorksheet(AUDIT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(r);
    COLUMNS.forEach((c, i) => {
      row.getCell(i + 1).alignment = { vertical: 'top', wrapText: c.wrap ?? false };
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  const path = join(mkdtempSync(join(tmpdir(), 'govbot-audit-')), fileName);
  await wb.xlsx.writeFile(path);
  return path;
}
