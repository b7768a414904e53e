import type { Calendar } from '../calendar.ts';
import {
  calendarDaysCountingIssueDay,
  type Deadline,
  fixedDate,
  oneMonthResult,
  workingDaysFrom,
  yearEnd,
} from '../deadline.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { addDays, type DateStr, dateParts, daysInMonth, diffDays, toDateStr } from '../time.ts';
import type { InstructionClass } from './types.ts';

/**
 * §58 “710”, counted from the issue day as day 1 (起始时间从部署当日算起), in calendar days: ordinary
 * 7 days, complex 1 month, year-long by 31 December; an urgent item carries its own date (以督查通知为准).
 */
export function instructionDeadline(cls: InstructionClass, issuedOn: DateStr, urgentDue?: DateStr): Deadline {
  switch (cls) {
    case 'ordinary': {
      const l = RULE_LIMITS.ordinaryInstruction;
      return calendarDaysCountingIssueDay(l.rule, issuedOn, l.amount);
    }
    case 'complex':
      return oneMonthResult(RULE_LIMITS.complexInstruction.rule, issuedOn);
    case 'year_long':
      return yearEnd(RULE_LIMITS.yearStartItems.rule, issuedOn);
    case 'urgent':
      if (!urgentDue) throw new RangeError('an urgent item needs its own deadline');
      return fixedDate(RULE_LIMITS.ordinaryInstruction.rule, issuedOn, urgentDue);
  }
}

/** §46: the written report is due 2 working days after the city-level meeting (meeting day not counted). */
export function cityMeetingDeadline(cal: Calendar, meetingDay: DateStr): Deadline {
  const l = RULE_LIMITS.cityMeetingReport;
  return workingDaysFrom(cal, l.rule, meetingDay, l.amount);
}

/**
 * `n` months with the start day counted, the way §58 counts one month: the day before the same date
 * n months on, or that month's last day when the date does not exist there.
 */
export function monthsCountingStartDay(from: DateStr, n: number): DateStr {
  const { year, month, day } = dateParts(from);
  const idx = year * 12 + (month - 1) + n;
  const [y, m] = [Math.floor(idx / 12), (idx % 12) + 1];
  const last = daysInMonth(y, m);
  return day > last ? toDateStr(y, m, last) : addDays(toDateStr(y, m, day), -1);
}

/** §31 限时办结: the limit given with the suggestion or proposal, else our 3-month default. */
export function proposalDeadline(assignedOn: DateStr, due?: DateStr): Deadline {
  const l = RULE_LIMITS.npcSuggestionDefault;
  const d = fixedDate(l.rule, assignedOn, due ?? monthsCountingStartDay(assignedOn, l.amount));
  return due ? d : { ...d, unit: 'month', amount: l.amount };
}

/** §56 签收 “立即”: by the next working day (our chosen limit, see RULE_LIMITS). */
export function acknowledgementDeadline(cal: Calendar, issuedOn: DateStr): Deadline {
  const l = RULE_LIMITS.instructionAcknowledgement;
  return workingDaysFrom(cal, l.rule, issuedOn, l.amount);
}

/** When progress reports are asked for, the first is due once half the time limit has passed. */
export function progressDeadline(deadline: Deadline): Deadline {
  const l = RULE_LIMITS.instructionProgressReport;
  const span = Math.max(0, diffDays(deadline.from, deadline.due));
  const due = addDays(deadline.from, Math.floor(span * l.amount));
  return { rule: l.rule, unit: 'fixed', from: deadline.from, due, warnings: [] };
}
