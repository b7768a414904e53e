import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';

const cal = createCalendar();

describe('2026 State Council arrangement (RULES.md "Working days")', () => {
  it.each([
    ['2026-09-20', true, '国庆节调休上班'], // Sunday make-up day
    ['2026-10-10', true, '国庆节调休上班'], // Saturday make-up day
    ['2026-10-01', false, '国庆节'],
    ['2026-10-04', false, '国庆节'],
    ['2026-10-07', false, '国庆节'],
    ['2026-10-08', true, undefined], // 10-08 is ordinary in 2026 (the 8-day block was 2025)
    ['2026-02-14', true, '春节调休上班'],
    ['2026-02-16', false, '春节'],
    ['2026-11-26', true, undefined],
    ['2026-11-28', false, undefined], // an ordinary Saturday
  ])('%s workday=%s', (d, workday, name) => {
    expect(cal.isWorkday(d)).toBe(workday);
    expect(cal.dayInfo(d)).toEqual({ date: d, workday, known: true, ...(name ? { name } : {}) });
  });

  it('all of 10-01…10-07 are off', () => {
    for (let day = 1; day <= 7; day++) expect(cal.isWorkday(`2026-10-0${day}`)).toBe(false);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 2, '2026-10-09'], // §50: a consultation sent on 9-30 is due 10-09
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-28', 5, '2026-10-10'],
    ['2026-09-15', 20, '2026-10-19'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-11-26', 0, '2026-11-26'],
  ])('addWorkdays(%s, %i) = %s', (from, n, want) => {
    expect(cal.addWorkdays(from, n)).toEqual({ date: want, warnings: [] });
  });

  it('nextWorkday / firstWorkdayOfMonth / workdaysBetween', () => {
    expect(cal.nextWorkday('2026-09-30')).toBe('2026-10-08');
    expect(cal.nextWorkday('2026-10-08', true)).toBe('2026-10-08');
    expect(cal.nextWorkday('2026-10-03', true)).toBe('2026-10-08');
    expect(cal.firstWorkdayOfMonth(2026, 10)).toBe('2026-10-08');
    expect(cal.firstWorkdayOfMonth(2026, 1)).toBe('2026-01-04'); // Sunday make-up day after 元旦
    expect(cal.workdaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(cal.workdaysBetween('2026-10-10', '2026-09-30')).toBe(-3);
    expect(cal.workdaysBetween('2026-11-26', '2026-11-26')).toBe(0);
    expect(cal.workdaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('rejects impossible dates', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
  });
});

describe('a year without published data falls back to Monday–Friday and says so', () => {
  const warning = '2027年节假日安排尚未收录，按周一至周五计算，请以国务院通知为准';

  it('2027 is unknown', () => {
    expect(cal.hasData(2026)).toBe(true);
    expect(cal.hasData(2027)).toBe(false);
    expect(cal.dayInfo('2027-10-01')).toEqual({ date: '2027-10-01', workday: true, known: false });
  });

  it('a deadline running into 2027 is computed Mon–Fri with a warning', () => {
    // 2026-12-30 (Wed) + 5: 12-31, [2027] 01-01 Fri, 01-04 Mon, 01-05, 01-06
    expect(cal.addWorkdays('2026-12-30', 5)).toEqual({ date: '2027-01-06', warnings: [warning] });
    expect(cal.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-01', warnings: [warning] });
  });

  it('overrides add a holiday and a make-up day; listing the year silences the warning', () => {
    const holidays = { '2027-10-01': '国庆节' };
    const workdays = { '2027-09-26': '国庆节调休上班' }; // a Sunday
    const partial = createCalendar({ holidays, workdays });
    expect(partial.isWorkday('2027-10-01')).toBe(false);
    expect(partial.isWorkday('2027-09-26')).toBe(true);
    expect(partial.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-04', warnings: [warning] });

    const full = createCalendar({ holidays, workdays, years: [2027] });
    expect(full.hasData(2027)).toBe(true);
    expect(full.dayInfo('2027-10-01')).toEqual({
      date: '2027-10-01',
      workday: false,
      name: '国庆节',
      known: true,
    });
    expect(full.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-04', warnings: [] });
    expect(full.addWorkdays('2027-09-24', 1)).toEqual({ date: '2027-09-26', warnings: [] });
  });

  it('overrides win over chinese-days in a known year', () => {
    const corrected = createCalendar({
      workdays: { '2026-10-07': '更正' },
      holidays: { '2026-10-08': '更正' },
    });
    expect(corrected.isWorkday('2026-10-07')).toBe(true);
    expect(corrected.isWorkday('2026-10-08')).toBe(false);
    expect(corrected.addWorkdays('2026-09-30', 1).date).toBe('2026-10-07');
  });
});
