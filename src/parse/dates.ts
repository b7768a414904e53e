/**
 * Dates as officials type them ('12月1日至12月3日', '明天', '2026/12/1') → Beijing calendar dates.
 * chrono-node (zh.hans) does the reading; the code here covers what it misses or gets wrong:
 * 'YYYY/M/D', '12月1日到3日', em-dash ranges, and silent swaps, year bumps and dropped invalid dates.
 */

import type { ParsedComponents, ParsedResult } from 'chrono-node';
import * as chrono from 'chrono-node';
import {
  beijingDate,
  type DateStr,
  dateParts,
  daysInMonth,
  diffDays,
  formatCn,
  isLeapYear,
  isValidDate,
  toDateStr,
} from '../domain/time.ts';

export type DateParseFailure = {
  ok: false;
  reason: 'no_date' | 'invalid_date' | 'end_before_start' | 'too_long';
  /** What was wrong, in Chinese, e.g. '2月没有30日'. */
  detail: string;
};

export type DateSpanResult =
  | { ok: true; start: DateStr; end: DateStr /** the text without the date part, trimmed */; rest: string }
  | DateParseFailure;

export type SingleDateResult =
  | { ok: true; date: DateStr }
  | DateParseFailure
  | { ok: false; reason: 'not_single_date'; detail: string };

type Ymd = { year?: number; month: number; day: number };
type ReadSide = { text: string; comps: ParsedComponents };
type Side = ReadSide | { dayOnly: number };

// zh.hans, not chrono.zh: the combined parser misses 后天 (libraries.md §2.1).
const parser = chrono.zh.hans;
const OPTIONS = { forwardDate: true } as const;
// A wrap into next year ('12月28日至1月3日') longer than this is a typo, not a trip.
const MAX_WRAPPED_SPAN_DAYS = 183;
/**
 * chrono's time grows faster than linearly with its input (20,000 "一" took seconds), so it only ever
 * reads the opening of a line, where the dates stand ('/请假 [类型] 日期 去向 事由'): the parse costs
 * the same however long the rest is. A date written further on is not read.
 */
export const DATE_SCAN_CHARS = 120;
/** A date field or a date word: '2026年12月1日至2026年12月31日' is 23; nothing longer is a date. */
export const DATE_FIELD_MAX = 40;

const NUM = '(\\d{1,2}|[〇零一二两三四五六七八九十]{1,3})';
const FULL_DATE_RE = /(?<!\d)(\d{4})\s*[-年]\s*(\d{1,2})\s*[-月]\s*(\d{1,2})(?!\d)/;
const MONTH_DAY_RE = new RegExp(`(?<![\\d年〇零一二两三四五六七八九十])${NUM}\\s*月\\s*${NUM}\\s*[日号]`);
const DAY_ONLY_RE = new RegExp(`^${NUM}\\s*[日号]`);
const SLASH_DATE_RE = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/g;
const TAIL_CONNECTOR_RE = /^\s*(?:至|到|~|～|—|–|－|-)\s*/;
// The hyphen comes last because it also sits inside '2026-12-01'.
const CONNECTORS = ['至', '到', '~', '～', '—', '–', '－', '-'];
const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

const fail = (reason: DateParseFailure['reason'], detail: string): DateParseFailure => ({
  ok: false,
  reason,
  detail,
});

/** '12' | '十二' | '三十一' → number (NaN when not a number). */
function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const [tens, ones, extra] = s.split('十');
  if (extra !== undefined) return Number.NaN;
  if (ones === undefined) return s.length === 1 ? (CN_DIGITS[s] ?? Number.NaN) : Number.NaN;
  const t = tens === '' ? 1 : (CN_DIGITS[tens ?? ''] ?? Number.NaN);
  const o = ones === '' ? 0 : (CN_DIGITS[ones] ?? Number.NaN);
  return t * 10 + o;
}

/** Same length as the input, so offsets found in it are offsets in the original text. */
function normalize(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[／．]/g, (c) => (c === '／' ? '/' : '.'))
    .replace(SLASH_DATE_RE, (m) => m.replace(/[/.]/g, '-')); // chrono reads 2026-12-1 but not 2026/12/1
}

/** Why a written date does not exist, or null. */
function whyInvalid({ year, month, day }: Ymd): string | null {
  if (!(month >= 1 && month <= 12)) return `没有${month}月`;
  if (month === 2 && day === 29 && year !== undefined && !isLeapYear(year)) return `${year}年2月没有29日`;
  const max = daysInMonth(year ?? 2000, month); // 2000 is a leap year: without a year, 2月29日 may exist
  return day >= 1 && day <= max ? null : `${month}月没有${day}日`;
}

/** The date as written in `s` (digits or Chinese numerals), if it is written out. */
function writtenDate(s: string): Ymd | null {
  const full = FULL_DATE_RE.exec(s);
  if (full) return { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) };
  const md = MONTH_DAY_RE.exec(s);
  return md ? { month: cnNumber(md[1]!), day: cnNumber(md[2]!) } : null;
}

