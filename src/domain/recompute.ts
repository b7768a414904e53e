/**
 * When the calendar changes — the operator adds a year's official arrangement to the overrides file, or
 * corrects a date — every open deadline is counted again from its rule, start and caps, and steps still
 * waiting without a clock (data written before §62's defaults) get their kind's default.
 */
import type { Calendar } from './calendar.ts';
import { type Deadline, recomputeDeadline, sameDeadline } from './deadline.ts';
import type { WorkflowItem } from './engine/types.ts';
import { isInstruction } from './instruction/types.ts';
import { isMinutes } from './minutes/types.ts';
import type { OrgIndex } from './org.ts';
import { defaultStepDeadline, stepLimitKind } from './step-limits.ts';
import { beijingDate, type DateStr } from './time.ts';

/** One deadline that moved: what it is, and from which day to which. */
export interface DeadlineChange {
  itemId: string;
  title: string;
  what: string;
  from: DateStr;
  to: DateStr;
  provisional: boolean;
}

export interface Recomputed {
  item: WorkflowItem;
  /** Deadlines that now fall on another day (each move listed once per item). */
  changes: DeadlineChange[];
  /** Steps that had no clock and got their default (§62). */
  backfilled: number;
}

const OPEN_STEP = new Set(['active', 'waiting']);

/** Whether counting again would change anything — checked first, so unchanged items are not copied. */
function anyChange(item: WorkflowItem, cal: Calendar): boolean {
  const moved = (d: Deadline | undefined) => d !== undefined && !sameDeadline(d, recomputeDeadline(cal, d));
  if (isInstruction(item) && moved(item.fields.deadline)) return true;
  if (isMinutes(item) && (moved(item.fields.issueBy) || moved(item.fields.legalityBy))) return true;
  return item.steps.some((s) => {
    if (!OPEN_STEP.has(s.status)) return false;
    if (s.deadline) return moved(s.deadline);
    return s.status === 'active' && stepLimitKind(item, s) !== undefined;
  });
}

/** The item with every open deadline counted again; undefined when nothing changed. */
export function recomputeItem(current: WorkflowItem, cal: Calendar, org: OrgIndex): Recomputed | undefined {
  if (current.status !== 'in_progress' || !anyChange(current, cal)) return undefined;
  const item = structuredClone(current);
  const moves: Array<{ what: string; from: Deadline; to: Deadline }> = [];
  let touched = false;
  const again = (what: string, d: Deadline): Deadline => {
    const next = recomputeDeadline(cal, d);
    if (!sameDeadline(d, next)) {
      touched = true;
      if (d.due !== next.due) moves.push({ what, from: d, to: next });
    }
    return sameDeadline(d, next) ? d : next;
  };

  if (isInstruction(item)) {
    const f = item.fields;
    const old = f.deadline.due;
    f.deadline = again('办结时限', f.deadline);
    const granted = f.extensions.some((e) => e.decision?.granted);
    if (f.deadline.due !== old) {
      if (!granted && f.originalDue === old) f.originalDue = f.deadline.due;
      // 签收 is due no later than the item itself (§56): the cap follows the item's deadline.
      for (const s of item.steps) if (s.deadline?.notAfter === old) s.deadline.notAfter = f.deadline.due;
    }
  }
  if (isMinutes(item)) {
    item.fields.issueBy = again('印发时限', item.fields.issueBy);
    if (item.fields.legalityBy) item.fields.legalityBy = again('合法性审核意见', item.fields.legalityBy);
  }
  let backfilled = 0;
  for (const step of item.steps) {
    if (!OPEN_STEP.has(step.status)) continue;
    if (step.deadline) {
      step.deadline = again(step.title, step.deadline);
    } else if (step.status === 'active') {
      const from = step.activatedAt
        ? beijingDate(new Date(step.activatedAt))
        : beijingDate(new Date(item.createdAt));
      const d = defaultStepDeadline(item, step, from, cal, org);
      if (d) {
        step.deadline = d;
        touched = true;
        backfilled++;
      }
    }
  }
  if (!touched) return undefined;
  // A step that shares the item's deadline moved with it: list each move once.
  const seen = new Set<string>();
  const changes: DeadlineChange[] = [];
  for (const m of moves) {
    const key = `${m.from.due}>${m.to.due}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({
      itemId: item.id,
      title: item.title,
      what: m.what,
      from: m.from.due,
      to: m.to.due,
      provisional: m.to.provisional === true,
    });
  }
  return { item, changes, backfilled };
}
