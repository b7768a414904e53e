import { z } from 'zod';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { requestExtension } from '../src/domain/instruction/instruction.ts';
import { openInstructionsOf } from '../src/domain/instruction/queries.ts';
import { formatCn } from '../src/domain/time.ts';
import { parseDate } from '../src/parse/dates.ts';
import { runInstruction } from './instruct-run.ts';

export const extendCommand = defineCommand({
  name: 'extend',
  aliases: ['延期', 'extend'],
  summary: '为批示事项申请延期，报交办领导审批',
  usage: ['/延期 I0001 12月20日 需等待市级部门批复'],
  who: anyone,
  maxLength: 600,
  args: z.string(),
  async run(ctx, rest) {
    const me = ctx.actor.person.id;
    const m = /^(?:([A-Za-z]\d{4})\s+)?(\S+)\s*([\s\S]*)$/.exec(rest.trim());
    if (!m) {
      await ctx.reply(usageReply(extendCommand, '请写明编号、申请延至的日期和理由。'));
      return;
    }
    const mine = openInstructionsOf(Object.values(ctx.store.data.items), me, ctx.org);
    const id = m[1]?.toUpperCase() ?? (mine.length === 1 ? mine[0]!.id : undefined);
    if (!id) {
      const list = mine.map((it) => `${it.id} ${it.title}`).join('\n');
      await ctx.reply(
        usageReply(
          extendCommand,
          mine.length ? `请写明要延期的事项编号：\n${list}` : '您所在部门没有在办的批示事项。',
        ),
      );
      return;
    }
    const d = parseDate(m[2]!, ctx.now);
    if (!d.ok) {
      await ctx.reply(usageReply(extendCommand, `没有看懂日期“${m[2]}”：${d.detail}`));
      return;
    }
    await runInstruction(
      ctx,
      id,
      (item, env) => requestExtension(item, { actor: me, to: d.date, reason: m[3] ?? '' }, env),
      (r) => (r.ok ? `已申请将 ${id} 延至${formatCn(d.date, ctx.today)}，待交办领导审批。` : r.text),
    );
  },
});
