import type { Calendar } from '../calendar.ts';
import {
  calendarDaysCountingIssueDay,
  capDeadline,
  type Deadline,
  endOnWorkday,
  fixedDate,
  monthsCountingStartDay,
  oneMonthResult,
  workingDaysFrom,
  yearEnd,
} from '../deadline.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { addDays, type DateStr, diffDays } from '../time.ts';
import type { InstructionClass } from './types.ts';

export { monthsCountingStartDay };

/**
 * §58 “710”, counted from the issue day as day 1 (起始时间从部署当日算起), in calendar days: ordinary
 * 7 days, complex 1 month, year-long by 31 December; an urgent item carries its own date (以督查通知为准).
 * A last day that is not a working day moves to the next one (《民法典》第二百零三条).
 */
export function instructionDeadline(
  cal: Calendar,
  cls: InstructionClass,
  issuedOn: DateStr,
  urgentDue?: DateStr,
): Deadline {
  switch (cls) {
    case 'ordinary': {
      const l = RULE_LIMITS.ordinaryInstruction;
      return endOnWorkday(cal, calendarDaysCountingIssueDay(l.rule, issuedOn, l.amount));
    }
    case 'complex':
      return endOnWorkday(cal, oneMonthResult(RULE_LIMITS.complexInstruction.rule, issuedOn));
    case 'year_long':
      return endOnWorkday(cal, yearEnd(RULE_LIMITS.yearStartItems.rule, issuedOn));
    case 'urgent':
      if (!urgentDue) throw new RangeError('an urgent item needs its own deadline');
      return endOnWorkday(cal, fixedDate(RULE_LIMITS.ordinaryInstruction.rule, issuedOn, urgentDue));
  }
}

/** §46: the written report is due 2 working days after the city-level meeting (meeting day not counted). */
export function cityMeetingDeadline(cal: Calendar, meetingDay: DateStr): Deadline {
  const l = RULE_LIMITS.cityMeetingReport;
  return workingDaysFrom(cal, l.rule, meetingDay, l.amount);
}

/** §31 限时办结: the limit given with the suggestion or proposal, else our 3-month default (《民法典》第二百零三条 applies). */
export function proposalDeadline(cal: Calendar, assignedOn: DateStr, due?: DateStr): Deadline {
  const l = RULE_LIMITS.npcSuggestionDefault;
  const d = fixedDate(l.rule, assignedOn, due ?? monthsCountingStartDay(assignedOn, l.amount));
  return endOnWorkday(cal, due ? d : { ...d, unit: 'month', amount: l.amount });
}

/**
 * §56 签收 “立即”: by the next working day (our chosen limit, see RULE_LIMITS), and never after the item's
 * own deadline: an urgent item due today is signed for today, and is overdue from its date.
 */
export function acknowledgementDeadline(cal: Calendar, issuedOn: DateStr, itemDue?: DateStr): Deadline {
  const l = RULE_LIMITS.instructionAcknowledgement;
  const d = workingDaysFrom(cal, l.rule, issuedOn, l.amount);
  return itemDue === undefined ? d : capDeadline(cal, { ...d, notAfter: itemDue });
}

/** When progress reports are asked for, the first is due once half the time limit has passed (on a working day). */
export function progressDeadline(cal: Calendar, deadline: Deadline): Deadline {
  const l = RULE_LIMITS.instructionProgressReport;
  const span = Math.max(0, diffDays(deadline.from, deadline.due));
  const due = addDays(deadline.from, Math.floor(span * l.amount));
  return endOnWorkday(cal, { rule: l.rule, unit: 'fixed', from: deadline.from, due, warnings: [] });
}
