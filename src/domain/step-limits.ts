/**
 * Every waiting step has a due time (§62 按程序、按时限办理; RULES.md "Reminders"): a step whose route gives
 * it no limit of its own gets the default for its kind (STEP_LIMIT_DEFAULTS, changeable in the org file's
 * `schedule.stepLimits`). One table says which kind each step is, for new steps and for steps already
 * waiting in the data when this rule arrived.
 */
import type { Calendar } from './calendar.ts';
import { capDeadline, type Deadline, workingDaysFrom } from './deadline.ts';
import type { Step, WorkflowItem } from './engine/types.ts';
import type { OrgIndex } from './org.ts';
import type { StepLimitKind } from './rule-limits.ts';
import type { DateStr } from './time.ts';

/** The kind of a step that has no limit of its own in the seed; undefined for steps that have one. */
export function stepLimitKind(item: WorkflowItem, step: Step): StepLimitKind | undefined {
  if (step.kind === 'notify') return undefined;
  switch (item.kind) {
    case 'leave':
      return step.kind === 'approve' ? 'leaveApproval' : undefined;
    case 'topic':
      if (step.id === 'legality') return 'legalityReview';
      if (step.insertedAfter !== undefined) return 'disagreementCoordination';
      return step.kind === 'approve' ? 'topicApproval' : undefined;
    case 'minutes':
      return step.id === 'party' ? 'partyReport' : undefined;
    case 'instruction':
      if (/^c\d+$/.test(step.id)) return 'closeOut';
      if (/^x\d+$/.test(step.id)) return 'extensionDecision';
      return undefined;
    case 'meeting':
      return step.id === 'reply' ? 'meetingReply' : undefined;
    default:
      return undefined;
  }
}

/**
 * The default deadline of a step starting on `from`: the org's limit for its kind, counted in working
 * days; a leave approval is due before the departure (§71), an extension decision no later than the
 * deadline in force (§58). The step's own article is kept where it names one (e.g. §42 for a meeting excuse).
 */
export function defaultStepDeadline(
  item: WorkflowItem,
  step: Step,
  from: DateStr,
  cal: Calendar,
  org: OrgIndex,
): Deadline | undefined {
  const kind = stepLimitKind(item, step);
  if (!kind) return undefined;
  const limit = org.stepLimit(kind);
  const rule = step.rule?.startsWith('§') ? step.rule.split('、')[0]! : limit.rule;
  const d = workingDaysFrom(cal, rule, from, limit.amount);
  const fields = item.fields as { start?: DateStr; deadline?: Deadline; date?: DateStr };
  if (kind === 'leaveApproval' && fields.start) return capDeadline(cal, { ...d, before: fields.start });
  // A meeting's notice is answered before the meeting (§42 及时请假).
  if (kind === 'meetingReply' && fields.date) return capDeadline(cal, { ...d, before: fields.date });
  if (kind === 'extensionDecision' && fields.deadline)
    return capDeadline(cal, { ...d, notAfter: fields.deadline.due });
  return d;
}
