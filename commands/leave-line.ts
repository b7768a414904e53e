import type { LeaveInput } from '../src/domain/leave/validate.ts';
import { parseDateSpan } from '../src/parse/dates.ts';

const TYPE_WORDS: Array<[RegExp, LeaveInput['type']]> = [
  [/^(出访)$/, 'outbound_visit'],
  [/^(休假|年休假|公休)$/, 'vacation'],
  [/^(离阜|外出|离阜外出|出差)$/, 'out_of_city'],
];

export const LEAVE_USAGE = [
  '/请假　（打开请假表单，会议请假请用表单）',
  '/请假 12月1日至12月3日 北京 参加培训',
  '/请假 明天 沈阳 汇报工作',
  '/请假 休假 2026-12-07至2026-12-09 本市 休年假',
  '/请假 12月1日至12月5日 北京 开会 主持:王丽华　（区长：常务副区长也不在阜时主持日常工作的副区长，§8）',
];

/** `/请假 [类型] 日期 去向 事由` → the form's fields; what it cannot read is explained. */
export function parseLeaveLine(
  text: string,
  now: Date,
): { ok: true; input: LeaveInput } | { ok: false; problem: string } {
  let rest = text.trim();
  // 主持:姓名 — the head names who presides while the executive vice head is away too (§8).
  let presider: string | undefined;
  rest = rest
    .split(/\s+/)
    .filter((w) => {
      const m = /^(?:主持|指定主持)[:：](\S+)$/.exec(w);
      if (m) presider = m[1];
      return !m;
    })
    .join(' ');
  let type: LeaveInput['type'] = 'out_of_city';
  const first = rest.split(/\s+/)[0] ?? '';
  for (const [re, t] of TYPE_WORDS) {
    if (re.test(first)) {
      type = t;
      rest = rest.slice(first.length).trim();
      break;
    }
  }
  const span = parseDateSpan(rest, now);
  if (!span.ok) {
    return {
      ok: false,
      problem:
        span.reason === 'no_date'
          ? '没有看懂请假日期。'
          : span.reason === 'end_before_start'
            ? `结束日期早于开始日期：${span.detail}`
            : `日期有误：${span.detail}`,
    };
  }
  const [destination = '', ...reason] = span.rest.split(/\s+/).filter(Boolean);
  return {
    ok: true,
    input: {
      type,
      start: span.start,
      end: span.end,
      destination,
      reason: reason.join(' '),
      ...(presider ? { presider } : {}),
    },
  };
}
