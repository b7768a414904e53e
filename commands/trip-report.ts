import { z } from 'zod';
import { applyTransition } from '../src/bot/apply.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { envOf, renderEnvOf } from '../src/bot/workflow.ts';
import { fileTripReport } from '../src/domain/leave/leave.ts';

export const TRIP_REPORT_MAX = 2000;

export const tripReportCommand = defineCommand({
  name: 'tripreport',
  aliases: ['出访报告', 'tripreport'],
  summary: '提交出访工作总结报告（§67）',
  usage: ['/出访报告 总结内容（不超过2000字）'],
  who: anyone,
  maxLength: TRIP_REPORT_MAX,
  args: z
    .string()
    .min(1, '请在命令后写上出访总结内容。')
    .refine((s) => [...s].length <= TRIP_REPORT_MAX, `出访总结最多${TRIP_REPORT_MAX}字，请精简后再提交。`),
  async run(ctx, text) {
    await ctx.answer((data, out) => {
      const r = fileTripReport(Object.values(data.items), ctx.actor.person.id, text, envOf(ctx, data));
      if (!r.ok) return '没有需要提交总结的出访记录（出访结束并销假后才需要提交）。';
      applyTransition(data, out, r.item, r.effects, renderEnvOf(ctx));
      return `已提交出访工作总结（${r.item.id}），已报区政府办公室。`;
    });
  },
});
