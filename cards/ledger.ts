import { CLASS_LABEL, SOURCE_LABEL } from '../src/domain/instruction/types.ts';
import { type LedgerFilter, type LedgerRow, STAGE_LABEL } from '../src/domain/ledger/ledger.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { type Card, card, hr, md } from './card.ts';
import { daysText, deptName, LIGHT_ICON } from './instruction-facts.ts';
import { esc, strong } from './markdown.ts';
import { nameOf } from './progress.ts';

/** Rows a ledger card lists before it points to the export (Lark cards stay under 30 KB). */
export const LEDGER_CARD_MAX_ROWS = 60;

const STATUS_WORD: Record<NonNullable<LedgerFilter['status']>, string> = {
  ...STAGE_LABEL,
  overdue: '逾期',
  due_soon: '临期',
  open: '在办',
  all: '全部',
};

export function filterText(f: LedgerFilter, org: OrgIndex): string {
  const parts = [STATUS_WORD[f.status ?? 'open']];
  if (f.department) parts.push(deptName(org, f.department));
  if (f.leader) parts.push(`${nameOf(org, f.leader)}交办`);
  if (f.category) parts.push({ ...CLASS_LABEL, ...SOURCE_LABEL }[f.category]);
  return parts.join(' · ');
}

function line(r: LedgerRow, org: OrgIndex, today: DateStr): string {
  const f = r.item.fields;
  const co =
    f.parts.length > 1
      ? `（协办：${f.parts
          .slice(1)
          .map((p) => deptName(org, p.dept))
          .join('、')}）`
      : '';
  const late = r.lateSteps.map(
    (s) =>
      `\n　<font color='red'>⚠ ${esc(s.title, { max: 30 })}已逾期（${formatCn(s.due, today)}到期）</font>`,
  );
  return `${LIGHT_ICON[r.light]} ${strong(r.item.id)} ${r.category} · ${esc(r.item.title, { max: 40 })}${co}\n　${STAGE_LABEL[r.stage]}｜${formatCn(r.due, today)}到期，${daysText(r)}｜${nameOf(org, f.leader)}${late.join('')}`;
}

/** 督办台账 (§57, §58): items by lead department, each with its status, deadline and light. */
export function buildLedgerCard(
  rows: LedgerRow[],
  filter: LedgerFilter,
  org: OrgIndex,
  today: DateStr,
): Card {
  const count = (l: LedgerRow['light']) => rows.filter((r) => r.light === l).length;
  const lateSteps = rows.reduce((n, r) => n + r.lateSteps.length, 0);
  const summary = `共 ${strong(rows.length)} 项：🔴 逾期 ${count('red')}　🟡 两天内到期 ${count('yellow')}　🟢 正常 ${count('green')}${
    lateSteps > 0 ? `\n环节逾期 ${strong(lateSteps)} 个（签收、审定、销号、延期审批等，§62 按时限办理）` : ''
  }`;
  const elements = [md(`${summary}\n筛选：${filterText(filter, org)}`)];
  const shown = rows.slice(0, LEDGER_CARD_MAX_ROWS);
  let dept = '';
  let group: string[] = [];
  const flush = () => {
    if (group.length) elements.push(hr(), md(`${strong(deptName(org, dept))}\n${group.join('\n')}`));
    group = [];
  };
  for (const r of shown) {
    const lead = r.item.fields.parts[0]!.dept;
    if (lead !== dept) {
      flush();
      dept = lead;
    }
    group.push(line(r, org, today));
  }
  flush();
  if (rows.length === 0) elements.push(md('没有符合条件的事项。'));
  const more = rows.length > shown.length ? `另有${rows.length - shown.length}项未列出。` : '';
  elements.push(
    hr(),
    md(
      `${more}发送 **/台账 导出** 获取 Excel 台账；可按部门、交办领导、类别、状态筛选，例如 /台账 区财政局 逾期。`,
    ),
  );
  const template = count('red') > 0 || lateSteps > 0 ? 'red' : count('yellow') > 0 ? 'yellow' : 'green';
  return card(`督办台账 · ${formatCn(today)}`, template, elements);
}
