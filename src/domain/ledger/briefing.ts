import type { WorkflowItem } from '../engine/types.ts';
import {
  type InstructionItem,
  type InstructionSource,
  isInstruction,
  SOURCES,
} from '../instruction/types.ts';
import { type DateStr, diffDays } from '../time.ts';

/**
 * 督查通报 (§57 “健全…情况通报制度”“区政府常务会议定期听取督查工作汇报”, §58 “定期督查通报…完成情况”):
 * every supervised item that was open at some time in the period, counted by source and by lead unit.
 *
 * The seed names the report but not its figures; these are what a supervision office reports:
 * - 在办: open at the end of the period; 其中逾期: its deadline in force passed before the period's end;
 * - 本期交办 / 本期办结: issued / closed out (销号) within the period;
 * - 按期办结: closed out within the period on or before its deadline in force — an extension the leader
 *   granted moves the deadline (§58 延期), and is counted apart (已延期);
 * - 按期办结率 = 按期办结 ÷ (本期办结 + 逾期未办结): of the items finished or that should have been,
 *   the share finished in time; none of either → no rate (shown “—”).
 * An item counts for its lead unit, which answers for the whole (牵头部门…汇总…上报, §55, §56).
 */
export interface BriefingCounts {
  open: number;
  overdueOpen: number;
  issued: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  extended: number;
  /** 0–1; undefined when nothing was finished or due. */
  onTimeRate?: number;
}

export interface BriefingOverdue {
  item: InstructionItem;
  /** Days past the deadline at the period's end. */
  days: number;
}

export interface Briefing {
  from: DateStr;
  to: DateStr;
  total: BriefingCounts;
  bySource: Array<{ source: InstructionSource; counts: BriefingCounts }>;
  /** Lead units with any item, most overdue first, then the org file's order. */
  byUnit: Array<{ dept: string; counts: BriefingCounts }>;
  /** Open and overdue at the period's end, longest overdue first. */
  overdue: BriefingOverdue[];
  /** Every item counted, by id. */
  items: InstructionItem[];
}

const zero = (): BriefingCounts => ({
  open: 0,
  overdueOpen: 0,
  issued: 0,
  closed: 0,
  closedOnTime: 0,
  closedLate: 0,
  extended: 0,
});

/** Whether an item was open at some time in the period: issued by its end, not closed before its start. */
function inPeriod(it: InstructionItem, from: DateStr, to: DateStr): boolean {
  if (it.fields.issuedOn > to) return false;
  if (it.status === 'closed') return (it.fields.closedOn ?? it.fields.issuedOn) >= from;
  return it.status === 'in_progress';
}

function add(c: BriefingCounts, it: InstructionItem, from: DateStr, to: DateStr): void {
  const f = it.fields;
  const due = f.deadline.due;
  const closedOn = it.status === 'closed' ? f.closedOn : undefined;
  const closedIn = closedOn !== undefined && closedOn >= from && closedOn <= to;
  if (f.issuedOn >= from) c.issued++;
  if (f.originalDue !== due) c.extended++;
  if (closedIn) {
    c.closed++;
    if (closedOn <= due) c.closedOnTime++;
    else c.closedLate++;
  } else {
    c.open++;
    if (due < to) c.overdueOpen++;
  }
}

function rate(c: BriefingCounts): BriefingCounts {
  const base = c.closed + c.overdueOpen;
  return base === 0 ? c : { ...c, onTimeRate: c.closedOnTime / base };
}

/** The report over [from, to] (inclusive) from every instruction-kind item, hot and archived. */
export function buildBriefing(
  all: readonly WorkflowItem[],
  from: DateStr,
  to: DateStr,
  unitOrder: readonly string[],
): Briefing {
  const seen = new Set<string>();
  const items: InstructionItem[] = [];
  for (const it of all) {
    // The hot copy comes first; an archived copy of the same item is not counted twice.
    if (!isInstruction(it) || seen.has(it.id) || !inPeriod(it, from, to)) continue;
    seen.add(it.id);
    items.push(it);
  }
  items.sort((a, b) => a.id.localeCompare(b.id));
  const total = zero();
  const bySource = new Map<InstructionSource, BriefingCounts>();
  const byUnit = new Map<string, BriefingCounts>();
  const overdue: BriefingOverdue[] = [];
  for (const it of items) {
    const lead = it.fields.parts[0]!.dept;
    add(total, it, from, to);
    add(
      bySource.get(it.fields.source) ?? bySource.set(it.fields.source, zero()).get(it.fields.source)!,
      it,
      from,
      to,
    );
    add(byUnit.get(lead) ?? byUnit.set(lead, zero()).get(lead)!, it, from, to);
    const closedOn = it.status === 'closed' ? it.fields.closedOn : undefined;
    const openAtEnd = closedOn === undefined || closedOn > to;
    if (openAtEnd && it.fields.deadline.due < to) {
      overdue.push({ item: it, days: diffDays(it.fields.deadline.due, to) });
    }
  }
  const order = (d: string) => {
    const i = unitOrder.indexOf(d);
    return i < 0 ? unitOrder.length : i;
  };
  return {
    from,
    to,
    total: rate(total),
    bySource: SOURCES.filter((s) => bySource.has(s)).map((s) => ({
      source: s,
      counts: rate(bySource.get(s)!),
    })),
    byUnit: [...byUnit.entries()]
      .map(([dept, c]) => ({ dept, counts: rate(c) }))
      .sort((a, b) => b.counts.overdueOpen - a.counts.overdueOpen || order(a.dept) - order(b.dept)),
    overdue: overdue.sort((a, b) => b.days - a.days || a.item.id.localeCompare(b.item.id)),
    items,
  };
}

/** 85.7% / — */
export function rateText(c: Pick<BriefingCounts, 'onTimeRate'>): string {
  return c.onTimeRate === undefined ? '—' : `${(Math.round(c.onTimeRate * 1000) / 10).toString()}%`;
}
