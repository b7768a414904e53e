import { type Calendar, calendarOutlook } from './calendar.ts';
import { isDueToday, isOverdue, workdaysOverdue } from './deadline.ts';
import { type AwayLookup, actingFor, recusedFrom } from './engine/acting.ts';
import { owing } from './engine/engine.ts';
import type { ItemKind, WorkflowItem } from './engine/types.ts';
import { absencesOf, isStandingLeave } from './leave/absences.ts';
import type { LeaveItem } from './leave/types.ts';
import type { OrgIndex } from './org.ts';
import { RULE_LIMITS } from './rule-limits.ts';
import { beijingDate, type DateStr } from './time.ts';
import { WORK_CLASSES, type WorkClass, workClassOf } from './work-class.ts';

/** RULES.md "Reminders": from this many working days overdue the owner's supervising leader is told too. */
export const ESCALATE_AFTER_WORKDAYS = 1;
/** Red light: overdue by this many working days or more — the nag is sent as urgent (buzz). */
export const RED_LIGHT_WORKDAYS = 3;

/** One step that waits on someone and has a deadline: who owes what, since when, until when. */
export interface Owed {
  itemId: string;
  kind: ItemKind;
  /** The class the digest counts it under (§46 and §31 work apart from 领导批示). */
  workClass: WorkClass;
  title: string;
  stepId: string;
  stepTitle: string;
  round: number;
  /** Who owes the step by the route, and who must act today (§8: their stand-in while they are away). */
  party: string;
  owner: string;
  onBehalfOf?: string;
  /** The unit the step waits on (the owner's department), undefined for leaders. */
  departmentId?: string;
  since: DateStr;
  due: DateStr;
  rule: string;
  overdueWorkdays: number;
  dueToday: boolean;
  /** The step must be done before this day (a leave approval before departure, §71). */
  before?: DateStr;
  /** The owner's supervising leader is told today (see shouldEscalate). */
  escalate: boolean;
}

/**
 * RULES.md "Reminders": the supervising leader is told from ESCALATE_AFTER_WORKDAYS working days
 * overdue; a step due before a set day (a leave approval before the departure) already on its due day,
 * the last working day before that day — the next morning would be too late.
 */
export function shouldEscalate(o: { overdueWorkdays: number; dueToday: boolean; before?: DateStr }): boolean {
  return (
    o.overdueWorkdays >= ESCALATE_AFTER_WORKDAYS ||
    (o.before !== undefined && (o.dueToday || o.overdueWorkdays > 0))
  );
}

/** Every owing party of every active step whose deadline is today or past, oldest first. */
export function owedSteps(
  items: Iterable<WorkflowItem>,
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
  away: AwayLookup,
): Owed[] {
  const out: Owed[] = [];
  for (const item of items) {
    if (item.status !== 'in_progress') continue;
    for (const step of item.steps) {
      if (step.status !== 'active' || !step.deadline) continue;
      const overdue = isOverdue(step.deadline, today);
      const dueToday = isDueToday(step.deadline, today);
      if (!overdue && !dueToday) continue;
      const overdueWorkdays = overdue ? workdaysOverdue(calendar, step.deadline, today) : 0;
      const before = step.deadline.before;
      for (const party of owing(step)) {
        const acting = actingFor(party, today, org, away, recusedFrom(item, step));
        out.push({
          itemId: item.id,
          kind: item.kind,
          workClass: workClassOf(item),
          title: item.title,
          stepId: step.id,
          stepTitle: step.title,
          round: item.round,
          party,
          owner: acting.person,
          onBehalfOf: acting.onBehalfOf,
          departmentId: org.departmentOf(party)?.id,
          since: step.activatedAt ? beijingDate(new Date(step.activatedAt)) : today,
          due: step.deadline.due,
          rule: step.deadline.rule,
          overdueWorkdays,
          dueToday,
          ...(before !== undefined ? { before } : {}),
          escalate: shouldEscalate({ overdueWorkdays, dueToday, before }),
        });
      }
    }
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.since < b.since ? -1 : 1));
}

/** The leader told when a step is a working day overdue: a department's supervising vice head; for a vice head, the head. */
export function escalationTarget(owed: Owed, org: OrgIndex): string | undefined {
  const leader = org.supervisingLeaderOf(owed.party);
  return leader && leader.id !== owed.owner ? leader.id : undefined;
}

