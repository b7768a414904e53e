import type { Absence, AwayLookup } from '../engine/acting.ts';
import type { WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';
import type { LeaveFields, LeaveItem } from './types.ts';

export function isLeave(item: WorkflowItem): item is LeaveItem {
  return item.kind === 'leave';
}

/** Leave that stands: approved, or recorded (the head's own); not withdrawn, rejected or pending. */
export function isStandingLeave(item: WorkflowItem): item is LeaveItem {
  return isLeave(item) && (item.status === 'approved' || item.status === 'recorded');
}

/** The days a leave keeps someone away: from start to end, cut short by an early return (销假). */
export function awaySpan(f: LeaveFields): { from: DateStr; to: DateStr } | undefined {
  if (f.type === 'meeting_excuse') return undefined; // excused from one meeting, not away from the district
  if (f.returnedOn !== undefined) {
    if (f.returnedOn <= f.start) return undefined;
    // Back at work on the day of 销假, the last day included: the acting arrangement ends that day (§8).
    return { from: f.start, to: f.returnedOn <= f.end ? prevDay(f.returnedOn) : f.end };
  }
  return { from: f.start, to: f.end };
}

function prevDay(d: DateStr): DateStr {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/** Who is away on which days, from standing leave records — the only source of acting arrangements (§8). */
export function absencesOf(items: Iterable<WorkflowItem>): Absence[] {
  const out: Absence[] = [];
  for (const item of items) {
    if (!isStandingLeave(item)) continue;
    const span = awaySpan(item.fields);
    if (!span) continue;
    const a: Absence = { person: item.submitter, itemId: item.id, start: span.from, end: span.to };
    if (item.fields.presider) a.presider = item.fields.presider;
    out.push(a);
  }
  return out;
}

export function awayLookup(items: Iterable<WorkflowItem>): AwayLookup {
  const byPerson = new Map<string, Absence[]>();
  for (const a of absencesOf(items)) byPerson.set(a.person, [...(byPerson.get(a.person) ?? []), a]);
  return (person, day) => byPerson.get(person)?.find((a) => a.start <= day && day <= a.end);
}
