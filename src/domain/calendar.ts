/**
 * 工作日 follow the State Council's holiday arrangement for the year, make-up days included (RULES.md
 * "Working days"). A year without a published arrangement is *provisional*: its statutory holidays are
 * computed from 《全国年节及纪念日放假办法》 (statutory-holidays.ts), its make-up days are unknown, and every
 * deadline that depends on it says so. Only beyond the years that can be computed does the calendar fall
 * back to Monday–Friday, with a warning.
 */
import cd from 'chinese-days'; // default import: named imports crash under plain node (libraries.md §1.3)
import { canComputeStatutory, statutoryHolidays } from './statutory-holidays.ts';
import { addDays, type DateStr, dateParts, dayOfWeek, isValidDate, toDateStr } from './time.ts';

export type CalendarOverrides = {
  /** date → name, e.g. '2027-10-01': '国庆节'. */
  holidays?: Record<DateStr, string>;
  /** make-up working days (调休上班), date → name. */
  workdays?: Record<DateStr, string>;
  /** Years whose whole arrangement the overrides describe: official. */
  years?: number[];
  /**
   * Years to count as not yet published although chinese-days has them — to set a computed year beside
   * the published one (the 2026-as-provisional comparison in the tests).
   */
  unpublished?: number[];
};

/**
 * How a year's working days are known: `official` — the State Council's arrangement (chinese-days or the
 * overrides file); `provisional` — statutory holidays computed, make-up days unknown; `none` — nothing
 * known, Monday–Friday.
 */
export type YearStatus = 'official' | 'provisional' | 'none';

export type DayInfo = {
  date: DateStr;
  workday: boolean;
  name?: string;
  status: YearStatus;
};

export type Calendar = {
  isWorkday(d: DateStr): boolean;
  dayInfo(d: DateStr): DayInfo;
  /** The year has an official arrangement. */
  hasData(year: number): boolean;
  yearStatus(year: number): YearStatus;
  /** Bumped each time the calendar is replaced (the overrides file changed): deadlines are recomputed. */
  revision(): number;
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

/** What a card says of a deadline in a provisional year (the wording the issue asked for). */
export const PROVISIONAL_NOTE = '暂按法定节假日推算，调休安排公布后自动更新';

export const provisionalYearWarning = (year: number): string =>
  `${year}年调休安排尚未公布，${PROVISIONAL_NOTE}`;

export const yearWarning = (year: number, status: YearStatus): string | undefined =>
  status === 'provisional'
    ? provisionalYearWarning(year)
    : status === 'none'
      ? missingYearWarning(year)
      : undefined;

/** chinese-days names look like 'National Day,国庆节,3'; keep the Chinese part. */
const chineseName = (raw: string): string => raw.split(',')[1] ?? raw;

export function createCalendar(overrides: CalendarOverrides = {}): Calendar {
  const holidays = overrides.holidays ?? {};
  const workdays = overrides.workdays ?? {};
  const listedYears = new Set(overrides.years ?? []);
  const unpublished = new Set(overrides.unpublished ?? []);
  const yearCache = new Map<number, YearStatus>();
  const statutoryCache = new Map<number, Record<DateStr, string>>();
  const dayCache = new Map<DateStr, DayInfo>();

  const libraryHasYear = (year: number): boolean =>
    cd.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;

  function yearStatus(year: number): YearStatus {
    let status = yearCache.get(year);
    if (status === undefined) {
      status =
        listedYears.has(year) || (!unpublished.has(year) && libraryHasYear(year))
          ? 'official'
          : canComputeStatutory(year)
            ? 'provisional'
            : 'none';
      yearCache.set(year, status);
    }
    return status;
  }

  function statutory(year: number): Record<DateStr, string> {
    let days = statutoryCache.get(year);
    if (!days) {
      days = statutoryHolidays(year);
      statutoryCache.set(year, days);
    }
    return days;
  }

  function lookup(d: DateStr): DayInfo {
    if (!isValidDate(d)) throw new RangeError(`not a valid date: ${JSON.stringify(d)}`);
    const year = dateParts(d).year;
    const status = yearStatus(year);
    const holiday = holidays[d];
    if (holiday !== undefined) return { date: d, workday: false, name: holiday, status };
    const makeUp = workdays[d];
    if (makeUp !== undefined) return { date: d, workday: true, name: makeUp, status };
    const weekday = dayOfWeek(d);
    const weekend = weekday === 0 || weekday === 6;
    if (status === 'provisional') {
      const name = statutory(year)[d];
      return name !== undefined
        ? { date: d, workday: false, name, status }
        : { date: d, workday: !weekend, status };
    }
    if (status === 'none') return { date: d, workday: !weekend, status };
    const detail = cd.getDayDetail(d);
    // chinese-days re-formats the date in the process zone; west of UTC it answers for the previous day.
    if (detail.date !== d) {
      throw new Error(`chinese-days answered ${detail.date} for ${d}: run the process with TZ=Asia/Shanghai`);
    }
    const info: DayInfo = { date: d, workday: detail.work, status };
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
    const unknownYears = new Map<number, YearStatus>();
    let date = from;
    let left = Math.abs(n);
    let sinceWorkday = 0;
    while (left > 0) {
      date = addDays(date, step);
      const info = dayInfo(date);
      if (info.status !== 'official') unknownYears.set(dateParts(date).year, info.status);
      if (info.workday) {
        left--;
        sinceWorkday = 0;
      } else if (++sinceWorkday > MAX_WALK_DAYS) {
        throw new Error(`no working day within ${MAX_WALK_DAYS} days of ${date}`);
      }
    }
    const warnings = [...unknownYears]
      .sort(([a], [b]) => a - b)
      .map(([year, status]) => yearWarning(year, status)!);
    return { date, warnings };
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

  return {
    isWorkday,
    dayInfo,
    hasData: (year) => yearStatus(year) === 'official',
    yearStatus,
    revision: () => 0,
    addWorkdays,
    nextWorkday,
    workdaysBetween,
    firstWorkdayOfMonth,
  };
}

/**
 * A calendar whose data can be replaced while the bot runs (the operator adds the year's arrangement to the
 * overrides file): every part of the bot holds this one object, so all see the new data at once.
 */
export type LiveCalendar = Calendar & { replace(next: Calendar): void };

export function createLiveCalendar(initial: Calendar): LiveCalendar {
  let current = initial;
  let rev = 0;
  return {
    isWorkday: (d) => current.isWorkday(d),
    dayInfo: (d) => current.dayInfo(d),
    hasData: (y) => current.hasData(y),
    yearStatus: (y) => current.yearStatus(y),
    revision: () => rev,
    addWorkdays: (from, n) => current.addWorkdays(from, n),
    nextWorkday: (d, self) => current.nextWorkday(d, self),
    workdaysBetween: (a, b) => current.workdaysBetween(a, b),
    firstWorkdayOfMonth: (y, m) => current.firstWorkdayOfMonth(y, m),
    replace(next) {
      current = next;
      rev++;
    },
  };
}

/** The status of this year and the next, and what to warn about (start-up log, /healthz, the digest). */
export function calendarOutlook(
  cal: Calendar,
  today: DateStr,
): { years: Record<number, YearStatus>; warnings: string[] } {
  const year = dateParts(today).year;
  const years: Record<number, YearStatus> = {};
  const warnings: string[] = [];
  for (const y of [year, year + 1]) {
    years[y] = cal.yearStatus(y);
    const w = yearWarning(y, years[y]!);
    if (w) warnings.push(w);
  }
  return { years, warnings };
}
