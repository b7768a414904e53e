import { type Absence, type ActingReason, type AwayLookup, actingFor } from '../engine/acting.ts';
import type { WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { addDays, type DateStr } from '../time.ts';
import { awayLookup, awaySpan, isStandingLeave } from './absences.ts';
import type { LeaveItem } from './types.ts';

/**
 * 代行安排 — who acts for an absent leader over some days (§8), derived from the leave records of
 * everyone concerned; `holder` undefined: everyone up the chain is away, the work waits for the return.
 */
export interface ActingSegment {
  from: DateStr;
  to: DateStr;
  holder?: string;
  reason?: ActingReason;
}

/** The longest span looked at day by day (a leave is at most 90 days; the rest is a guard). */
const MAX_DAYS = 400;

/**
 * Who acts for `person` on each day of `span`, in runs of the same holder. Only leaders have someone
 * acting for them (§8); for anyone else the plan is empty.
 */
export function actingPlan(
  person: string,
  span: { from: DateStr; to: DateStr },
  org: OrgIndex,
  away: AwayLookup,
): ActingSegment[] {
  if (!org.isLeader(person)) return [];
  const out: ActingSegment[] = [];
  let day = span.from;
  for (let i = 0; day <= span.to && i < MAX_DAYS; i++, day = addDays(day, 1)) {
    const a = actingFor(person, day, org, away);
    const holder = a.person === person ? undefined : a.person;
    const last = out.at(-1);
    if (last && last.holder === holder && last.reason === a.reason && addDays(last.to, 1) === day) {
      last.to = day;
    } else {
      out.push({ from: day, to: day, ...(holder ? { holder, reason: a.reason } : {}) });
    }
  }
  return out;
}

/** The away lookup with one more absence in it: a leave not yet approved, planned as if it stood. */
export function awayWith(away: AwayLookup, extra: Absence): AwayLookup {
  return (person, day) => {
    if (person === extra.person && extra.start <= day && day <= extra.end) return extra;
    // The same leave as `away` knows it (before an early return shortened it) no longer counts.
    const a = away(person, day);
    return a?.itemId === extra.itemId ? undefined : a;
  };
}

export const samePlan = (a: readonly ActingSegment[] = [], b: readonly ActingSegment[] = []): boolean =>
  a.length === b.length &&
  a.every(
    (s, i) =>
      s.from === b[i]!.from && s.to === b[i]!.to && s.holder === b[i]!.holder && s.reason === b[i]!.reason,
  );

/** Who holds `day` in a plan (undefined: not covered, or nobody acts). */
export const holderOn = (plan: readonly ActingSegment[] = [], day: DateStr): string | undefined =>
  plan.find((s) => s.from <= day && day <= s.to)?.holder;

/** The holders a new plan gives days the old one gave to someone else: they must be told (§8). */
export function newHolders(before: readonly ActingSegment[] = [], after: readonly ActingSegment[]): string[] {
  const out = new Set<string>();
  for (const s of after) {
    if (!s.holder) continue;
    for (let d = s.from, i = 0; d <= s.to && i < MAX_DAYS; d = addDays(d, 1), i++) {
      if (holderOn(before, d) !== s.holder) {
        out.add(s.holder);
        break;
      }
    }
  }
  return [...out];
}

/** A leave's own plan: who acts for its holder while it stands (planned as if it stood while pending). */
export function planOf(item: LeaveItem, org: OrgIndex, away: AwayLookup): ActingSegment[] {
  const span = awaySpan(item.fields);
  if (!span) return [];
  const a: Absence = { person: item.submitter, itemId: item.id, start: span.from, end: span.to };
  if (item.fields.presider) a.presider = item.fields.presider;
  return actingPlan(item.submitter, span, org, awayWith(away, a));
}

/**
 * After a leave began to stand or ended (approved, recorded, 销假): the other leaders' standing leaves
 * whose acting arrangement it changed — e.g. the executive vice head away during the head's absence
 * hands the chair to the vice head the head designated (§8) — each with its new plan and who must be told.
 */
export function replanOthers(
  items: readonly WorkflowItem[],
  changed: LeaveItem,
  previous: LeaveItem | undefined,
  org: OrgIndex,
): Array<{ item: LeaveItem; plan: ActingSegment[]; tell: string[] }> {
  const after = items.map((it) => (it.id === changed.id ? changed : it));
  if (!after.includes(changed)) after.push(changed);
  const away = awayLookup(after);
  // A leave recorded before plans were kept is compared with the plan it had before this change.
  let awayBefore: AwayLookup | undefined;
  const before = () => {
    awayBefore ??= awayLookup(
      after.flatMap((it) => (it.id !== changed.id ? [it] : previous ? [previous] : [])),
    );
    return awayBefore;
  };
  const out: Array<{ item: LeaveItem; plan: ActingSegment[]; tell: string[] }> = [];
  for (const it of after) {
    if (it.id === changed.id || !isStandingLeave(it) || !org.isLeader(it.submitter)) continue;
    const plan = planOf(it, org, away);
    const old = it.fields.acting ?? planOf(it, org, before());
    if (samePlan(plan, old)) continue;
    out.push({ item: it, plan, tell: newHolders(old, plan) });
  }
  return out;
}
