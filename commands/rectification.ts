import { z } from 'zod';
import { defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { resolveLeader } from '../src/domain/instruction/names.ts';
import {
  INSTRUCTION_LIMITS,
  type RectificationInput,
  validateRectification,
} from '../src/domain/instruction/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { formatCn } from '../src/domain/time.ts';
import { parseDate } from '../src/parse/dates.ts';
import { departmentsOf, keyValue, type Line } from './instruct-line.ts';
import { issue, leadersAndSupervision } from './instruct-run.ts';

const OPTION_KEYS = new Set(['依据', '牵头', '协办', '限期', '时限', '领导']);

/** `依据:审计名称 牵头:部门 [协办:…] [限期:日期] [领导:姓名] 问题及整改要求`: options first, then the text. */
export function parseRectificationLine(text: string, org: OrgIndex, now: Date): Line<RectificationInput> {
  const input: RectificationInput = { co: [] };
  let rest = text.trim();
  const seen = new Set<string>();
  for (;;) {
    const m = /^(\S+)\s*/.exec(rest);
    const kv = m ? keyValue(m[1]!) : undefined;
    if (!m || !kv || !OPTION_KEYS.has(kv[0])) break;
    // Each option once: a line of 200 "限期:…" must not cost 200 date parses.
    if (seen.has(kv[0])) return { ok: false, problem: `“${kv[0]}:”只能写一次。` };
    seen.add(kv[0]);
    rest = rest.slice(m[0].length);
    if (kv[0] === '依据') input.basis = kv[1];
    else if (kv[0] === '牵头' || kv[0] === '协办') {
      const { ids, unknown, tooMany } = departmentsOf(kv[1], org);
      if (tooMany) return { ok: false, problem: `协办部门最多${INSTRUCTION_LIMITS.coDepartments}个。` };
      if (unknown.length) return { ok: false, problem: `没有找到部门“${unknown.join('、')}”。` };
      if (kv[0] === '牵头') input.lead = ids[0];
      else input.co = ids;
    } else if (kv[0] === '限期' || kv[0] === '时限') {
      const d = parseDate(kv[1], now);
      if (!d.ok) return { ok: false, problem: `没有看懂整改时限“${kv[1]}”：${d.detail}` };
      input.due = d.date;
    } else {
      const p = resolveLeader(org, kv[1]);
      if (!p) return { ok: false, problem: `“${kv[1]}”不是区政府领导。` };
      input.leader = p.id;
    }
  }
  input.text = rest.trim();
  return { ok: true, input };
}

/**
 * §32: a problem found by an audit, an inspection or a higher authority's supervision, put right by the
 * unit and reported to the district government — one more source of the supervised items (§57 督促整改).
 * Leaders and the supervision office hand it out, as they hand out instructions: the office that keeps the
 * ledger (§57) is the one that receives audit findings for the district government.
 */
export const rectificationCommand = defineCommand({
  name: 'rectification',
  aliases: ['整改', 'rectification'],
  summary: '交办审计、督查等监督中发现问题的整改，跟踪至销号（§32、§58）',
  usage: [
    '/整改 依据:2026年区本级预算执行审计 牵头:区财政局 整改专项资金未及时拨付问题　（默认1个月内有结果）',
    '/整改 依据:市政府安全生产督查通报 牵头:区应急管理局 协办:区住建局 限期:2027年1月15日 领导:刘志强 整改建筑工地安全隐患',
  ],
  who: leadersAndSupervision,
  maxLength: INSTRUCTION_LIMITS.text + 300,
  args: z.string().min(1, '请写明整改依据、牵头部门和发现的问题。'),
  async run(ctx, rest) {
    const line = parseRectificationLine(rest, ctx.org, ctx.now);
    if (!line.ok) {
      await ctx.reply(usageReply(rectificationCommand, line.problem));
      return;
    }
    const v = validateRectification(line.input, ctx.actor.person.id, ctx.today, ctx.org, ctx.calendar);
    if (!v.ok) {
      await ctx.reply(usageReply(rectificationCommand, v.problems.join('；')));
      return;
    }
    await issue(ctx, v.value, undefined, (r) => {
      if (!r.ok) return r.text;
      const f = r.item.fields;
      return `已交办整改 ${r.item.id}（${f.reference}）：牵头 ${ctx.org.department(f.parts[0]!.dept)?.name}，整改时限 ${formatCn(f.deadline.due, ctx.today)}，办结后向区政府报告整改情况（§32）。`;
    });
  },
});
