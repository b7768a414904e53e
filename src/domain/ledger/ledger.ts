import type { WorkflowItem } from '../engine/types.ts';
import {
  CLASS_LABEL,
  type InstructionClass,
  type InstructionItem,
  type InstructionSource,
  isInstruction,
  SOURCE_LABEL,
} from '../instruction/types.ts';
import type { OrgIndex } from '../org.ts';
import { type DateStr, diffDays } from '../time.ts';

/** Where an item stands in the ledger (台账, §58). */
export type Stage = 'awaiting_ack' | 'in_hand' | 'awaiting_review' | 'awaiting_acceptance' | 'closed';

export const STAGE_LABEL: Record<Stage, string> = {
  awaiting_ack: '待签收',
  in_hand: '办理中',
  awaiting_review: '待审定',
  awaiting_acceptance: '待验收',
  closed: '已销号',
};

/** Green on track, yellow due within YELLOW_WITHIN_DAYS, red overdue; closed items have none. */
export type Light = 'green' | 'yellow' | 'red' | 'none';

/** The issue's “yellow: due within 2 days” (today counts as 0). */
export const YELLOW_WITHIN_DAYS = 2;

export type Category = InstructionClass | InstructionSource;

export interface LedgerFilter {
  /** Lead or co-department. */
  department?: string;
  leader?: string;
  category?: Category;
  status?: Stage | 'overdue' | 'due_soon' | 'open' | 'all';
}

export interface LedgerRow {
  item: InstructionItem;
  category: string;
  stage: Stage;
  due: DateStr;
  /** Calendar days until due: 0 on the day, negative when overdue; closed items count to their close day. */
  daysLeft: number;
  light: Light;
  /**
   * Open steps of the item past their own due day — 签收, a review, 销号, an extension decision (§62: every
   * waiting step has a clock) — even while the item itself is within its time limit.
   */
  lateSteps: Array<{ stepId: string; title: string; due: DateStr }>;
}

export function categoryOf(item: InstructionItem): string {
  const f = item.fields;
  return f.source === 'leader' && f.class ? CLASS_LABEL[f.class] : SOURCE_LABEL[f.source];
}

/** Where the item comes from, with its reference: “会议议定事项 常务会议 2026-12-03 议定事项 3”. */
export function sourceOf(item: InstructionItem): string {
  const f = item.fields;
  return f.reference ? `${SOURCE_LABEL[f.source]} ${f.reference}` : SOURCE_LABEL[f.source];
}

export function stageOf(item: InstructionItem): Stage {
  if (item.status !== 'in_progress') return 'closed';
  const active = item.steps.filter((s) => s.status === 'active').map((s) => s.id[0]);
  if (active.includes('c')) return 'awaiting_acceptance';
  if (active.includes('a')) return 'awaiting_ack';
  if (active.includes('v')) return 'awaiting_review';
  return 'in_hand';
}

export function lightOf(daysLeft: number, closed: boolean): Light {
  if (closed) return 'none';
  if (daysLeft < 0) return 'red';
  return daysLeft <= YELLOW_WITHIN_DAYS ? 'yellow' : 'green';
}

export function rowOf(item: InstructionItem, today: DateStr): LedgerRow {
  const stage = stageOf(item);
  const due = item.fields.deadline.due;
  const until = stage === 'closed' ? (item.fields.closedOn ?? today) : today;
  const daysLeft = diffDays(until, due);
  const lateSteps =
    stage === 'closed'
      ? []
      : item.steps
          .filter((s) => s.status === 'active' && s.deadline && s.deadline.due < today)
          .map((s) => ({ stepId: s.id, title: s.title, due: s.deadline!.due }));
  return {
    item,
    category: categoryOf(item),
    stage,
    due,
    daysLeft,
    light: lightOf(daysLeft, stage === 'closed'),
    lateSteps,
  };
}

function matches(row: LedgerRow, f: LedgerFilter): boolean {
  const it = row.item.fields;
  if (f.department && !it.parts.some((p) => p.dept === f.department)) return false;
  if (f.leader && it.leader !== f.leader) return false;
  if (f.category && f.category !== it.source && f.category !== it.class) return false;
  const status = f.status ?? 'open';
  if (status === 'all') return true;
  if (status === 'open') return row.stage !== 'closed';
  // An item within its limit whose 签收, review, 销号 or extension decision is late is overdue work too (§62).
  if (status === 'overdue') return row.light === 'red' || row.lateSteps.length > 0;
  if (status === 'due_soon') return row.light === 'yellow';
  return row.stage === status;
}

/** The ledger's rows: by lead department in org order, then by due date, oldest first. */
export function ledgerRows(
  items: Iterable<WorkflowItem>,
  today: DateStr,
  filter: LedgerFilter,
  org: OrgIndex,
): LedgerRow[] {
  const order = new Map(org.departments().map((d, i) => [d.id, i]));
  return [...items]
    .filter(isInstruction)
    .map((it) => rowOf(it, today))
    .filter((r) => matches(r, filter))
    .sort((a, b) => {
      const da = order.get(a.item.fields.parts[0]!.dept) ?? 999;
      const db = order.get(b.item.fields.parts[0]!.dept) ?? 999;
      if (da !== db) return da - db;
      if (a.due !== b.due) return a.due < b.due ? -1 : 1;
      return a.item.id < b.item.id ? -1 : 1;
    });
}
