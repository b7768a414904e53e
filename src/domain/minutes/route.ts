import type { Calendar } from '../calendar.ts';
import { type Deadline, workingDaysFrom } from '../deadline.ts';
import { dueOf, waitingStep } from '../engine/steps.ts';
import type { Step } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { decidesMajor, MINUTES_STEP, type MinutesFields, totalFunds } from './types.ts';
import type { ValidMinutes } from './validate.ts';

type Limit = { rule: string; unit: 'working_days'; amount: number };

/**
 * The minutes' issue limit, counted in working days from the meeting day (RULES.md, minutes table).
 * Plenary minutes have no limit in the rules; they follow the standing meeting's (§38).
 */
export function issueLimit(f: Pick<ValidMinutes, 'meeting' | 'consulted'>): Limit {
  switch (f.meeting) {
    case 'standing':
    case 'plenary':
      return RULE_LIMITS.standingMeetingMinutes;
    case 'head_office':
      return RULE_LIMITS.headsOfficeMeetingMinutes;
    case 'business':
      return f.consulted.length > 0
        ? RULE_LIMITS.businessMeetingMinutesConsulted
        : RULE_LIMITS.businessMeetingMinutes;
  }
}

export function issueDeadline(
  cal: Calendar,
  f: Pick<ValidMinutes, 'meeting' | 'consulted' | 'heldOn'>,
): Deadline {
  const l = issueLimit(f);
  return workingDaysFrom(cal, l.rule, f.heldOn, l.amount);
}

/** Who drafts: the one who recorded the meeting when they belong to the drafting unit, else its main head. */
export function drafterPerson(org: OrgIndex, f: Pick<ValidMinutes, 'drafter'>, recorder: string): string {
  const d = org.department(f.drafter)!;
  const member = d.mainHead === recorder || d.deputies.includes(recorder) || d.staff.includes(recorder);
  return member ? recorder : d.mainHead;
}

/**
 * The minutes route (RULES.md, "After the meeting"), each step an engine step:
 * - standing / plenary (§38): the office drafts → vice heads and the executive vice head review → the head signs;
 * - head's office (§39): the requesting unit drafts → [justice bureau, §41] → the office checks → the vice head
 *   reviews → the head signs;
 * - business (§40): the responsible unit drafts → [departments reply in 1 working day] → [justice bureau, §41]
 *   → the chairing vice head signs;
 * then, when funds were approved, the finance bureau pays within 5 working days of signing (§56).
 * Steps without a limit of their own carry the minutes' issue deadline, so the drafter is nagged against it.
 */
export function minutesSteps(org: OrgIndex, f: MinutesFields, recorder: string): Step[] {
  const rule = f.issueBy.rule;
  const head = org.head().id;
  const drafter = drafterPerson(org, f, recorder);
  const justice = org.departmentByFunction('justice').mainHead;
  // §41 “针对会议纪要起草稿在会议结束后1个工作日内提出合法性审核意见”: counted from the meeting, not
  // from the day the draft reaches the bureau (withMinutesDeadlines sets it from `legalityBy`).
  const legality = f.legal
    ? [waitingStep(MINUTES_STEP.legality, 'approve', '司法局合法性审核', [justice], '§41')]
    : [];
  const draft = waitingStep(MINUTES_STEP.draft, 'acknowledge', '起草会议纪要', [drafter], rule);
  let route: Step[];
  switch (f.meeting) {
    case 'standing':
    case 'plenary': {
      // §38 “经副区长、常务副区长审阅后报区长签发”: the vice heads read it, then the executive vice head,
      // then the head signs. Nobody reads a record they made themself (a vice head who recorded it).
      const exec = org.executiveViceHead().id;
      const vices = org
        .viceHeads()
        .map((p) => p.id)
        .filter((p) => p !== recorder && p !== exec);
      route = [
        draft,
        ...(vices.length ? [waitingStep(MINUTES_STEP.review, 'countersign', '副区长审阅', vices, rule)] : []),
        ...(exec !== recorder
          ? [waitingStep(MINUTES_STEP.exec, 'approve', '常务副区长审阅', [exec], rule)]
          : []),
        waitingStep(MINUTES_STEP.sign, 'approve', '区长签发', [head], rule),
      ];
      break;
    }
    case 'head_office':
      route = [
        draft,
        ...legality,
        waitingStep(MINUTES_STEP.office, 'approve', '区政府办公室审核', [org.officeDirector().id], rule),
        waitingStep(
          MINUTES_STEP.review,
          'approve',
          '分管副区长审阅',
          [org.supervisingViceHead(f.drafter).id],
          rule,
        ),
        waitingStep(MINUTES_STEP.sign, 'approve', '区长签发', [head], rule),
      ];
      break;
    case 'business': {
      const parties = [
        ...new Set(f.consulted.map((id) => org.department(id)?.mainHead).filter((p): p is string => !!p)),
      ].filter((p) => p !== drafter);
      const consult = parties.length
        ? [
            waitingStep(MINUTES_STEP.consult, 'countersign', '相关部门回复意见', parties, '§40', {
              due: dueOf(RULE_LIMITS.businessMinutesConsultationReply),
              // §50: no reply by the limit counts as no objection.
              silence: 'no_objection',
            }),
          ]
        : [];
      route = [
        draft,
        ...consult,
        ...legality,
        waitingStep(
          MINUTES_STEP.sign,
          'approve',
          '副区长签发',
          [f.chair ?? org.supervisingViceHead(f.drafter).id],
          rule,
        ),
      ];
      break;
    }
  }
  if (decidesMajor(f)) {
    // §65: a major decision is reported to the district Party committee before it is issued; the
    // government office does it for the district government (its director owes the step).
    route.push(
      waitingStep(
        MINUTES_STEP.party,
        'acknowledge',
        '重大决策报区委请示报告',
        [org.officeDirector().id],
        '§65',
        {
          due: dueOf(org.stepLimit('partyReport')),
        },
      ),
    );
  }
  if (totalFunds(f) > 0) {
    const finance = org.departmentByFunction('finance').mainHead;
    route.push(
      waitingStep(MINUTES_STEP.pay, 'acknowledge', '财政局拨付资金', [finance], '§56', {
        due: dueOf(RULE_LIMITS.fundsPayment),
      }),
    );
  }
  return withMinutesDeadlines(route, f);
}

/** §41: the justice bureau's opinion is due 1 working day after the meeting ends. */
export function legalityDeadline(cal: Calendar, heldOn: MinutesFields['heldOn']): Deadline {
  const l = RULE_LIMITS.minutesLegalityReview;
  return workingDaysFrom(cal, l.rule, heldOn, l.amount);
}

/**
 * Steps with no limit of their own are due when the minutes are; the §41 review when `legalityBy` says
 * (the engine sets the others at activation).
 */
export function withMinutesDeadlines(
  steps: Step[],
  f: Pick<MinutesFields, 'issueBy' | 'legalityBy'>,
): Step[] {
  return steps.map((s) => {
    if (s.due) return s;
    if (s.id === MINUTES_STEP.legality && f.legalityBy) return { ...s, deadline: { ...f.legalityBy } };
    return { ...s, deadline: { ...f.issueBy } };
  });
}
