import { addDays, type DateStr, dateParts, daysInMonth, formatCn, toDateStr } from './time.ts';

/**
 * 日期范围 — the dates each command accepts, so that a typo (9999年, 1900年) is refused by name instead
 * of becoming a leave in 2100 or a meeting shown as overdue for a century. The rules set no such
 * windows; these are what an official would expect, each stated in the refusal.
 */
export interface DateWindow {
  /** Days before today that are still accepted (0: from today on). */
  back: number;
  /** Months after today that are still accepted (0: up to today). */
  aheadMonths: number;
  /** What the window is, as the refusal says it, e.g. 请假须在今天起12个月内. */
  rule: string;
}

export const DATE_WINDOWS = {
  leave: { back: 0, aheadMonths: 12, rule: '请假须在今天起12个月内' },
  deadline: { back: 0, aheadMonths: 12, rule: '办结时限须在今天起12个月内' },
  extension: { back: 0, aheadMonths: 12, rule: '延期日期须在今天起12个月内' },
  meetingDate: { back: 0, aheadMonths: 12, rule: '会议日期须在今天起12个月内' },
  // §46: the written report is due 2 working days after the meeting; a month covers a late filing.
  cityMeeting: { back: 30, aheadMonths: 0, rule: '市级会议须是最近30天内（含今天）召开的' },
  // §38–§40: minutes are issued within 3–5 working days; a month covers a late record.
  minutesMeeting: { back: 30, aheadMonths: 0, rule: '会议须是最近30天内（含今天）召开的' },
} as const satisfies Record<string, DateWindow>;

/** The same day `months` later (the month's last day when it has no such day). */
export function addMonths(d: DateStr, months: number): DateStr {
  const { year, month, day } = dateParts(d);
  const m0 = month - 1 + months;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  return toDateStr(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The first and last day a window accepts, as of `today`. */
export function windowOf(w: DateWindow, today: DateStr): { from: DateStr; to: DateStr } {
  return { from: addDays(today, -w.back), to: addMonths(today, w.aheadMonths) };
}

/**
 * A date outside its window, worded with what was understood: `开始日期2100年1月1日不在范围内：请假须在
 * 今天起12个月内（2026年11月26日至2027年11月26日）`; undefined when it is inside.
 */
export function outsideWindow(what: string, d: DateStr, w: DateWindow, today: DateStr): string | undefined {
  const { from, to } = windowOf(w, today);
  if (from <= d && d <= to) return undefined;
  const full = (x: DateStr) => formatCn(x, '0000-01-01');
  return `${what}${full(d)}不在范围内：${w.rule}（${full(from)}至${full(to)}）`;
}
