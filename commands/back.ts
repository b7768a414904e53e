import { replanLeaders } from '../src/bot/acting-plans.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { askActingForAll, envOf, renderEnvOf } from '../src/bot/workflow.ts';
import { reportBack } from '../src/domain/leave/leave.ts';
import { formatCn } from '../src/domain/time.ts';
import { noArgs } from './args.ts';

export const backCommand = defineCommand({
  name: 'back',
  aliases: ['销假', 'back'],
  summary: '销假返岗，结束代行安排',
  usage: ['/销假'],
  who: anyone,
  args: noArgs,
  async run(ctx) {
    await ctx.answer((data, out) => {
      const r = reportBack(Object.values(data.items), ctx.actor.person.id, envOf(ctx, data));
      if (!r.ok) {
        return r.reason === 'not_started'
          ? '您的请假还没有开始，无需销假；如果不再外出，请在“我的请假”卡片上撤回。'
          : '没有找到需要销假的请假记录。';
      }
      const before = data.items[r.item.id];
      applyTransition(data, out, r.item, r.effects, renderEnvOf(ctx));
      replanLeaders(data, out, r.item, before, envOf(ctx, data), renderEnvOf(ctx));
      // §8: the acting arrangement ends today; what the stand-ins held goes back (issue 12).
      askActingForAll(data, out, envOf(ctx, data), renderEnvOf(ctx));
      const early = r.item.fields.returnedOn! < r.item.fields.end ? '（提前返岗）' : '';
      return `已销假${early}：${r.item.id}，${formatCn(r.item.fields.returnedOn!, ctx.today)}返岗。欢迎回来！`;
    });
  },
});