/** Absences past their end date with no return report (销假), and outbound trips whose §67 report is late. */
export function returnsOverdue(
  items: Iterable<WorkflowItem>,
  today: DateStr,
  calendar: Calendar,
): Array<{ item: LeaveItem; what: 'not_back' | 'trip_report'; since: DateStr }> {
  const out: Array<{ item: LeaveItem; what: 'not_back' | 'trip_report'; since: DateStr }> = [];
  for (const it of items) {
    if (!isStandingLeave(it) || it.fields.type === 'meeting_excuse') continue;
    const f = it.fields;
    if (f.returnedOn === undefined && f.end < today) out.push({ item: it, what: 'not_back', since: f.end });
    if (f.type === 'outbound_visit' && !f.tripReport) {
      const back = f.returnedOn ?? (f.end < today ? f.end : undefined);
      if (back !== undefined) {
        const due = calendar.addWorkdays(back, RULE_LIMITS.tripReport.amount).date;
        if (today > due) out.push({ item: it, what: 'trip_report', since: due });
      }
    }
  }
  return out;
}

/** The daily digest's content (RULES.md "Reminders and digests"), computed, not yet drawn. */
export interface Digest {
  date: DateStr;
  overdue: Owed[];
  dueToday: Owed[];
  /** Overdue steps per unit, most first (the bar chart). */
  byDepartment: Array<{ unit: string; count: number }>;
  /** Overdue and due-today steps per class of work, in WORK_CLASSES order. */
  byClass: Array<{ workClass: WorkClass; overdue: number; dueToday: number }>;
  /** This year's or next year's calendar is provisional or unknown (start-up log, /healthz, digest). */
  calendarWarnings: string[];
  absences: Array<{ person: string; until: DateStr; actingBy?: string; itemId: string }>;
  /** §71 late filings this month. */
  lateFilings: LeaveItem[];
}

export function computeDigest(
  items: WorkflowItem[],
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
  away: AwayLookup,
): Digest {
  const owed = owedSteps(items, today, org, calendar, away);
  const overdue = owed.filter((o) => !o.dueToday);
  const dueToday = owed.filter((o) => o.dueToday);
  const unitName = (o: Owed) =>
    o.departmentId ? (org.department(o.departmentId)?.name ?? o.departmentId) : '区政府领导';
  const counts = new Map<string, number>();
  for (const o of overdue) counts.set(unitName(o), (counts.get(unitName(o)) ?? 0) + 1);
  const byClass = countByClass(owed);
  const month = today.slice(0, 7);
  return {
    date: today,
    overdue,
    dueToday,
    byDepartment: [...counts].map(([unit, count]) => ({ unit, count })).sort((a, b) => b.count - a.count),
    byClass,
    calendarWarnings: calendarOutlook(calendar, today).warnings,
    absences: absencesOf(items)
      .filter((a) => a.start <= today && today <= a.end)
      .map((a) => {
        const acting = actingFor(a.person, today, org, away);
        return {
          person: a.person,
          until: a.end,
          itemId: a.itemId,
          ...(acting.person !== a.person ? { actingBy: acting.person } : {}),
        };
      }),
    lateFilings: items.filter(
      (it): it is LeaveItem =>
        it.kind === 'leave' &&
        (it as LeaveItem).fields.late &&
        (it as LeaveItem).fields.filedOn.startsWith(month) &&
        it.status !== 'withdrawn',
    ),
  };
}

/** Overdue and due-today steps per class of work, in WORK_CLASSES order, classes with none left out. */
export function countByClass(
  owed: Owed[],
): Array<{ workClass: WorkClass; overdue: number; dueToday: number }> {
  const counts = new Map<WorkClass, { overdue: number; dueToday: number }>();
  for (const o of owed) {
    const k = counts.get(o.workClass) ?? { overdue: 0, dueToday: 0 };
    if (o.dueToday) k.dueToday++;
    else k.overdue++;
    counts.set(o.workClass, k);
  }
  return WORK_CLASSES.filter((c) => counts.has(c)).map((c) => ({ workClass: c, ...counts.get(c)! }));
}

/** Overdue steps at the end of each of the last `weeks` weeks (for the weekly trend), reconstructed from the steps. */
export function overdueTrend(
  items: WorkflowItem[],
  weekEnds: DateStr[],
): Array<{ week: DateStr; overdue: number }> {
  return weekEnds.map((end) => {
    let n = 0;
    for (const item of items) {
      for (const s of item.steps) {
        if (!s.deadline || !s.activatedAt) continue;
        const started = beijingDate(new Date(s.activatedAt));
        const completed = s.completedAt ? beijingDate(new Date(s.completedAt)) : undefined;
        if (started <= end && s.deadline.due < end && (completed === undefined || completed > end)) n++;
      }
    }
    return { week: end, overdue: n };
  });
}
