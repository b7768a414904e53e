/** Due dates and their status. A deadline keeps its article and unit so a reminder can say why it is due. */
import type { Calendar } from './calendar.ts';
import { RULE_LIMITS } from './rule-limits.ts';
import { addDays, type DateStr, dateParts, daysInMonth, diffDays, isValidDate, toDateStr } from './time.ts';

export type Deadline = {
  /** The article, e.g. '§50'. */
  rule: string;
  unit: 'working_days' | 'calendar_days' | 'month' | 'year_end' | 'fixed';
  amount?: number;
  /** The day the clock started (meeting day, issue day, …). */
  from: DateStr;
  due: DateStr;
  warnings: string[];
};

const checked = (d: DateStr): DateStr => {
  if (!isValidDate(d)) throw new RangeError(`not a valid date: ${JSON.stringify(d)}`);
  return d;
};

/** n working days after `from`, `from` not counted (e.g. §50: 2 working days from 2026-09-30 → 2026-10-09). */
export function workingDaysFrom(cal: Calendar, rule: string, from: DateStr, n: number): Deadline {
  const { date, warnings } = cal.addWorkdays(checked(from), n);
  return { rule, unit: 'working_days', amount: n, from, due: date, warnings };
}

/** §58 “起始时间从部署当日算起”: the issue day is day 1, so 7 days from the 29th end on the 5th. */
export function calendarDaysCountingIssueDay(rule: string, from: DateStr, n: number): Deadline {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`days must be a positive whole number: ${n}`);
  return { rule, unit: 'calendar_days', amount: n, from, due: addDays(checked(from), n - 1), warnings: [] };
}

/**
 * §58 复杂事项 1 个月内有结果, issue day counted: the day before the same date next month; when next
 * month has no such date (01-30 → February), next month's last day.
 */
export function oneMonthResult(rule: string, from: DateStr): Deadline {
  const { year, month, day } = dateParts(checked(from));
  const [nextYear, nextMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
  const last = daysInMonth(nextYear, nextMonth);
  const due =
    day > last ? toDateStr(nextYear, nextMonth, last) : addDays(toDateStr(nextYear, nextMonth, day), -1);
  return { rule, unit: 'month', amount: 1, from, due, warnings: [] };
}

/** §58 年初确定的所有事项在年底清零销号. */
export function yearEnd(rule: string, from: DateStr): Deadline {
  return { rule, unit: 'year_end', from, due: `${dateParts(checked(from)).year}-12-31`, warnings: [] };
}

/** A deadline set by hand, e.g. an urgent item's own limit (§58 “以督查通知为准”). */
export function fixedDate(rule: string, from: DateStr, due: DateStr): Deadline {
  const warnings = due < checked(from) ? ['截止日期早于起始日期'] : [];
  return { rule, unit: 'fixed', from, due: checked(due), warnings };
}

/** Calendar days until due: 0 on the due day, negative when overdue. */
export const daysLeft = (deadline: Deadline, today: DateStr): number => diffDays(today, deadline.due);

export const isDueToday = (deadline: Deadline, today: DateStr): boolean => deadline.due === today;

export const isOverdue = (deadline: Deadline, today: DateStr): boolean => checked(today) > deadline.due;

/** Working days since the due day (escalation starts one working day overdue, RULES.md "Reminders"). */
export function workdaysOverdue(cal: Calendar, deadline: Deadline, today: DateStr): number {
  return isOverdue(deadline, today) ? cal.workdaysBetween(deadline.due, today) : 0;
}

/** §71 “提前 3 天（不含出行当日）”: filing on 11-27 for a departure on 11-30 is 3 days ahead. */
export const advanceNoticeDays = (filedOn: DateStr, departure: DateStr): number =>
  diffDays(filedOn, departure);

/** §71: filed fewer than `minDays` days ahead. Late filings are accepted but marked (RULES.md Workflow 1). */
export function isLateFiling(
  filedOn: DateStr,
  departure: DateStr,
  minDays: number = RULE_LIMITS.absenceFilingNotice.amount,
): boolean {
  return advanceNoticeDays(filedOn, departure) < minDays;
}

/** §71: the last day on which a filing for `departure` is on time. */
export function latestFilingDate(
  departure: DateStr,
  minDays: number = RULE_LIMITS.absenceFilingNotice.amount,
): DateStr {
  return addDays(checked(departure), -minDays);
}
