import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  advanceNoticeDays,
  calendarDaysCountingIssueDay,
  daysLeft,
  fixedDate,
  isDueToday,
  isLateFiling,
  isOverdue,
  latestFilingDate,
  oneMonthResult,
  workdaysOverdue,
  workingDaysFrom,
  yearEnd,
} from '../../src/domain/deadline.ts';
import { RULE_LIMITS } from '../../src/domain/rule-limits.ts';

const cal = createCalendar();

describe('working-day deadlines', () => {
  it.each([
    ['§50 consultation reply', RULE_LIMITS.consultationReply, '2026-09-30', '2026-10-09'],
    ['§41 legality review of draft minutes', RULE_LIMITS.minutesLegalityReview, '2026-09-30', '2026-10-08'],
    ['§38 standing meeting minutes', RULE_LIMITS.standingMeetingMinutes, '2026-09-28', '2026-10-10'],
    ['§40 business meeting minutes', RULE_LIMITS.businessMeetingMinutes, '2026-11-26', '2026-12-01'],
    ['§46 city meeting report', RULE_LIMITS.cityMeetingReport, '2026-11-27', '2026-12-01'],
    ['§56 funds payment', RULE_LIMITS.fundsPayment, '2026-02-12', '2026-02-26'], // 2-13, 2-14 (make-up), 2-24…2-26
  ])('%s', (_name, limit, from, due) => {
    expect(workingDaysFrom(cal, limit.rule, from, limit.amount)).toEqual({
      rule: limit.rule,
      unit: 'working_days',
      amount: limit.amount,
      from,
      due,
      warnings: [],
    });
  });

  it('a deadline in a provisional year says so (暂按法定节假日推算)', () => {
    const d = workingDaysFrom(cal, '§50', '2026-12-31', 2);
    expect(d.due).toBe('2027-01-05'); // 01-01 元旦 is off in the provisional 2027
    expect(d.provisional).toBe(true);
    expect(d.warnings).toEqual(['2027年调休安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新']);
    expect(workingDaysFrom(cal, '§50', '2026-11-26', 2).provisional).toBeUndefined();
  });
});

describe('§58 “710”', () => {
  it.each([
    ['2026-09-29', '2026-10-05'], // issue day is day 1; the 30-day month example in RULES.md
    ['2026-11-26', '2026-12-02'],
    ['2026-12-28', '2027-01-03'],
  ])('ordinary item issued %s is due %s', (from, due) => {
    const { rule, amount } = RULE_LIMITS.ordinaryInstruction;
    expect(calendarDaysCountingIssueDay(rule, from, amount)).toEqual({
      rule: '§58',
      unit: 'calendar_days',
      amount: 7,
      from,
      due,
      warnings: [],
    });
  });

  it.each([
    ['2026-03-10', '2026-04-09'],
    ['2026-01-31', '2026-02-28'],
    ['2026-01-30', '2026-02-28'],
    ['2026-01-29', '2026-02-28'],
    ['2026-01-28', '2026-02-27'],
    ['2028-01-30', '2028-02-29'],
    ['2026-03-31', '2026-04-30'],
    ['2026-01-01', '2026-01-31'],
    ['2026-12-15', '2027-01-14'],
  ])('complex item issued %s is due %s', (from, due) => {
    expect(oneMonthResult('§58', from)).toMatchObject({ unit: 'month', amount: 1, from, due });
  });

  it('year-start items are cleared by 31 December', () => {
    expect(yearEnd('§58', '2026-02-10')).toMatchObject({ unit: 'year_end', due: '2026-12-31' });
  });

  it('an urgent item carries its own date', () => {
    expect(fixedDate('§58', '2026-11-26', '2026-11-28')).toEqual({
      rule: '§58',
      unit: 'fixed',
      from: '2026-11-26',
      due: '2026-11-28',
      warnings: [],
    });
    expect(fixedDate('§58', '2026-11-26', '2026-11-20').warnings).toHaveLength(1);
  });
});

describe('status', () => {
  const due = workingDaysFrom(cal, '§50', '2026-09-30', 2); // due 2026-10-09 (Fri)
  it.each([
    ['2026-10-08', 1, false, false, 0],
    ['2026-10-09', 0, true, false, 0],
    ['2026-10-10', -1, false, true, 1], // Saturday make-up day: one working day overdue
    ['2026-10-11', -2, false, true, 1], // Sunday
    ['2026-10-12', -3, false, true, 2],
  ])('on %s', (today, left, dueToday, overdue, workdays) => {
    expect(daysLeft(due, today)).toBe(left);
    expect(isDueToday(due, today)).toBe(dueToday);
    expect(isOverdue(due, today)).toBe(overdue);
    expect(workdaysOverdue(cal, due, today)).toBe(workdays);
  });
});

describe('§71 absence filing: 3 days ahead, departure day not counted', () => {
  it.each([
    ['2026-11-27', '2026-11-30', 3, false],
    ['2026-11-26', '2026-11-30', 4, false],
    ['2026-11-28', '2026-11-30', 2, true],
    ['2026-11-30', '2026-11-30', 0, true],
  ])('filed %s for %s: %i days, late=%s', (filed, departure, days, late) => {
    expect(advanceNoticeDays(filed, departure)).toBe(days);
    expect(isLateFiling(filed, departure)).toBe(late);
  });

  it('the last on-time filing day', () => {
    expect(latestFilingDate('2026-11-30')).toBe('2026-11-27');
  });
});
