/**
 * Due dates and their status. A deadline keeps its article, its unit and how it was counted, so a reminder
 * can say why it is due and the deadline can be counted again when the calendar changes (recomputeDeadline).
 */
import { type Calendar, yearWarning } from './calendar.ts';
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
  /**
   * 《民法典》第二百零三条: the period's own last day, kept when it was not a working day and `due` moved to
   * the day after the days off ended. Cards show both (10月5日为节假日，顺延至10月8日).
   */
  endsOn?: DateStr;
  /** Due no later than this day, e.g. an urgent item's 签收 no later than the item itself (§56, §58). */
  notAfter?: DateStr;
  /**
   * The step must be done before this day, e.g. a leave approval before the departure (§71): due on the
   * last working day before it, escalated on the due day, flagged on this day.
   */
  before?: DateStr;
  /** The due date rests on a year whose make-up days are not published yet (暂按法定节假日推算). */
  provisional?: true;
};

const checked = (d: DateStr): DateStr => {
  if (!isValidDate(d)) throw new RangeError(`not a valid date: ${JSON.stringify(d)}`);
  return d;
};

/** Whether a deadline counted from `from` to `due` rests on a provisional year, and the warnings to show. */
function yearsBetween(
  cal: Calendar,
  from: DateStr,
  due: DateStr,
): { provisional: boolean; warnings: string[] } {
  const warnings: string[] = [];
  let provisional = false;
  // Both dates were checked where the deadline was made; the year is the first four digits.
  const [a, b] = [Number(from.slice(0, 4)), Number(due.slice(0, 4))].sort((x, y) => x - y) as [
    number,
    number,
  ];
  for (let y = a; y <= b; y++) {
    const status = cal.yearStatus(y);
    if (status === 'provisional') provisional = true;
    const w = yearWarning(y, status);
    if (w) warnings.push(w);
  }
  return { provisional, warnings };
}

function withYears(cal: Calendar, d: Deadline): Deadline {
  const { provisional, warnings } = yearsBetween(cal, d.from, d.due);
  const out: Deadline = { ...d, warnings: [...new Set([...d.warnings, ...warnings])] };
  if (provisional) out.provisional = true;
  else delete out.provisional;
  return out;
}

/** n working days after `from`, `from` not counted (e.g. §50: 2 working days from 2026-09-30 → 2026-10-09). */
export function workingDaysFrom(cal: Calendar, rule: string, from: DateStr, n: number): Deadline {
  const { date } = cal.addWorkdays(checked(from), n);
  return withYears(cal, { rule, unit: 'working_days', amount: n, from, due: date, warnings: [] });
}

/**
 * 《民法典》第二百零三条 “期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日”: a period
 * counted in calendar days (or months, or to a set date) whose last day is not a working day ends on the
 * next working day; `endsOn` keeps the day it would have ended. Weekends count as days off, make-up
 * working days (调休上班) as working days (RULES.md "Working days").
 */
export function endOnWorkday(cal: Calendar, d: Deadline): Deadline {
  const nominal = d.endsOn ?? d.due;
  const due = cal.nextWorkday(nominal, true);
  const { endsOn: _, ...rest } = d;
  return withYears(cal, due === nominal ? { ...rest, due } : { ...rest, due, endsOn: nominal });
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

/**
 * `n` months with the start day counted, the way §58 counts one month: the day before the same date
 * n months on, or that month's last day when the date does not exist there.
 */
export function monthsCountingStartDay(from: DateStr, n: number): DateStr {
  const { year, month, day } = dateParts(checked(from));
  const idx = year * 12 + (month - 1) + n;
  const [y, m] = [Math.floor(idx / 12), (idx % 12) + 1];
  const last = daysInMonth(y, m);
  return day > last ? toDateStr(y, m, last) : addDays(toDateStr(y, m, day), -1);
}

/**
 * The caps a step's deadline may carry: `notAfter` (no later than that day) and `before` (by the last working
 * day before that day); never earlier than the day the clock started.
 */
export function capDeadline(cal: Calendar, d: Deadline): Deadline {
  let due = d.due;
  if (d.notAfter !== undefined && d.notAfter < due) due = d.notAfter;
  if (d.before !== undefined) {
    let last = addDays(d.before, -1);
    for (let i = 0; last > d.from && !cal.isWorkday(last) && i < 400; i++) last = addDays(last, -1);
    if (last < due) due = last;
  }
  if (due < d.from) due = d.from;
  if (due === d.due) return d;
  const { endsOn: _, ...rest } = d;
  return withYears(cal, { ...rest, due });
}

/**
 * The same deadline counted again on the calendar as it now stands (the overrides file changed, a
 * provisional year got its arrangement): same rule, unit, amount, start and caps.
 */
export function recomputeDeadline(cal: Calendar, d: Deadline): Deadline {
  const caps = {
    ...(d.notAfter !== undefined ? { notAfter: d.notAfter } : {}),
    ...(d.before !== undefined ? { before: d.before } : {}),
  };
  const base = (): Deadline => {
    switch (d.unit) {
      case 'working_days':
        return workingDaysFrom(cal, d.rule, d.from, d.amount ?? 0);
      case 'calendar_days':
        return endOnWorkday(cal, calendarDaysCountingIssueDay(d.rule, d.from, d.amount ?? 1));
      case 'month': {
        const nominal = monthsCountingStartDay(d.from, d.amount ?? 1);
        return endOnWorkday(cal, { ...d, due: nominal, endsOn: undefined, warnings: [] });
      }
      case 'year_end':
        return endOnWorkday(cal, yearEnd(d.rule, d.from));
      case 'fixed':
        return endOnWorkday(cal, { ...d, warnings: d.warnings.filter((w) => w === '截止日期早于起始日期') });
    }
  };
  const b = base();
  const clean: Deadline = { ...b };
  for (const k of ['endsOn', 'provisional'] as const) if (clean[k] === undefined) delete clean[k];
  return capDeadline(cal, { ...clean, ...caps });
}

/** Whether two deadlines fall due on the same day and say the same (a recount changed nothing to show). */
export const sameDeadline = (a: Deadline, b: Deadline): boolean =>
  a.due === b.due && a.endsOn === b.endsOn && a.provisional === b.provisional;

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
