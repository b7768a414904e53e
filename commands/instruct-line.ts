import { resolveDepartment, resolveLeader } from '../src/domain/instruction/names.ts';
import type { InstructionClass } from '../src/domain/instruction/types.ts';
import { INSTRUCTION_LIMITS, type InstructionInput } from '../src/domain/instruction/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { parseDate } from '../src/parse/dates.ts';

export const INSTRUCT_USAGE = [
  '/批示　（打开交办表单）',
  '/批示 牵头:区财政局 协办:区住建局、区交通局 请研究老旧小区改造资金问题',
  '/批示 牵头:区应急管理局 复杂 需报进展 开展安全生产大检查',
  '/批示 牵头:区卫生健康局 紧急:12月3日 做好流感防控',
  '/批示 领导:刘志强 牵头:区财政局 ……　（督查室代领导交办）',
];

// A Map, never an object: a typed word must not reach Object.prototype (`constructor`, `__proto__`).
const CLASS_WORDS = new Map<string, InstructionClass>([
  ['一般', 'ordinary'],
  ['一般事项', 'ordinary'],
  ['复杂', 'complex'],
  ['复杂事项', 'complex'],
  ['年度', 'year_long'],
  ['全年', 'year_long'],
  ['年度事项', 'year_long'],
  ['紧急', 'urgent'],
]);

const OPTION_KEYS = new Set(['牵头', '领导', '代', '紧急', '限期']);

const PROGRESS_WORDS = new Set(['需报进展', '报进展', '需报告进展', '报送进展']);

export type Line<T> = { ok: true; input: T } | { ok: false; problem: string };

/**
 * `牵头:X`, `协办:X、Y` → department ids; a name it cannot place is a problem, never a guess. A list
 * longer than any instruction may have is not resolved name by name (`tooMany`).
 */
export function departmentsOf(
  words: string,
  org: OrgIndex,
): { ids: string[]; unknown: string[]; tooMany?: true } {
  const ids: string[] = [];
  const unknown: string[] = [];
  const names = words
    .split(/[、,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length > INSTRUCTION_LIMITS.coDepartments + 1) return { ids, unknown, tooMany: true };
  for (const w of names) {
    const d = resolveDepartment(org, w);
    if (d) ids.push(d.id);
    else unknown.push(w);
  }
  return { ids, unknown };
}

/** Splits `key:value` (full- or half-width colon). */
export const keyValue = (token: string): [string, string] | undefined => {
  const m = /^([^:：]{1,4})[:：](.*)$/.exec(token);
  return m ? [m[1]!, m[2]!] : undefined;
};

/**
 * `/批示 [选项…] 内容`: options come first (牵头: 协办: 领导: a class word, 紧急:日期, 需报进展);
 * the first word that is not an option starts the text, which is kept as typed.
 */
export function parseInstructLine(text: string, org: OrgIndex, now: Date): Line<InstructionInput> {
  const input: InstructionInput = { co: [] };
  let rest = text.trim();
  const seen = new Set<string>();
  for (;;) {
    const m = /^(\S+)\s*/.exec(rest);
    if (!m) break;
    const token = m[1]!;
    const kv = keyValue(token);
    // Each option once: a line of 200 "紧急:…" must not cost 200 date parses.
    if (kv && OPTION_KEYS.has(kv[0])) {
      if (seen.has(kv[0])) return { ok: false, problem: `“${kv[0]}:”只能写一次。` };
      seen.add(kv[0]);
    }
    if (kv && (kv[0] === '牵头' || kv[0] === '协办')) {
      const { ids, unknown, tooMany } = departmentsOf(kv[1], org);
      if (tooMany) return { ok: false, problem: `协办部门最多${INSTRUCTION_LIMITS.coDepartments}个。` };
      if (unknown.length)
        return { ok: false, problem: `没有找到部门“${unknown.join('、')}”，请写部门全称，例如 区财政局。` };
      if (kv[0] === '牵头') {
        if (ids.length !== 1) return { ok: false, problem: '牵头部门只能有一个。' };
        input.lead = ids[0];
      } else input.co = [...(input.co ?? []), ...ids];
    } else if (kv && (kv[0] === '领导' || kv[0] === '代')) {
      const p = resolveLeader(org, kv[1]);
      if (!p) return { ok: false, problem: `“${kv[1]}”不是区政府领导。` };
      input.leader = p.id;
    } else if (kv && (kv[0] === '紧急' || kv[0] === '限期')) {
      const d = parseDate(kv[1], now);
      if (!d.ok) return { ok: false, problem: `没有看懂办结时限“${kv[1]}”：${d.detail}` };
      input.class = 'urgent';
      input.urgentDue = d.date;
    } else if (CLASS_WORDS.has(token)) {
      input.class = CLASS_WORDS.get(token);
    } else if (PROGRESS_WORDS.has(token)) {
      input.progress = true;
    } else break;
    rest = rest.slice(m[0].length);
  }
  input.text = rest.trim();
  return { ok: true, input };
}