/**
 * chrono drops impossible dates without a word ('2月30日' gives no result at all), so scan for written
 * dates ourselves; a year-less date gets the year forwardDate would give it (2月29日 in a common year).
 */
function findInvalidDate(text: string, today: DateStr): string | null {
  const t = dateParts(today);
  for (const m of text.matchAll(new RegExp(FULL_DATE_RE, 'g'))) {
    const why = whyInvalid({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    if (why) return why;
  }
  for (const m of text.matchAll(new RegExp(MONTH_DAY_RE, 'g'))) {
    const month = cnNumber(m[1]!);
    const day = cnNumber(m[2]!);
    const year = month * 100 + day < t.month * 100 + t.day ? t.year + 1 : t.year;
    const why = whyInvalid({ year, month, day });
    if (why) return why;
  }
  return null;
}

const hasDay = (r: ParsedResult): boolean => r.start.isCertain('day') || r.start.isCertain('weekday');

/**
 * The reference chrono gets: the Beijing date at 03:00 on the *process-local* clock, because
 * - chrono's zh words (今天/明天) count from the process-local date (libraries.md §2.2);
 * - forwardDate compares the implied noon of '11月26日' with the reference time, so at 15:00 today's date
 *   would jump to next year;
 * - zh '明天' before 02:00 means *today* in chrono (a late-night convention), not the next date.
 */
function referenceFor(today: DateStr): Date {
  const { year, month, day } = dateParts(today);
  return new Date(year, month - 1, day, 3);
}

/** `s` is exactly one date and nothing else. */
function wholeDate(s: string, ref: Date): ParsedComponents | null {
  const results = parser.parse(s, ref, OPTIONS);
  const [r] = results;
  return r && results.length === 1 && !r.end && r.index === 0 && r.text.trim() === s && hasDay(r)
    ? r.start
    : null;
}

/**
 * Re-read each side of a range chrono found: chrono silently swaps a reversed range
 * ('2026-12-05至2026-12-01' → 12-01…12-05) and pushes '12月3日至12月1日' to 2027-12-01.
 */
function splitRange(span: string, ref: Date): [ReadSide, ReadSide] | null {
  for (const sep of CONNECTORS) {
    for (let i = span.indexOf(sep); i > 0; i = span.indexOf(sep, i + 1)) {
      const left = span.slice(0, i).trim();
      const right = span.slice(i + sep.length).trim();
      const l = left && wholeDate(left, ref);
      const r = right && wholeDate(right, ref);
      if (l && r)
        return [
          { text: left, comps: l },
          { text: right, comps: r },
        ];
    }
  }
  return null;
}

const ymdOf = (c: ParsedComponents): Ymd => ({
  year: c.get('year')!,
  month: c.get('month')!,
  day: c.get('day')!,
});

/** chrono's reading, checked against what was written so a rolled-over date never slips through. */
function sideDate(side: ReadSide): DateStr | DateParseFailure {
  const got = ymdOf(side.comps);
  const written = writtenDate(side.text);
  const matches =
    !written ||
    (written.month === got.month && written.day === got.day && (written.year ?? got.year) === got.year);
  const d = toDateStr(got.year!, got.month, got.day);
  return matches && isValidDate(d) ? d : fail('invalid_date', `无法识别“${side.text}”中的日期`);
}

/** The end date; a year left out is the start's year, or the next one for a range across New Year. */
function endDate(side: Side, start: DateStr): DateStr | DateParseFailure {
  const s = dateParts(start);
  if ('dayOnly' in side) {
    const why = whyInvalid({ year: s.year, month: s.month, day: side.dayOnly });
    return why ? fail('invalid_date', why) : toDateStr(s.year, s.month, side.dayOnly);
  }
  const read = sideDate(side);
  if (typeof read !== 'string' || side.comps.isCertain('year')) return read;
  const { month, day } = dateParts(read);
  const sameYear = toDateStr(s.year, month, day);
  if (sameYear >= start || month >= s.month) return isValidDate(sameYear) ? sameYear : read;
  const nextYear = toDateStr(s.year + 1, month, day);
  return isValidDate(nextYear) && diffDays(start, nextYear) <= MAX_WRAPPED_SPAN_DAYS ? nextYear : sameYear;
}

/** The whitespace-delimited word that holds the span, for a message. */
function wordAround(text: string, from: number, to: number): string {
  const a = text.slice(0, from).search(/\S*$/);
  const b = to + (/^\S*/.exec(text.slice(to))?.[0].length ?? 0);
  return [...text.slice(a, b)].slice(0, 20).join('');
}

/**
 * A date written without a year is the nearest such day: '11月26日' typed on 11月27日 is yesterday —
 * refused as past by the command — not a year from now; '1月5日' typed in December is next January.
 */
function nearestYear(d: DateStr, today: DateStr): DateStr {
  const { month, day } = dateParts(d);
  const y = dateParts(today).year;
  const candidates = [y - 1, y, y + 1]
    .map((year) => toDateStr(year, month, day))
    .filter((c) => isValidDate(c));
  const distance = (c: DateStr) => Math.abs(diffDays(today, c));
  // Ties (never more than one day apart on a leap day) go to the future, as forward reading did.
  return candidates.reduce((best, c) => (distance(c) <= distance(best) ? c : best), candidates[0] ?? d);
}

/** The text around the date; a leading slash command ('/请假') is neither date nor detail. */
function restOf(text: string, from: number, to: number): string {
  const before = text.slice(0, from).replace(/^\s*\/\S+/, '');
  return `${before} ${text.slice(to)}`
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[，,、：:；;。]+\s*/, '')
    .replace(/\s*[，,、；;]+$/, '');
}

export function parseDateSpan(text: string, now: Date): DateSpanResult {
  const today = beijingDate(now);
  const work = normalize(text.slice(0, DATE_SCAN_CHARS));
  const invalid = findInvalidDate(work, today);
  if (invalid) return fail('invalid_date', invalid);

  const ref = referenceFor(today);
  const results = parser.parse(work, ref, OPTIONS).filter(hasDay);
  const first = results[0];
  if (!first) return fail('no_date', '没有找到日期，请写成“12月1日至12月3日”“明天”或“2026-12-01”');

  const spanStart = first.index + (first.text.length - first.text.trimStart().length);
  let spanEnd = first.index + first.text.trimEnd().length;
  let startSide: ReadSide = { text: work.slice(spanStart, spanEnd), comps: first.start };
  let endSide: Side | undefined;

  if (first.end) {
    const split = splitRange(startSide.text, ref);
    if (split) [startSide, endSide] = split;
    else endSide = { text: startSide.text, comps: first.end };
  } else {
    // chrono reads only the first date of '12月1日到3日' and splits '12月1日—12月3日' in two.
    const tail = TAIL_CONNECTOR_RE.exec(work.slice(spanEnd));
    if (tail) {
      const at = spanEnd + tail[0].length;
      const second = results.find((r) => r.index + (r.text.length - r.text.trimStart().length) === at);
      const dayOnly = DAY_ONLY_RE.exec(work.slice(at));
      if (second && !second.end) {
        endSide = { text: second.text.trim(), comps: second.start };
        spanEnd = at + second.text.trim().length;
      } else if (dayOnly) {
        endSide = { dayOnly: cnNumber(dayOnly[1]!) };
        spanEnd = at + dayOnly[0].length;
      }
    }
  }

  // A date glued to more digits or letters ('12月1.5日', '1e9月1日', '12.5月1日') is not one date.
  const before = work[spanStart - 1] ?? '';
  const after = work[spanEnd] ?? '';
  if (
    /[0-9A-Za-z.]/.test(before) ||
    (/[0-9]$/.test(work.slice(spanStart, spanEnd)) && /[0-9.]/.test(after))
  ) {
    return fail('invalid_date', `无法识别“${wordAround(work, spanStart, spanEnd)}”中的日期`);
  }

  const read = sideDate(startSide);
  if (typeof read !== 'string') return read;
  const start = startSide.comps.isCertain('year') ? read : nearestYear(read, today);
  const end = endSide ? endDate(endSide, start) : start;
  if (typeof end !== 'string') return end;
  if (end < start) {
    return fail('end_before_start', `结束日期${formatCn(end, today)}早于开始日期${formatCn(start, today)}`);
  }
  return { ok: true, start, end, rest: restOf(text, spanStart, spanEnd) };
}

// The Lark date picker sends '2026-12-01 +0800': the date is already the one picked in the user's zone.
const PICKER_RE = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s*(?:[+-]\d{2}:?\d{2}|Z))?\s*$/;

/** One date from a form field or a command argument. */
export function parseDate(text: string, now: Date): SingleDateResult {
  if (text.length > DATE_FIELD_MAX)
    return fail('too_long', `日期最多${DATE_FIELD_MAX}字，请写成“12月1日”或“2026-12-01”`);
  const picked = PICKER_RE.exec(text);
  if (picked) {
    const ymd = { year: Number(picked[1]), month: Number(picked[2]), day: Number(picked[3]) };
    const why = whyInvalid(ymd);
    return why ? fail('invalid_date', why) : { ok: true, date: toDateStr(ymd.year, ymd.month, ymd.day) };
  }
  const span = parseDateSpan(text, now);
  if (!span.ok) return span;
  if (span.start !== span.end)
    return { ok: false, reason: 'not_single_date', detail: '请只填写一个日期，不要填写日期范围' };
  return { ok: true, date: span.start };
}
