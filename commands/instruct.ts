import { z } from 'zod';
import { buildInstructionFormCard } from '../cards/instruction-form.ts';
import { defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { usageReply } from '../src/bot/replies.ts';
import { CLASS_LABEL, type InstructionItem } from '../src/domain/instruction/types.ts';
import {
  INSTRUCTION_LIMITS,
  type InstructionInput,
  validateInstruction,
} from '../src/domain/instruction/validate.ts';
import { formatCn } from '../src/domain/time.ts';
import { INSTRUCT_USAGE, parseInstructLine } from './instruct-line.ts';
import { issue, leadersAndSupervision, type RunResult } from './instruct-run.ts';

/** Checks and issues; problems come back as a list so the form can be shown again, filled. */
export async function submitInstruction(
  ctx: Context,
  input: InstructionInput,
  overviewMessageId?: string,
  answer?: (r: RunResult) => string | object,
): Promise<RunResult | { ok: false; problems: string[] }> {
  const checked = validateInstruction(input, ctx.actor.person.id, ctx.today, ctx.org, ctx.calendar);
  if (!checked.ok) return checked;
  return issue(ctx, checked.value, overviewMessageId, answer);
}

export function issuedText(item: InstructionItem, ctx: Pick<Context, 'org' | 'today'>): string {
  const f = item.fields;
  const name = (id: string) => ctx.org.department(id)?.name ?? id;
  const co =
    f.parts.length > 1
      ? `，协办 ${f.parts
          .slice(1)
          .map((p) => name(p.dept))
          .join('、')}`
      : '';
  const cls = f.class ? `${CLASS_LABEL[f.class]}，` : '';
  return `已交办 ${item.id}：牵头 ${name(f.parts[0]!.dept)}${co}；办结时限 ${formatCn(f.deadline.due, ctx.today)}（${cls}${f.deadline.rule}）。各部门签收和办理情况见批示卡片。`;
}

export const instructCommand = defineCommand({
  name: 'instruct',
  aliases: ['批示', 'instruct'],
  summary: '交办领导批示，跟踪签收、办理和销号（§56–§58）',
  usage: INSTRUCT_USAGE,
  who: leadersAndSupervision,
  // The instruction's text and its options (牵头: 协办: 领导: 紧急:…).
  maxLength: INSTRUCTION_LIMITS.text + 300,
  args: z.string(),
  async run(ctx, rest) {
    const forLeader = !ctx.org.isLeader(ctx.actor.person.id);
    if (!rest) {
      await ctx.reply(buildInstructionFormCard({ org: ctx.org, forLeader }));
      return;
    }
    const line = parseInstructLine(rest, ctx.org, ctx.now);
    if (!line.ok) {
      await ctx.reply(usageReply(instructCommand, line.problem));
      return;
    }
    const r = await submitInstruction(ctx, line.input, undefined, (r) =>
      r.ok ? issuedText(r.item, ctx) : r.text,
    );
    if ('problems' in r) {
      // Nothing was issued: the form comes back filled, with the problems.
      await ctx.reply(
        buildInstructionFormCard({ org: ctx.org, forLeader, values: line.input, problems: r.problems }),
      );
    }
  },
});
