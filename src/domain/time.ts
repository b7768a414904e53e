/** Calendar dates and Beijing wall-clock time. Every date in the rules is a Beijing date (RULES.md "Working days"). */

/** A calendar date written 'YYYY-MM-DD', always a date in Asia/Shanghai. */
export type DateStr = string;

const DAY_MS = 86_400_000;
// China has kept UTC+8 without daylight saving since 1991, so plain arithmetic is exact and
// independent of the process TZ (chinese-days and chrono read the process zone; we must not).
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS_CN = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function isDateStr(value: unknown): value is DateStr {
  return typeof value === 'string' && DATE_RE.test(value);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Well-formed and a real day: rejects '2026-02-30' and '2026-13-01'. */
export function isValidDate(d: unknown): d is DateStr {
  if (typeof d !== 'string') return false;
  const m = DATE_RE.exec(d);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function toDateStr(year: number, month: number, day: number): DateStr {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function dateParts(d: DateStr): { year: number; month: number; day: number } {
  if (!isValidDate(d)) throw new RangeError(`not a valid date: ${JSON.stringify(d)}`);
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

const utcMs = (d: DateStr): number => {
  const { year, month, day } = dateParts(d);
  return Date.UTC(year, month - 1, day);
};

const fromUtcMs = (ms: number): DateStr => {
  const t = new Date(ms);
  return toDateStr(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};

export function beijingDate(instant: Date): DateStr {
  return fromUtcMs(instant.getTime() + BEIJING_OFFSET_MS);
}

/** 'HH:mm' on the Beijing wall clock. */
export function beijingTime(instant: Date): string {
  const t = new Date(instant.getTime() + BEIJING_OFFSET_MS);
  return `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}`;
}

/** The instant at which the Beijing wall clock shows `d` `hhmm`. */
export function beijingInstant(d: DateStr, hhmm = '00:00'): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new RangeError(`not a time: ${JSON.stringify(hhmm)}`);
  return new Date(utcMs(d) + (Number(m[1]) * 60 + Number(m[2])) * 60_000 - BEIJING_OFFSET_MS);
}

export function addDays(d: DateStr, n: number): DateStr {
  return fromUtcMs(utcMs(d) + n * DAY_MS);
}

/** b − a in whole days. */
export function diffDays(a: DateStr, b: DateStr): number {
  return Math.round((utcMs(b) - utcMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: DateStr): number {
  return new Date(utcMs(d)).getUTCDay();
}

/** '12月1日'; '2027年1月5日' when `ref` is given and falls in another year. */
export function formatCn(d: DateStr, ref?: DateStr): string {
  const { year, month, day } = dateParts(d);
  const md = `${month}月${day}日`;
  return ref !== undefined && dateParts(ref).year !== year ? `${year}年${md}` : md;
}

export function weekdayCn(d: DateStr): string {
  return WEEKDAYS_CN[dayOfWeek(d)]!;
}
