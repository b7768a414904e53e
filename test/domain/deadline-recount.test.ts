import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  calendarDaysCountingIssueDay,
  capDeadline,
  endOnWorkday,
  fixedDate,
  monthsCountingStartDay,
  oneMonthResult,
  recomputeDeadline,
  sameDeadline,
  workingDaysFrom,
  yearEnd,
} from '../../src/domain/deadline.ts';
import { calendar } from '../helpers/domain.ts';

/**
 * A deadline counted again when the calendar changes (the operator corrects the overrides file): the same
 * rule, unit, start and caps on the new calendar, for every unit §58 and §62 use; and the counting rules at
 * their edges (§58 the issue day is day 1; one month to the day before the same date).
 */
// The same 2026 calendar with Thursday 12-03, Monday 12-07, Tuesday 12-08 and Thursday 12-31 made days off.
const corrected = createCalendar({
  holidays: { '2026-12-03': '更正', '2026-12-07': '更正', '2026-12-08': '更正', '2026-12-31': '更正' },
});

describe('a deadline counted again on a corrected calendar', () => {
  it('working days (§62): moves past the new day off; on the same calendar nothing changes', () => {
    const d = workingDaysFrom(calendar, '§58', '2026-12-01', 2);
    expect(d.due).toBe('2026-12-03');
    expect(recomputeDeadline(calendar, d)).toStrictEqual(d);
    expect(recomputeDeadline(corrected, d)).toMatchObject({
      rule: '§58',
      from: '2026-12-01',
      due: '2026-12-04',
    });
  });

  it('calendar days (§58, the issue day counted): the nominal day is kept as endsOn, the due day moves on', () => {
    const d = endOnWorkday(calendar, calendarDaysCountingIssueDay('§58', '2026-11-29', 7));
    expect(d).toMatchObject({ due: '2026-12-07', endsOn: '2026-12-05' });
    expect(recomputeDeadline(calendar, d)).toStrictEqual(d);
    expect(recomputeDeadline(corrected, d)).toMatchObject({ due: '2026-12-09', endsOn: '2026-12-05' });
  });

  it('one month and the year end (§58): the nominal day off moves the due day to the next working day', () => {
    const month = endOnWorkday(calendar, oneMonthResult('§58', '2026-11-08'));
    expect(month.due).toBe('2026-12-07');
    expect(recomputeDeadline(calendar, month)).toStrictEqual(month);
    expect(recomputeDeadline(corrected, month)).toMatchObject({ due: '2026-12-09', endsOn: '2026-12-07' });
    const year = endOnWorkday(calendar, yearEnd('§58', '2026-03-02'));
    expect(year.due).toBe('2026-12-31');
    expect(yearEnd('§58', '2026-03-02').warnings).toEqual([]);
    expect(recomputeDeadline(calendar, year)).toStrictEqual(year);
    const moved = recomputeDeadline(corrected, year);
    expect(moved.endsOn).toBe('2026-12-31');
    expect(moved.due > '2026-12-31').toBe(true);
  });

  it('a date set by hand keeps its "before the start" warning through a recount', () => {
    const d = endOnWorkday(calendar, fixedDate('§58', '2026-12-10', '2026-12-03'));
    expect(d.warnings).toEqual(['截止日期早于起始日期']);
    const again = recomputeDeadline(corrected, d);
    expect(again.warnings).toEqual(['截止日期早于起始日期']);
    expect(again.due).toBe('2026-12-10'); // 12-04 is moved on, but never before the start
    // Other warnings (a provisional year's) are the calendar's to say again, not carried over.
    const stale = { ...fixedDate('§58', '2026-12-01', '2026-12-10'), warnings: ['2026年调休安排尚未公布'] };
    expect(recomputeDeadline(calendar, stale).warnings).toEqual([]);
  });

  it('caps survive a recount: no later than the deadline in force, by the last working day before departure', () => {
    const notAfter = capDeadline(calendar, {
      ...workingDaysFrom(calendar, '§58', '2026-12-01', 5),
      notAfter: '2026-12-04',
    });
    expect(notAfter).toMatchObject({ due: '2026-12-04', notAfter: '2026-12-04' });
    expect(recomputeDeadline(calendar, notAfter)).toMatchObject({
      due: '2026-12-04',
      notAfter: '2026-12-04',
    });
    expect(recomputeDeadline(calendar, notAfter).before).toBeUndefined();
    const before = capDeadline(calendar, {
      ...workingDaysFrom(calendar, '§71', '2026-12-03', 2),
      before: '2026-12-07',
    });
    expect(before).toMatchObject({ due: '2026-12-04', before: '2026-12-07' });
    expect(recomputeDeadline(calendar, before)).toMatchObject({ due: '2026-12-04', before: '2026-12-07' });
    expect(recomputeDeadline(calendar, before).notAfter).toBeUndefined();
    // A cap that does not bite leaves the deadline as it was, its nominal day included.
    const nominal = endOnWorkday(calendar, calendarDaysCountingIssueDay('§58', '2026-11-29', 7));
    expect(capDeadline(calendar, { ...nominal, notAfter: '2027-01-15' })).toMatchObject({
      due: '2026-12-07',
      endsOn: '2026-12-05',
    });
  });

  it('two deadlines are the same only when due day, nominal day and provisional mark all agree', () => {
    const d = workingDaysFrom(calendar, '§58', '2026-12-01', 2);
    expect(sameDeadline(d, { ...d })).toBe(true);
    expect(sameDeadline(d, { ...d, due: '2026-12-04' })).toBe(false);
    expect(sameDeadline(d, { ...d, endsOn: '2026-12-02' })).toBe(false);
    expect(sameDeadline(d, { ...d, provisional: true })).toBe(false);
  });
});

describe('§58 counting at its edges', () => {
  it('calendar days: the issue day is day 1; zero, negative or fractional days are refused', () => {
    expect(calendarDaysCountingIssueDay('§58', '2026-12-01', 1).due).toBe('2026-12-01');
    for (const n of [0, -1, 1.5]) {
      expect(() => calendarDaysCountingIssueDay('§58', '2026-12-01', n), String(n)).toThrow(RangeError);
    }
    expect(() => calendarDaysCountingIssueDay('§58', '2026-02-30', 1)).toThrow(/not a valid date/);
  });

  it('a date set by hand on the start day is no warning; a day before it is', () => {
    expect(fixedDate('§58', '2026-12-01', '2026-12-01').warnings).toEqual([]);
    expect(fixedDate('§58', '2026-12-01', '2026-11-30').warnings).toEqual(['截止日期早于起始日期']);
  });

  it('months from a day that is the next month’s last day: the day before it, not the last day', () => {
    expect(monthsCountingStartDay('2026-03-30', 1)).toBe('2026-04-29');
    expect(monthsCountingStartDay('2026-03-31', 1)).toBe('2026-04-30');
    expect(oneMonthResult('§58', '2026-03-30').due).toBe('2026-04-29');
    expect(oneMonthResult('§58', '2026-01-31').due).toBe('2026-02-28');
  });
});
