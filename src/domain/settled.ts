import type { WorkflowItem } from './engine/types.ts';
import { isLeave } from './leave/absences.ts';
import { addDays, beijingDate, type DateStr } from './time.ts';

const FINAL = new Set<WorkflowItem['status']>(['approved', 'rejected', 'withdrawn', 'recorded', 'closed']);

/**
 * Whether an item is history that may leave the hot data: finished more than `keepDays` ago and owing
 * nothing more (a leave whose absence is over and reported back, its §67 trip report filed).
 */
export function isSettled(item: WorkflowItem, today: DateStr, keepDays: number): boolean {
  if (!FINAL.has(item.status)) return false;
  const cutoff = addDays(today, -keepDays);
  const closed = item.closedAt ? beijingDate(new Date(item.closedAt)) : beijingDate(new Date(item.updatedAt));
  if (closed > cutoff) return false;
  if (isLeave(item) && (item.status === 'approved' || item.status === 'recorded')) {
    const f = item.fields;
    if (f.type !== 'meeting_excuse' && f.returnedOn === undefined && f.end > cutoff) return false;
    if (f.type === 'outbound_visit' && !f.tripReport && f.end > cutoff) return false;
  }
  // A topic approved for the agenda stays until its meeting has been held (the minutes refer to it).
  if (item.kind === 'topic' && item.status === 'approved' && !(item.fields as { heldIn?: string }).heldIn)
    return false;
  // A major decision's topic stays until its minutes are signed and reported to the district Party committee
  // (§22 collective decision, §65 报区委): the signed minutes stamp both on it.
  if (item.kind === 'topic' && item.status === 'approved') {
    const f = item.fields as { major?: boolean; reportedOn?: DateStr };
    if (f.major && !f.reportedOn) return false;
  }
  // A meeting stays while it is to come (its notice cards are answered until its day).
  if (item.kind === 'meeting' && (item.fields as { date?: DateStr }).date! > cutoff) return false;
  return true;
}
