import { describe, expect, it } from 'vitest';
import { createCalendar, createLiveCalendar, yearWarning } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/time.ts';

/**
 * The working-day calendar at its edges: bad input is refused instead of counted, a year nobody has
 * published is counted Monday to Friday and said so, a run of days off longer than any arrangement stops
 * with a clear error, and the live calendar the bot shares switches to new data at once.
 */
const cal = createCalendar();

describe('the calendar refuses what it can not count', () => {
  it('an impossible date or a fractional number of working days is a RangeError, not a guess', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => cal.dayInfo('2026-13-01')).toThrow(/not a valid date: "2026-13-01"/);
    expect(() => cal.addWorkdays('2026-12-01', 1.5)).toThrow(/working days must be a whole number: 1.5/);
  });

  it('a year with no data: Monday to Friday, status "none", no holiday name', () => {
    expect(cal.dayInfo('2100-09-30')).toEqual({ date: '2100-09-30', workday: true, status: 'none' });
    expect(cal.dayInfo('2100-10-02')).toEqual({ date: '2100-10-02', workday: false, status: 'none' });
    expect(cal.hasData(2100)).toBe(false);
    expect(cal.hasData(2026)).toBe(true);
  });

  it('counting back over two unknown years warns about each once, the earlier year first', () => {
    const { warnings } = cal.addWorkdays('2101-01-03', -3);
    expect(warnings).toEqual([
      yearWarning(2100, cal.yearStatus(2100)),
      yearWarning(2101, cal.yearStatus(2101)),
    ]);
  });

  it('more than 400 days off in a row (a broken overrides file) stops the count with the reason', () => {
    const holidays: Record<string, string> = {};
    for (let i = 0, d = '2030-01-01'; i < 420; i++, d = addDays(d, 1)) holidays[d] = '错误数据';
    const broken = createCalendar({ holidays });
    expect(() => broken.addWorkdays('2029-12-31', 1)).toThrow(/no working day within 400 days/);
    expect(() => broken.nextWorkday('2029-12-31')).toThrow(/no working day within 400 days of 2029-12-31/);
    // 400 days off and then a working day: still found.
    const long: Record<string, string> = {};
    for (let i = 0, d = '2030-01-01'; i < 400; i++, d = addDays(d, 1)) long[d] = '长假';
    const firstBack = addDays('2030-01-01', 400);
    const lastWeekday = createCalendar({ holidays: long, workdays: { [firstBack]: '上班' } });
    expect(lastWeekday.nextWorkday('2029-12-31')).toBe(firstBack);
    expect(lastWeekday.addWorkdays('2029-12-31', 1).date).toBe(firstBack);
  });
});

describe('the live calendar: one object the whole bot holds', () => {
  it('answers from its current data, and a replacement is seen at once and counted as a revision', () => {
    const live = createLiveCalendar(cal);
    expect(cal.revision()).toBe(0);
    expect(live.revision()).toBe(0);
    expect(live.isWorkday('2026-12-03')).toBe(true);
    expect(live.dayInfo('2026-10-01')).toEqual(cal.dayInfo('2026-10-01'));
    expect(live.hasData(2026)).toBe(true);
    expect(live.yearStatus(2100)).toBe('none');
    expect(live.addWorkdays('2026-12-01', 2)).toEqual(cal.addWorkdays('2026-12-01', 2));
    expect(live.nextWorkday('2026-12-05')).toBe('2026-12-07');
    expect(live.nextWorkday('2026-12-07', true)).toBe('2026-12-07');
    expect(live.workdaysBetween('2026-12-01', '2026-12-08')).toBe(
      cal.workdaysBetween('2026-12-01', '2026-12-08'),
    );
    expect(live.firstWorkdayOfMonth(2026, 10)).toBe(cal.firstWorkdayOfMonth(2026, 10));

    live.replace(createCalendar({ holidays: { '2026-12-03': '更正' }, years: [2100] }));
    expect(live.revision()).toBe(1);
    expect(live.isWorkday('2026-12-03')).toBe(false);
    expect(live.yearStatus(2100)).toBe('official');
    expect(live.addWorkdays('2026-12-01', 2).date).toBe('2026-12-04');
    expect(live.nextWorkday('2026-12-03', true)).toBe('2026-12-04');
    live.replace(cal);
    expect(live.revision()).toBe(2);
  });
});
