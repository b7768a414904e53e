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
    expect(cal.dayInfo(d)).toEqual({ date: d, workday, status: 'official', ...(name ? { name } : {}) });
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

describe('a year without a published arrangement is provisional: statutory holidays, no make-up days', () => {
  const warning = '2027年调休安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新';

  it('2027 is provisional; 2100 can not be computed and falls back to Monday–Friday', () => {
    expect(cal.yearStatus(2026)).toBe('official');
    expect(cal.yearStatus(2027)).toBe('provisional');
    expect(cal.hasData(2027)).toBe(false);
    expect(cal.yearStatus(2100)).toBe('none');
    expect(cal.dayInfo('2027-10-01')).toEqual({
      date: '2027-10-01',
      workday: false,
      name: '国庆节',
      status: 'provisional',
    });
    // A Friday that no statute makes a holiday stays a working day until the arrangement says otherwise.
    expect(cal.dayInfo('2027-10-08')).toEqual({ date: '2027-10-08', workday: true, status: 'provisional' });
    expect(cal.dayInfo('2100-10-01')).toEqual({ date: '2100-10-01', workday: true, status: 'none' });
  });

  it('a deadline running into 2027 skips 元旦 and says it is provisional', () => {
    // 2026-12-30 (Wed) + 5: 12-31, [2027] 01-01 元旦, 01-04 Mon, 01-05, 01-06, 01-07
    expect(cal.addWorkdays('2026-12-30', 5)).toEqual({ date: '2027-01-07', warnings: [warning] });
    // 2027-10-01…03 国庆节 (10-02 Sat, 10-03 Sun → 补假 10-04, 10-05): 9-30 + 1 = 10-06.
    expect(cal.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-06', warnings: [warning] });
    expect(cal.addWorkdays('2100-09-30', 1).warnings).toEqual([
      '2100年节假日安排尚未收录，按周一至周五计算，请以国务院通知为准',
    ]);
  });

  it('overrides add a holiday and a make-up day; listing the year makes it official', () => {
    const holidays = { '2027-10-01': '国庆节', '2027-10-04': '国庆节' };
    const workdays = { '2027-09-26': '国庆节调休上班' }; // a Sunday
    const partial = createCalendar({ holidays, workdays });
    expect(partial.yearStatus(2027)).toBe('provisional');
    expect(partial.isWorkday('2027-09-26')).toBe(true);
    expect(partial.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-06', warnings: [warning] });

    const full = createCalendar({ holidays, workdays, years: [2027] });
    expect(full.yearStatus(2027)).toBe('official');
    expect(full.dayInfo('2027-10-01')).toEqual({
      date: '2027-10-01',
      workday: false,
      name: '国庆节',
      status: 'official',
    });
    // Official now: only what the arrangement lists is off (10-02, 10-03 a weekend; 10-05 not listed).
    expect(full.addWorkdays('2027-09-30', 1)).toEqual({ date: '2027-10-05', warnings: [] });
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
