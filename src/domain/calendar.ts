/**
 * 工作日 follow the State Council's holiday arrangement for the year, make-up days included; a year
 * without a published arrangement falls back to Monday–Friday *with a warning* (RULES.md "Working days").
 */
import cd from 'chinese-days'; // default import: named imports crash under plain node (libraries.md §1.3)
import { addDays, type DateStr, dateParts, dayOfWeek, isValidDate, toDateStr } from './time.ts';

export type CalendarOverrides = {
  /** date → name, e.g. '2027-10-01': '国庆节'. */
  holidays?: Record<DateStr, string>;
  /** make-up working days (调休上班), date → name. */
  workdays?: Record<DateStr, string>;
  /** Years whose whole arrangement the overrides describe (so no fallback warning for them). */
  years?: number[];
};

export type DayInfo = {
  date: DateStr;
  workday: boolean;
  name?: string;
  /** The year has an official arrangement (from chinese-days or the overrides). */
  known: boolean;
};

export type Calendar = {
  isWorkday(d: DateStr): boolean;
  dayInfo(d: DateStr): DayInfo;
  hasData(year: number): boolean;
  /** The n-th working day after `from` (`from` itself not counted); n < 0 walks back. */
  addWorkdays(from: DateStr, n: number): { date: DateStr; warnings: string[] };
  nextWorkday(d: DateStr, includeSelf?: boolean): DateStr;
  /** Working days after `a` up to and including `b` (negative when b < a). */
  workdaysBetween(a: DateStr, b: DateStr): number;
  firstWorkdayOfMonth(year: number, month: number): DateStr;
};

// Longer than any run of days off the State Council has ever set; stops a broken override file looping forever.
const MAX_WALK_DAYS = 400;

export const missingYearWarning = (year: number): string =>
  `${year}年节假日安排尚未收录，按周一至周五计算，请以国务院通知为准`;

/** chinese-days names look like 'National Day,国庆节,3'; keep the Chinese part. */
const chineseName = (raw: string): string => raw.split(',')[1] ?? raw;

export function createCalendar(overrides: CalendarOverrides = {}): Calendar {
  const holidays = overrides.holidays ?? {};
  const workdays = overrides.workdays ?? {};
  const listedYears = new Set(overrides.years ?? []);
  const yearCache = new Map<number, boolean>();
  const dayCache = new Map<DateStr, DayInfo>();

  const libraryHasYear = (year: number): boolean =>
    cd.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;

  function hasData(year: number): boolean {
    let known = yearCache.get(year);
    if (known === undefined) {
      known = listedYears.has(year) || libraryHasYear(year);
      yearCache.set(year, known);
    }
    return known;
  }

  function lookup(d: DateStr): DayInfo {
    if (!isValidDate(d)) throw new RangeError(`not a valid date: ${JSON.stringify(d)}`);
    const known = hasData(dateParts(d).year);
    const holiday = holidays[d];
    if (holiday !== undefined) return { date: d, workday: false, name: holiday, known };
    const makeUp = workdays[d];
    if (makeUp !== undefined) return { date: d, workday: true, name: makeUp, known };
    const weekday = dayOfWeek(d);
    const weekend = weekday === 0 || weekday === 6;
    if (!known) return { date: d, workday: !weekend, known };
    const detail = cd.getDayDetail(d);
    // chinese-days re-formats the date in the process zone; west of UTC it answers for the previous day.
    if (detail.date !== d) {
      throw new Error(`chinese-days answered ${detail.date} for ${d}: run the process with TZ=Asia/Shanghai`);
    }
    const info: DayInfo = { date: d, workday: detail.work, known };
    // Only holidays and make-up days carry a festival name; ordinary days are named 'Thursday' etc.
    if (detail.name.includes(',')) {
      info.name = detail.work ? `${chineseName(detail.name)}调休上班` : chineseName(detail.name);
    }
    return info;
  }

  function dayInfo(d: DateStr): DayInfo {
    let info = dayCache.get(d);
    if (!info) {
      info = lookup(d);
      dayCache.set(d, info);
    }
    return { ...info };
  }

  const isWorkday = (d: DateStr): boolean => dayInfo(d).workday;

  function addWorkdays(from: DateStr, n: number): { date: DateStr; warnings: string[] } {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    const step = n < 0 ? -1 : 1;
    const unknownYears = new Set<number>();
    let date = from;
    let left = Math.abs(n);
    let sinceWorkday = 0;
    while (left > 0) {
      date = addDays(date, step);
      const info = dayInfo(date);
      if (!info.known) unknownYears.add(dateParts(date).year);
      if (info.workday) {
        left--;
        sinceWorkday = 0;
      } else if (++sinceWorkday > MAX_WALK_DAYS) {
        throw new Error(`no working day within ${MAX_WALK_DAYS} days of ${date}`);
      }
    }
    return { date, warnings: [...unknownYears].sort().map(missingYearWarning) };
  }

  function nextWorkday(d: DateStr, includeSelf = false): DateStr {
    let date = includeSelf ? d : addDays(d, 1);
    for (let i = 0; !isWorkday(date); i++) {
      if (i > MAX_WALK_DAYS) throw new Error(`no working day within ${MAX_WALK_DAYS} days of ${d}`);
      date = addDays(date, 1);
    }
    return date;
  }

  function workdaysBetween(a: DateStr, b: DateStr): number {
    if (b < a) return -workdaysBetween(b, a);
    let count = 0;
    for (let date = addDays(a, 1); date <= b; date = addDays(date, 1)) if (isWorkday(date)) count++;
    return count;
  }

  const firstWorkdayOfMonth = (year: number, month: number): DateStr =>
    nextWorkday(toDateStr(year, month, 1), true);

  return { isWorkday, dayInfo, hasData, addWorkdays, nextWorkday, workdaysBetween, firstWorkdayOfMonth };
}
