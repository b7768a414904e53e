import type { Calendar } from '../calendar.ts';
import { type Deadline, endOnWorkday, fixedDate } from '../deadline.ts';
import { instructionDeadline } from '../instruction/deadlines.ts';
import type { IssueSpec } from '../instruction/instruction.ts';
import type { OrgIndex } from '../org.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import type { DateStr } from '../time.ts';
import { MEETING_SHORT } from '../topic/types.ts';
import { MINUTES_STEP, type MinutesDecision, type MinutesItem } from './types.ts';

/** “常务会议 2026-12-03 议定事项 3” — how the ledger and every card name a meeting's decision. */
export function decisionReference(item: Pick<MinutesItem, 'fields'>, n: number): string {
  return `${MEETING_SHORT[item.fields.meeting]} ${item.fields.heldOn} 议定事项 ${n}`;
}

/** Whether a decision implements a major decision (§25 跟踪反馈): it decides one of the minutes' major topics. */
export function isMajorDecision(item: Pick<MinutesItem, 'fields'>, d: MinutesDecision): boolean {
  return d.topic !== undefined && item.fields.topics.some((t) => t.id === d.topic && t.major);
}

/**
 * The leader whose decision it is and who accepts the combined report (销号, §58): the head who signs the
 * standing, plenary and head's office meeting minutes (§38, §39), the chairing vice head a business
 * meeting's (§40); whoever acts for them while away decides for them (§8).
 */
export function decisionLeader(item: Pick<MinutesItem, 'fields'>, org: OrgIndex): string {
  const f = item.fields;
  if (f.meeting !== 'business') return org.head().id;
  return f.chair ?? org.supervisingViceHead(f.drafter).id;
}

function deadlineOf(cal: Calendar, d: MinutesDecision, issuedOn: DateStr): Deadline {
  const due = d.due ?? { class: 'ordinary' as const };
  if ('class' in due) return instructionDeadline(cal, due.class, issuedOn);
  // A date the meeting set: “重要紧急工作事项以督查通知为准” (§58), moved off a day off (《民法典》第二百零三条).
  return endOnWorkday(cal, fixedDate(RULE_LIMITS.ordinaryInstruction.rule, issuedOn, due.date));
}

/**
 * The decisions that become supervised items now (§56 “区政府重要会议议定事项…明确相关责任人负责落实”):
 * once the minutes are signed, every decision with a lead unit — except a major decision's, which may
 * not be issued before it is reported to the district Party committee (§65): those once that is done.
 * Each as an instruction whose source is the meeting, counted from the day it is issued (§58).
 */
export function decisionsToIssue(
  item: MinutesItem,
  env: { org: OrgIndex; calendar: Calendar; today: DateStr },
): Array<{ index: number; spec: IssueSpec }> {
  const signed = item.steps.find((s) => s.id === MINUTES_STEP.sign)?.status === 'done';
  const party = item.steps.find((s) => s.id === MINUTES_STEP.party);
  const reported = !party || party.status === 'done';
  if (!signed) return [];
  const leader = decisionLeader(item, env.org);
  const out: Array<{ index: number; spec: IssueSpec }> = [];
  item.fields.decisions.forEach((d, index) => {
    if (d.item || !d.leadDepartment || !env.org.department(d.leadDepartment)) return;
    const major = isMajorDecision(item, d);
    if (major && !reported) return;
    const due = d.due ?? { class: 'ordinary' as const };
    out.push({
      index,
      spec: {
        source: major ? 'major_decision' : 'meeting',
        ...('class' in due ? { class: due.class } : {}),
        text: d.text,
        reference: decisionReference(item, index + 1),
        leader,
        lead: d.leadDepartment,
        co: (d.co ?? []).filter((c) => c !== d.leadDepartment && env.org.department(c)),
        // §25: a major decision's implementation is followed up while it runs, not only at its end.
        progressRequired: major,
        deadline: deadlineOf(env.calendar, d, env.today),
        origin: { minutes: item.id, decision: index + 1, ...(d.topic ? { topic: d.topic } : {}) },
      },
    });
  });
  return out;
}
