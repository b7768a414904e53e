import { describe, expect, it } from 'vitest';
import {
  addDays,
  beijingDate,
  beijingInstant,
  beijingTime,
  dayOfWeek,
  diffDays,
  formatCn,
  isDateStr,
  isValidDate,
  weekdayCn,
} from '../../src/domain/time.ts';

describe('beijingDate / beijingTime (UTC+8 whatever the process TZ)', () => {
  it.each([
    ['2026-11-30T15:59:59Z', '2026-11-30', '23:59'],
    ['2026-11-30T16:00:00Z', '2026-12-01', '00:00'],
    ['2026-11-30T23:59:00Z', '2026-12-01', '07:59'],
    ['2026-12-01T00:00:00Z', '2026-12-01', '08:00'],
    ['2026-12-31T16:30:00Z', '2027-01-01', '00:30'],
    ['2026-09-30T16:30:00Z', '2026-10-01', '00:30'],
  ])('%s → %s %s', (iso, date, time) => {
    expect(beijingDate(new Date(iso))).toBe(date);
    expect(beijingTime(new Date(iso))).toBe(time);
  });

  it('beijingInstant is the inverse', () => {
    expect(beijingInstant('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(beijingInstant('2026-12-01', '09:30').toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(beijingDate(beijingInstant('2027-01-01', '00:00'))).toBe('2027-01-01');
    expect(() => beijingInstant('2026-12-01', '24:00')).toThrow(RangeError);
  });
});

describe('validity', () => {
  it.each([
    ['2026-12-01', true, true],
    ['2026-02-28', true, true],
    ['2026-02-29', true, false],
    ['2028-02-29', true, true],
    ['2026-02-30', true, false],
    ['2026-13-01', true, false],
    ['2026-00-10', true, false],
    ['2026-1-5', false, false],
    ['garbage', false, false],
  ])('%s: format %s, real %s', (d, format, real) => {
    expect(isDateStr(d)).toBe(format);
    expect(isValidDate(d)).toBe(real);
  });
});

describe('arithmetic', () => {
  it.each([
    ['2026-09-29', 6, '2026-10-05'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('addDays(%s, %i) = %s', (d, n, want) => expect(addDays(d, n)).toBe(want));

  it.each([
    ['2026-11-27', '2026-11-30', 3],
    ['2026-11-30', '2026-11-27', -3],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-01-01', '2027-01-01', 365],
  ])('diffDays(%s, %s) = %i', (a, b, want) => expect(diffDays(a, b)).toBe(want));

  it.each([
    ['2026-11-26', 4, '周四'],
    ['2026-11-29', 0, '周日'],
    ['2026-11-30', 1, '周一'],
    ['2026-10-10', 6, '周六'],
  ])('%s is day %i (%s)', (d, n, cn) => {
    expect(dayOfWeek(d)).toBe(n);
    expect(weekdayCn(d)).toBe(cn);
  });
});

describe('formatCn', () => {
  it.each([
    ['2026-12-01', undefined, '12月1日'],
    ['2026-12-01', '2026-11-26', '12月1日'],
    ['2027-01-05', '2026-12-20', '2027年1月5日'],
    ['2027-01-05', undefined, '1月5日'],
  ])('%s (ref %s) → %s', (d, ref, want) => expect(formatCn(d, ref)).toBe(want));
});
