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

/**
 * §25: the justice bureau reviews legality when legal questions are raised, always for a major decision,
 * and again for any topic whose review failed before — however the resubmission is labelled now.
 */
export const needsLegalityReview = (
  f: Pick<TopicFields, 'legal' | 'major'> & Pick<Partial<TopicFields>, 'failedReviews'>,
): boolean => f.legal || f.major || (f.failedReviews?.length ?? 0) > 0;

function legality(org: OrgIndex, f: TopicFields): Step[] {
  if (!needsLegalityReview(f)) return [];
  const justice = org.departmentByFunction('justice');
  const again = f.failedReviews?.length ? '（前次审查未通过，须重新审查）' : '';
  return [
    approveStep(
      TOPIC_STEP.legality,
      `司法局合法性审查${again}`,
      justice.mainHead,
      f.major || again ? '§25' : '§25、§41',
    ),
  ];
}

/**
 * §24, §40, §50: the affected units' main heads are consulted before any meeting takes the topic up;
 * silence by the deadline counts as no objection; a disagreement that stands is first set out by the
 * submitting unit (each side's reasons and a proposal), then coordinated by the supervising vice head.
 */
function consultation(
  org: OrgIndex,
  f: TopicFields,
  submitter: string,
  o: { title: string; rule: string; also?: string[] },
): Step[] {
  const parties = [...new Set([...(o.also ?? []), ...consultedParties(org, f, submitter)])];
  if (parties.length === 0) return [];
  const vice = org.supervisingViceHead(f.unit).id;
  return [
    countersignStep(TOPIC_STEP.consult, o.title, parties, o.rule, {
      due: dueOf(RULE_LIMITS.consultationReply),
      silence: 'no_objection',
      escalate: {
        title: '分管副区长协调分歧',
        party: vice,
        rule: '§24、§50',
        statement: { title: '主办单位列明各方理据、提出办理建议', party: submitter, rule: '§24、§50' },
      },
    }),
  ];
}

/**
 * A topic's route by meeting kind (RULES.md Workflow 2):
 * - standing (§38): affected units' consultation (§24, §50) → legality review (§25) → supervising vice head
 *   审定 → office director approves → the head decides the meeting date;
 * - head's office meeting (§39): consultation → legality review (§41) → supervising vice head → the head;
 * - business meeting (§40): consultation → legality review (§41) → a department's topic goes to its
 *   supervising vice head (§40 “报分管副区长确定”), who decides when he chairs; another chair decides after him;
 * - plenary (§37): the leaders and the affected units are consulted → legality review (§25) → office
 *   director → the head decides.
 * A reviewer who is also the submitter is not asked to approve their own topic.
 */
export function topicSteps(org: OrgIndex, f: TopicFields, submitter: string): Step[] {
  const head = org.head().id;
  const vice = org.supervisingViceHead(f.unit).id;
  const director = org.officeDirector().id;
  const viceStep = (rule: string, title: string) =>
    vice === submitter ? [] : [approveStep(TOPIC_STEP.vice, title, vice, rule)];
  switch (f.meeting) {
    case 'standing':
      return [
        ...consultation(org, f, submitter, { title: '涉及单位会签意见', rule: '§38、§50' }),
        ...legality(org, f),
        ...viceStep('§38', '分管副区长审定'),
        approveStep(TOPIC_STEP.office, '政府办主任审批', director, '§38'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§38'),
      ];
    case 'head_office':
      return [
        ...consultation(org, f, submitter, { title: '涉及单位会签意见', rule: '§24、§50' }),
        ...legality(org, f),
        ...viceStep('§39', '分管副区长审核'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§39'),
      ];
    case 'business': {
      const chair = f.chair ?? vice;
      return [
        ...consultation(org, f, submitter, { title: '涉及部门征求意见', rule: '§40、§50' }),
        ...legality(org, f),
        ...(chair !== vice ? viceStep('§40', '分管副区长审核') : []),
        approveStep(TOPIC_STEP.decide, '主持副区长确定上会', chair, '§40'),
      ];
    }
    case 'plenary': {
      // §37: the office collects plenary topics after asking the district leaders; the rules set no
      // reply limit for leaders, so the §50 two working days apply, silence counting as no objection.
      const leaders = org
        .leaders()
        .map((p) => p.id)
        .filter((p) => p !== head && p !== submitter);
      return [
        ...consultation(org, f, submitter, {
          title: f.affected.length ? '征求区政府领导和涉及单位意见' : '征求区政府领导意见',
          rule: '§37、§50',
          also: leaders,
        }),
        ...legality(org, f),
        approveStep(TOPIC_STEP.office, '政府办主任审批', director, '§37'),
        approveStep(TOPIC_STEP.decide, '区长确定上会', head, '§37'),
      ];
    }
  }
}
