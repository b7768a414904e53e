import type { RenderEnv } from '../src/bot/render.ts';
import {
  CLASS_LABEL,
  type DepartmentPart,
  type InstructionItem,
  REPORT_LABEL,
  type Report,
  type Verdict,
} from '../src/domain/instruction/types.ts';
import { type LedgerRow, rowOf } from '../src/domain/ledger/ledger.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { formatCn } from '../src/domain/time.ts';
import { workClassOf } from '../src/domain/work-class.ts';
import { deadlineNote } from './deadline-note.ts';
import { WORK_LABEL } from './kind-labels.ts';
import { esc, strong } from './markdown.ts';
import { nameOf, when } from './progress.ts';

export const deptName = (org: OrgIndex, id: string): string => org.department(id)?.name ?? id;

/** 剩3天 / 今天到期 / 逾期2天 — the ledger's wording of a row's days. */
export function daysText(row: Pick<LedgerRow, 'daysLeft' | 'stage'>): string {
  if (row.stage === 'closed') return row.daysLeft < 0 ? `逾期${-row.daysLeft}天办结` : '按期办结';
  if (row.daysLeft < 0) return `逾期${-row.daysLeft}天`;
  return row.daysLeft === 0 ? '今天到期' : `剩${row.daysLeft}天`;
}

export const LIGHT_ICON = { green: '🟢', yellow: '🟡', red: '🔴', none: '⚪' } as const;

export function sourceLine(item: InstructionItem): string {
  const f = item.fields;
  const label = WORK_LABEL[workClassOf(item)];
  if (f.source === 'leader') return `${label} · ${f.class ? CLASS_LABEL[f.class] : ''}（§58 “710”）`;
  if (f.source === 'city_meeting') return `${label}（§46 书面报告）`;
  const cls = f.class ? ` · ${CLASS_LABEL[f.class]}` : '';
  if (f.source === 'meeting') return `${label} · ${esc(f.reference ?? '')}${cls}（§56、§58）`;
  if (f.source === 'major_decision')
    return `${label} · ${esc(f.reference ?? '')}${cls}（§25 跟踪决策实施情况，§56）`;
  if (f.source === 'rectification') return `${label} · ${esc(f.reference ?? '')}（§32 整改并向区政府报告）`;
  return `${label} ${esc(f.reference ?? '')}（§31 限时办结）`;
}

/** What was issued, by whom, until when: the top of every instruction card. */
export function instructionFacts(item: InstructionItem, env: RenderEnv): string[] {
  const f = item.fields;
  const { org, today } = env;
  const row = rowOf(item, today);
  const behalf = f.issuedBy !== f.leader ? `（${nameOf(org, f.issuedBy)} 代为交办）` : '';
  const extended = f.originalDue !== f.deadline.due ? `，原定${formatCn(f.originalDue, today)}，已延期` : '';
  const lines = [
    `**类别**：${sourceLine(item)}`,
    `**交办领导**：${nameOf(org, f.leader)}${behalf}`,
    `**交办日期**：${formatCn(f.issuedOn, today)}`,
    `**办结时限**：${formatCn(f.deadline.due, today)}（${daysText(row)}${extended}）${deadlineNote(f.deadline, today)}`,
    `**牵头部门**：${deptName(org, f.parts[0]!.dept)}${
      f.parts.length > 1
        ? `　**协办部门**：${f.parts
            .slice(1)
            .map((p) => deptName(org, p.dept))
            .join('、')}`
        : ''
    }`,
    `**内容**：${esc(f.text, { multiline: true, max: 600 })}`,
  ];
  if (f.progressRequired) lines.push('**要求**：重要进展情况及时报告（§56）');
  return lines;
}

/**
 * Who gave a verdict, as what they were: 督查室 严晓明 when the supervision office closed it out in its
 * own name (§58), 赵文博（代 孙海燕） when acting for the leader (§8), else the leader's name.
 */
export function verdictBy(v: Pick<Verdict, 'by' | 'onBehalfOf' | 'capacity'>, org: OrgIndex): string {
  if (v.capacity === 'supervision') return `督查室 ${nameOf(org, v.by)}`;
  return `${nameOf(org, v.by)}${v.onBehalfOf ? `（代 ${nameOf(org, v.onBehalfOf)}）` : ''}`;
}

function reportState(r: Report, org: OrgIndex): string {
  if (r.verdict) {
    const who = verdictBy(r.verdict, org);
    return r.verdict.accepted
      ? `${who} 已验收销号`
      : `${who} 退回重办：${esc(r.verdict.comment ?? '', { max: 200 })}`;
  }
  if (!r.review) return '待审定';
  const by = verdictBy(r.review, org);
  if (!r.review.approved) return `${by} 退回修改：${esc(r.review.comment ?? '', { max: 200 })}`;
  return r.review.self ? '主要负责人报送' : `${by} 已审定`;
}

/** One report: kind, when, by whom, the text (cut to `max`), the attachment, what became of it. */
export function reportLine(r: Report, env: RenderEnv, max = 200): string {
  const att = r.attachment ? `\n　　附件：${esc(r.attachment, { max: 200 })}` : '';
  return `　· ${REPORT_LABEL[r.kind]}（${nameOf(env.org, r.by)}，${when(r.at, env.today)}）：${esc(r.text, { max })}${att}\n　　→ ${reportState(r, env.org)}`;
}

/** Reports shown per department on a card (older ones are in the export): cards stay under Lark's 30 KB. */
const REPORTS_SHOWN = 3;

/** A department's line: signed or not, who is responsible, its reports. */
export function partLines(part: DepartmentPart, item: InstructionItem, env: RenderEnv, max = 200): string[] {
  const role = part.role === 'lead' ? '牵头' : '协办';
  const ackStep = item.steps.find((s) => s.id === `a${item.fields.parts.indexOf(part)}`);
  const head = `${strong(deptName(env.org, part.dept))}（${role}）`;
  if (!part.ack) {
    const by = ackStep?.deadline
      ? `，${formatCn(ackStep.deadline.due, env.today)}前${deadlineNote(ackStep.deadline, env.today)}`
      : '';
    return [`${head}：${item.status === 'in_progress' ? `⏳ 待签收${by}` : '未签收'}`];
  }
  return [
    `${head}：✅ ${nameOf(env.org, part.ack.by)} 已签收（${when(part.ack.at, env.today)}），责任人 ${nameOf(env.org, part.ack.responsible)}`,
    ...(part.reports.length > REPORTS_SHOWN
      ? [`　· 另有${part.reports.length - REPORTS_SHOWN}份较早的报告（见 /台账 导出）`]
      : []),
    ...part.reports.slice(-REPORTS_SHOWN).map((r) => reportLine(r, env, max)),
  ];
}

export function extensionLines(item: InstructionItem, env: RenderEnv): string[] {
  return item.fields.extensions.map((e) => {
    const d = e.decision;
    const state = !d
      ? '待交办领导审批'
      : `${nameOf(env.org, d.by)}${d.granted ? '已同意' : `未同意${d.comment ? `：${esc(d.comment, { max: 200 })}` : ''}`}`;
    return `**延期申请**：${deptName(env.org, e.dept)} ${nameOf(env.org, e.by)} 申请由${formatCn(e.from, env.today)}延至${formatCn(e.to, env.today)}（${esc(e.reason, { max: 200 })}）→ ${state}`;
  });
}
