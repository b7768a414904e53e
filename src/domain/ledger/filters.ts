import { resolveDepartment, resolveLeader } from '../instruction/names.ts';
import type { OrgIndex } from '../org.ts';
import type { Category, LedgerFilter } from './ledger.ts';

const CATEGORY_WORDS: Array<[string[], Category]> = [
  [['一般', '一般事项', 'ordinary'], 'ordinary'],
  [['复杂', '复杂事项', 'complex'], 'complex'],
  [['年度', '全年', '年度事项', 'year'], 'year_long'],
  [['紧急', '紧急事项', 'urgent'], 'urgent'],
  [['批示', '领导批示'], 'leader'],
  [['市级会议'], 'city_meeting'],
  [['人大', '人大建议', '建议', 'npc'], 'npc'],
  [['政协', '政协提案', '提案', 'cppcc'], 'cppcc'],
  [['会议', '议定事项', '会议议定', '会议议定事项', 'meeting'], 'meeting'],
  [['重大决策', '重大决策执行', '决策执行'], 'major_decision'],
  [['整改', '审计', '督查整改', '审计整改', '审计督查整改'], 'rectification'],
];

const STATUS_WORDS: Array<[string[], NonNullable<LedgerFilter['status']>]> = [
  [['待签收'], 'awaiting_ack'],
  [['办理中'], 'in_hand'],
  [['待审定'], 'awaiting_review'],
  [['待验收'], 'awaiting_acceptance'],
  [['已销号', '销号', '已办结', '办结'], 'closed'],
  [['逾期', '红灯', '超期'], 'overdue'],
  [['临期', '黄灯', '即将到期'], 'due_soon'],
  [['在办', '未销号'], 'open'],
  [['全部', 'all'], 'all'],
];

const KEYS = new Map<string, 'department' | 'leader' | 'category' | 'status'>([
  ['部门', 'department'],
  ['单位', 'department'],
  ['领导', 'leader'],
  ['类别', 'category'],
  ['类型', 'category'],
  ['来源', 'category'],
  ['状态', 'status'],
]);

export type LedgerArgs = { ok: true; export: boolean; filter: LedgerFilter } | { ok: false; problem: string };

const find = <T>(table: Array<[string[], T]>, w: string): T | undefined =>
  table.find(([words]) => words.includes(w.toLowerCase()))?.[1];

/** `/台账 [导出] [部门] [领导] [类别] [状态]`, bare or as 部门:… 领导:… 类别:… 状态:…, in any order. */
export function parseLedgerArgs(rest: string, org: OrgIndex): LedgerArgs {
  const filter: LedgerFilter = {};
  let exporting = false;
  for (const token of rest.split(/\s+/).filter(Boolean)) {
    const m = /^([^:：]+)[:：](.+)$/.exec(token);
    const key = m ? KEYS.get(m[1]!) : undefined;
    const w = m && key ? m[2]! : token;
    if (!key && (w === '导出' || w.toLowerCase() === 'export')) {
      exporting = true;
      continue;
    }
    const status = (!key || key === 'status') && find(STATUS_WORDS, w);
    const category = (!key || key === 'category') && find(CATEGORY_WORDS, w);
    const leader = (!key || key === 'leader') && resolveLeader(org, w);
    const dept = (!key || key === 'department') && resolveDepartment(org, w);
    if (status) filter.status = status;
    else if (category) filter.category = category;
    else if (leader) filter.leader = leader.id;
    else if (dept) filter.department = dept.id;
    else
      return {
        ok: false,
        problem: `看不懂“${token}”：请写部门、交办领导、类别（一般/复杂/年度/紧急）、来源（批示/会议/重大决策/市级会议/人大/政协/整改）或状态（逾期/待验收/已销号/全部…）`,
      };
  }
  return { ok: true, export: exporting, filter };
}
