import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { SOURCE_LABEL } from '../domain/instruction/types.ts';
import { type Briefing, type BriefingCounts, rateText } from '../domain/ledger/briefing.ts';
import type { OrgIndex } from '../domain/org.ts';
import { loadExcel } from './excel.ts';

export const BRIEFING_SHEETS = {
  source: '按来源',
  unit: '按牵头单位',
  overdue: '逾期未办结',
  items: '事项清单',
} as const;

const COUNT_COLUMNS: Array<{ header: string; key: keyof BriefingCounts | 'rate'; width: number }> = [
  { header: '在办', key: 'open', width: 8 },
  { header: '其中逾期', key: 'overdueOpen', width: 10 },
  { header: '本期交办', key: 'issued', width: 10 },
  { header: '本期办结', key: 'closed', width: 10 },
  { header: '按期办结', key: 'closedOnTime', width: 10 },
  { header: '逾期办结', key: 'closedLate', width: 10 },
  { header: '已延期', key: 'extended', width: 8 },
  { header: '按期办结率', key: 'rate', width: 12 },
];

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Array<{ header: string; key: string; width: number }>,
  rows: Array<Record<string, unknown>>,
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r).alignment = { vertical: 'top', wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

const countRow = (label: string, c: BriefingCounts) => ({ label, ...c, rate: rateText(c) });

/** The 督查通报 as a workbook: by source, by lead unit, the overdue items, and every item counted (§57). */
export async function writeBriefingExport(b: Briefing, org: OrgIndex, fileName: string): Promise<string> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  wb.creator = '政务督办助手';
  const dept = (id: string) => org.department(id)?.name ?? id;
  const person = (id: string) => org.person(id)?.name ?? id;
  sheet(
    wb,
    BRIEFING_SHEETS.source,
    [{ header: '来源', key: 'label', width: 16 }, ...COUNT_COLUMNS],
    [...b.bySource.map((s) => countRow(SOURCE_LABEL[s.source], s.counts)), countRow('合计', b.total)],
  );
  sheet(
    wb,
    BRIEFING_SHEETS.unit,
    [{ header: '牵头单位', key: 'label', width: 28 }, ...COUNT_COLUMNS],
    b.byUnit.map((u) => countRow(dept(u.dept), u.counts)),
  );
  sheet(
    wb,
    BRIEFING_SHEETS.overdue,
    [
      { header: '编号', key: 'id', width: 9 },
      { header: '来源', key: 'source', width: 28 },
      { header: '事项内容', key: 'title', width: 40 },
      { header: '牵头单位', key: 'lead', width: 24 },
      { header: '交办领导', key: 'leader', width: 10 },
      { header: '办结时限', key: 'due', width: 12 },
      { header: '逾期天数', key: 'days', width: 10 },
    ],
    b.overdue.map((o) => ({
      id: o.item.id,
      source: [SOURCE_LABEL[o.item.fields.source], o.item.fields.reference].filter(Boolean).join(' '),
      title: o.item.fields.text,
      lead: dept(o.item.fields.parts[0]!.dept),
      leader: person(o.item.fields.leader),
      due: o.item.fields.deadline.due,
      days: o.days,
    })),
  );
  sheet(
    wb,
    BRIEFING_SHEETS.items,
    [
      { header: '编号', key: 'id', width: 9 },
      { header: '来源', key: 'source', width: 28 },
      { header: '事项内容', key: 'title', width: 40 },
      { header: '牵头单位', key: 'lead', width: 24 },
      { header: '交办日期', key: 'issuedOn', width: 12 },
      { header: '办结时限', key: 'due', width: 12 },
      { header: '销号日期', key: 'closedOn', width: 12 },
    ],
    b.items.map((it) => ({
      id: it.id,
      source: [SOURCE_LABEL[it.fields.source], it.fields.reference].filter(Boolean).join(' '),
      title: it.fields.text,
      lead: dept(it.fields.parts[0]!.dept),
      issuedOn: it.fields.issuedOn,
      due: it.fields.deadline.due,
      closedOn: it.status === 'closed' ? (it.fields.closedOn ?? '') : '',
    })),
  );
  const path = join(mkdtempSync(join(tmpdir(), 'govbot-briefing-')), fileName);
  await wb.xlsx.writeFile(path);
  return path;
}
