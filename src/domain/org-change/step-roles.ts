import type { Step, WorkflowItem } from '../engine/types.ts';
import { parseStepId } from '../instruction/steps.ts';
import type { InstructionFields } from '../instruction/types.ts';
import { leaveRoute } from '../leave/route.ts';
import type { LeaveFields } from '../leave/types.ts';
import type { MinutesFields } from '../minutes/types.ts';
import { MINUTES_STEP } from '../minutes/types.ts';
import type { DepartmentFunction, OrgIndex } from '../org.ts';
import type { TopicFields } from '../topic/types.ts';
import { TOPIC_STEP } from '../topic/types.ts';

/**
 * 岗位 — the role a step's party was asked in: one holder (a unit's main head, the head, a unit's
 * supervising vice head, …) or a group (the vice heads). Read in any org, so the holder before and
 * after a change of the org can be compared.
 */
export type StepRole =
  | { kind: 'one'; label: string; holder: (org: OrgIndex) => string | undefined }
  | { kind: 'group'; label: string; members: (org: OrgIndex) => string[] };

const one = (label: string, holder: (org: OrgIndex) => string | undefined): StepRole => ({
  kind: 'one',
  label,
  holder,
});

// Each holder mirrors the route builder that first chose the party (leave/route.ts, topic/route.ts,
// minutes/route.ts, instruction.ts, duty.ts); an org that has lost the role answers undefined.
const mainHead = (unit: string | undefined) =>
  one('主要负责人', (org) => (unit ? org.department(unit)?.mainHead : undefined));
const supervisor = (unit: string | undefined) =>
  one('分管副区长', (org) => (unit ? org.department(unit)?.supervisor : undefined));
const byFunction = (fn: DepartmentFunction, label: string) =>
  one(label, (org) => org.departments().find((d) => d.function === fn)?.mainHead);
const head = one('区长', (org) => org.head().id);
const director = one('政府办主任', (org) => org.officeDirector().id);
const viceHeads = (): StepRole => ({
  kind: 'group',
  label: '副区长',
  members: (org) => org.viceHeads().map((p) => p.id),
});
/** §38: the minutes are read by the vice heads, then separately by the executive vice head. */
const otherViceHeads = (): StepRole => ({
  kind: 'group',
  label: '副区长',
  members: (org) =>
    org
      .viceHeads()
      .map((p) => p.id)
      .filter((p) => p !== org.executiveViceHead().id),
});
const executive = one('常务副区长', (org) => org.executiveViceHead().id);

function leaveRoles(item: WorkflowItem<LeaveFields>, step: Step, org: OrgIndex): StepRole[] | undefined {
  const route = leaveRoute(org, item.submitter, item.fields.type);
  if (route === 'department_head') return step.id === 's1' ? [supervisor(item.departmentId)] : [head];
  if (route === 'vice_head' || route === 'meeting') return [head];
  if (route !== 'other') return undefined;
  const dept = item.departmentId ? org.department(item.departmentId) : undefined;
  if (dept && dept.mainHead !== item.submitter) return [mainHead(dept.id)];
  return [one('分管领导', (o) => o.supervisingLeaderOf(item.submitter)?.id)];
}

function topicRoles(item: WorkflowItem<TopicFields>, step: Step): StepRole[] | undefined {
  const f = item.fields;
  switch (step.id) {
    case TOPIC_STEP.consult:
      // §37 the leaders, and (§24, §50) the affected units' main heads, of every meeting kind.
      return [...(f.meeting === 'plenary' ? [viceHeads()] : []), ...f.affected.map((u) => mainHead(u))];
    case TOPIC_STEP.statement:
      return undefined; // the submitter sets out each side's reasons (§24): their own step
    case TOPIC_STEP.coordinate:
    case TOPIC_STEP.vice:
      return [supervisor(f.unit)];
    case TOPIC_STEP.legality:
      return [byFunction('justice', '司法局主要负责人')];
    case TOPIC_STEP.office:
      return [director];
    case TOPIC_STEP.decide:
      if (f.meeting !== 'business') return [head];
      return f.chair ? undefined : [supervisor(f.unit)];
    default:
      return undefined;
  }
}

function minutesRoles(item: WorkflowItem<MinutesFields>, step: Step, org: OrgIndex): StepRole[] | undefined {
  const f = item.fields;
  const business = f.meeting === 'business';
  switch (step.id) {
    case MINUTES_STEP.draft:
      // The one who recorded the meeting drafts it themself when they belong to the drafting unit.
      return step.parties.includes(item.submitter) ? undefined : [mainHead(f.drafter)];
    case MINUTES_STEP.consult:
      return f.consulted.map((u) => mainHead(u));
    case MINUTES_STEP.legality:
      return [byFunction('justice', '司法局主要负责人')];
    case MINUTES_STEP.office:
      return [director];
    case MINUTES_STEP.review:
      if (f.meeting === 'head_office') return [supervisor(f.drafter)];
      // Steps routed before §38's order was kept asked every vice head at once.
      return [step.parties.includes(org.executiveViceHead().id) ? viceHeads() : otherViceHeads()];
    case MINUTES_STEP.exec:
      return [executive];
    case MINUTES_STEP.party:
      return [director];
    case MINUTES_STEP.sign:
      if (!business) return [head];
      return f.chair ? undefined : [supervisor(f.drafter)];
    case MINUTES_STEP.pay:
      return [byFunction('finance', '财政局主要负责人')];
    default:
      return undefined;
  }
}

function instructionRoles(item: WorkflowItem<InstructionFields>, step: Step): StepRole[] | undefined {
  const ref = parseStepId(step.id);
  // 签收 and the main head's review belong to the unit's main head (§56); a report belongs to the person
  // the unit named, and the close-out and extensions to the leader who issued the work.
  if (ref?.type !== 'ack' && ref?.type !== 'review') return undefined;
  return [mainHead(item.fields.parts[ref.part]?.dept)];
}

/**
 * The roles a step's parties were asked in, read with the org the step was routed with; undefined
 * when the step belongs to a person (a named responsible person, a chairing vice head, the issuing leader).
 */
export function stepRoles(item: WorkflowItem, step: Step, org: OrgIndex): StepRole[] | undefined {
  switch (item.kind) {
    case 'leave':
      return leaveRoles(item as WorkflowItem<LeaveFields>, step, org);
    case 'topic':
      return topicRoles(item as WorkflowItem<TopicFields>, step);
    case 'minutes':
      return minutesRoles(item as WorkflowItem<MinutesFields>, step, org);
    case 'instruction':
      return instructionRoles(item as WorkflowItem<InstructionFields>, step);
    case 'duty':
      return step.id === 's1' ? [mainHead(item.departmentId)] : undefined;
  }
}
