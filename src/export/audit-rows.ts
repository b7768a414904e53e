import { WORK_LABEL } from '../../cards/kind-labels.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { OrgIndex } from '../domain/org.ts';
import { beijingDate, beijingTime, type DateStr } from '../domain/time.ts';
import { workClassOf } from '../domain/work-class.ts';

/** One decision of the audit trail (留痕), as the supervision office reads it. */
export interface AuditRow {
  at: string;
  itemId: string;
  kind: string;
  title: string;
  step: string;
  action: string;
  actor: string;
  onBehalfOf: string;
  comment: string;
  round: number;
}

/** What each trail action is called; an action added later shows under its own code until named here. */
const ACTION_LABEL: Record<string, string> = {
  submit: '提交',
  resubmit: '重新提交',
  withdraw: '撤回',
  approve: '同意',
  reject: '不同意（退回）',
  agree: '会签同意',
  agree_with_comments: '会签原则同意（附意见）',
  disagree: '会签不同意',
  no_objection_deadline: '到期未回复，视为无异议（§50）',
  acknowledged: '签收',
  notified: '已知悉',
  acknowledge: '签收',
  issue: '交办',
  held: '会议已召开',
  return: '销假',
  trip_report: '出访报告',
  extension_request: '申请延期',
  extension_granted: '同意延期',
  extension_refused: '不同意延期',
  review_approve: '审定报告',
  review_return: '退回报告',
  close_out: '验收销号',
  send_back: '退回办理',
  report_progress: '报送进展',
  report_completion: '报送办结情况',
  attend: '回复参会',
  excuse: '会议请假（§42）',
  excuse_approved: '会议请假获批准',
  excuse_rejected: '会议请假未获批准',
  excuse_withdrawn: '会议请假撤回',
  excuse_lapsed: '会议请假未经审批，会后作废',
  topics_added: '会议通知补充议题',
  moved: '会议改期',
  meeting_moved: '会议改期，请假作废',
};

const stamp = (iso: string) => `${beijingDate(new Date(iso))} ${beijingTime(new Date(iso))}`;

/**
 * Every recorded decision on every kind of work (leave, topics, minutes, instructions, proposals and
 * duties) between two Beijing dates inclusive, oldest first: who acted, on whose behalf (代批), when, on
 * which step. Items are taken once each (an item archived while still in the hot data is not doubled).
 */
export function auditRows(items: WorkflowItem[], from: DateStr, to: DateStr, org: OrgIndex): AuditRow[] {
  const person = (id: string | undefined) => (id ? (org.person(id)?.name ?? id) : '');
  // The supervision office closing out in its own name (§58) is its act, not 代批: named as the cards do.
  const actor = (t: WorkflowItem['trail'][number]) =>
    t.capacity === 'supervision' ? `督查室 ${person(t.actor)}` : person(t.actor);
  const seen = new Set<string>();
  const rows: Array<AuditRow & { sortAt: string }> = [];
  for (const it of items) {
    if (seen.has(it.id)) continue;
    seen.add(it.id);
    for (const t of it.trail) {
      const day = beijingDate(new Date(t.at));
      if (day < from || day > to) continue;
      const step = t.stepId ? it.steps.find((s) => s.id === t.stepId) : undefined;
      rows.push({
        sortAt: t.at,
        at: stamp(t.at),
        itemId: it.id,
        // A meeting decision, a proposal or a rectification is named as what it is, not 领导批示.
        kind: WORK_LABEL[workClassOf(it)] ?? it.kind,
        title: it.title,
        step: step?.title ?? '',
        action: ACTION_LABEL[t.action] ?? t.action,
        actor: actor(t),
        onBehalfOf: person(t.onBehalfOf),
        comment: t.comment ?? '',
        round: t.round,
      });
    }
  }
  rows.sort((a, b) =>
    a.sortAt < b.sortAt ? -1 : a.sortAt > b.sortAt ? 1 : a.itemId.localeCompare(b.itemId),
  );
  return rows.map(({ sortAt: _s, ...r }) => r);
}
