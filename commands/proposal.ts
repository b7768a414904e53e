import { z } from 'zod';
import { defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { resolveLeader } from '../src/domain/instruction/names.ts';
import {
  INSTRUCTION_LIMITS,
  type ProposalInput,
  validateProposal,
} from '../src/domain/instruction/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { formatCn } from '../src/domain/time.ts';
import { parseDate } from '../src/parse/dates.ts';
import { departmentsOf, keyValue, type Line } from './instruct-line.ts';
import { assigners, issue } from './instruct-run.ts';

// A Map, never an object: a typed word must not reach Object.prototype.
const TYPE_WORDS = new Map<string, 'npc' | 'cppcc'>([
  ['人大', 'npc'],
  ['人大建议', 'npc'],
  ['建议', 'npc'],
  ['政协', 'cppcc'],
  ['政协提案', 'cppcc'],
  ['提案', 'cppcc'],
]);

const OPTION_KEYS = new Set(['牵头', '限期', '时限', '领导']);

/** `人大|政协 编号 牵头:部门 [协办:…] [限期:日期] [领导:姓名] 标题`. */
export function parseProposalLine(text: string, org: OrgIndex, now: Date): Line<ProposalInput> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const input: ProposalInput = { co: [] };
  const title: string[] = [];
  const seen = new Set<string>();
  for (const w of words) {
    const kv = keyValue(w);
    // Each option once: a line of 200 "限期:…" must not cost 200 date parses.
    if (kv && OPTION_KEYS.has(kv[0])) {
      if (seen.has(kv[0])) return { ok: false, problem: `“${kv[0]}:”只能写一次。` };
      seen.add(kv[0]);
    }
    if (!input.type && TYPE_WORDS.has(w)) input.type = TYPE_WORDS.get(w);
    else if (kv && (kv[0] === '牵头' || kv[0] === '协办')) {
      const { ids, unknown, tooMany } = departmentsOf(kv[1], org);
      if (tooMany) return { ok: false, problem: `协办部门最多${INSTRUCTION_LIMITS.coDepartments}个。` };
      if (unknown.length) return { ok: false, problem: `没有找到部门“${unknown.join('、')}”。` };
      if (kv[0] === '牵头') input.lead = ids[0];
      else input.co = [...(input.co ?? []), ...ids];
    } else if (kv && (kv[0] === '限期' || kv[0] === '时限')) {
      const d = parseDate(kv[1], now);
      if (!d.ok) return { ok: false, problem: `没有看懂办结时限“${kv[1]}”：${d.detail}` };
      input.due = d.date;
    } else if (kv && kv[0] === '领导') {
      const p = resolveLeader(org, kv[1]);
      if (!p) return { ok: false, problem: `“${kv[1]}”不是区政府领导。` };
      input.leader = p.id;
    } else if (input.type && !input.number) input.number = w;
    else title.push(w);
  }
  input.title = title.join(' ');
  return { ok: true, input };
}

export const proposalCommand = defineCommand({
  name: 'proposal',
  aliases: ['建议提案', 'proposal'],
  summary: '交办人大代表建议、政协委员提案，限时办结（§31）',
  usage: [
    '/建议提案 人大 第12号 牵头:区教育局 关于增加学位供给的建议　（默认3个月内办结）',
    '/建议提案 政协 第5号 牵头:区住建局 协办:区财政局 限期:2027年3月31日 关于加快老旧小区改造的提案',
  ],
  who: assigners,
  maxLength: INSTRUCTION_LIMITS.text + 300,
  args: z.string().min(1, '请写明建议或提案的类别、编号、承办部门和标题。'),
  async run(ctx, rest) {
    const line = parseProposalLine(rest, ctx.org, ctx.now);
    if (!line.ok) {
      await ctx.reply(usageReply(proposalCommand, line.problem));
      return;
    }
    const v = validateProposal(line.input, ctx.actor.person.id, ctx.today, ctx.org, ctx.calendar);
    if (!v.ok) {
      await ctx.reply(usageReply(proposalCommand, v.problems.join('；')));
      return;
    }
    await issue(ctx, v.value, undefined, (r) => {
      if (!r.ok) return r.text;
      const f = r.item.fields;
      return `已交办 ${r.item.id}（${f.reference}）：牵头 ${ctx.org.department(f.parts[0]!.dept)?.name}，办结时限 ${formatCn(f.deadline.due, ctx.today)}（§31 限时办结）。`;
    });
  },
});
