import { approveStep, countersignStep, dueOf } from '../engine/steps.ts';
import type { Step } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { TOPIC_STEP, type TopicFields } from './types.ts';

/** The main heads of the affected units, each once (a person heading two units answers once). */
export function consultedParties(
  org: OrgIndex,
  f: Pick<TopicFields, 'affected'>,
  submitter: string,
): string[] {
  const heads = f.affected.map((id) => org.department(id)?.mainHead).filter((p): p is string => !!p);
  return [...new Set(heads)].filter((p) => p !== submitter);
}

/** §25: the justice bureau reviews legality when legal questions are raised, and always for a major decision. */
export const needsLegalityReview = (f: Pick<TopicFields, 'legal' | 'major'>): boolean => f.legal || f.major;

function legality(org: OrgIndex, f: TopicFields): Step[] {
  if (!needsLegalityReview(f)) return [];
  const justice = org.departmentByFunction('justice');
  return [
    approveStep(TOPIC_STEP.legality, '司法局合法性审查', justice.mainHead, f.major ? '§25' : '§25、§41'),
  ];
}

/**
 * A topic's route by meeting kind (RULES.md Workflow 2):
 * - standing (§38): affected units' consultation (§50) → legality review (§25) → supervising vice head
 *   审定 → office director approves → the head decides the meeting date;
 * - head's office meeting (§39): legality review (§41) → supervising vice head → the head decides;
 * - business meeting (§40): legality review (§41) → the chairing vice head decides;
 * - plenary (§37): the leaders are consulted → legality review (§25) → office director → the head decides.
 * A reviewer who is also the submitter is not asked to approve their own topic.
 */
export function topicSteps(org: OrgIndex, f: TopicFields, submitter: string): Step[] {
  const head = org.head().id;
  const vice = org.supervisingViceHead(f.unit).id;
  const director = org.officeDirector().id;
  const viceStep = (rule: string, title: string) =>
    vice === submitter ? [] : [approveStep(TOPIC_STEP.vice, title, vice, rule)];
  switch (f.meeting) {
    case 'standing': {
      const parties = consultedParties(org, f, submitter);
      const consult: Step[] = parties.length
        ? [
            countersignStep(TOPIC_STEP.consult, '涉及单位会签意见', parties, '§38、§50', {
              due: dueOf(RULE_LIMITS.consultationReply),
              silence: 'no_objection',
              // §24, §50: a disagreement that stands goes to the supervising vice head to coordinate.
              escalate: { title: '分管副区长协调分歧', party: vice, rule: '§24、§50' },
            }),
          ]
        : [];
      return [
        ...consult,
        ...legality(org, f),
        ...viceStep('§38', '分管副区长审定'),
        approveStep(TOPIC_STEP.office, '政府办主任审批', director, '§38'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§38'),
      ];
    }
    case 'head_office':
      return [
        ...legality(org, f),
        ...viceStep('§39', '分管副区长审核'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§39'),
      ];
    case 'business':
      return [
        ...legality(org, f),
        approveStep(TOPIC_STEP.decide, '主持副区长确定上会', f.chair ?? vice, '§40'),
      ];
    case 'plenary': {
      // §37: the office collects plenary topics after asking the district leaders; the rules set no
      // reply limit for leaders, so the §50 two working days apply, silence counting as no objection.
      const leaders = org
        .leaders()
        .map((p) => p.id)
        .filter((p) => p !== head && p !== submitter);
      return [
        countersignStep(TOPIC_STEP.consult, '征求区政府领导意见', leaders, '§37、§50', {
          due: dueOf(RULE_LIMITS.consultationReply),
          silence: 'no_objection',
        }),
        ...legality(org, f),
        approveStep(TOPIC_STEP.office, '政府办主任审批', director, '§37'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§37'),
      ];
    }
  }
}
