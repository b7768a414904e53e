import { plainText } from '../cards/markdown.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { actingFor } from '../src/domain/engine/acting.ts';
import { absencesOf, awayLookup } from '../src/domain/leave/absences.ts';
import { LEAVE_TYPE_LABEL, type LeaveItem } from '../src/domain/leave/types.ts';
import { formatCn } from '../src/domain/time.ts';
import { noArgs } from './args.ts';

const REASON: Record<string, string> = {
  ab_partner: 'AB角',
  executive_presides: '常务副区长主持',
  designated_presides: '区长指定',
  head_covers: '区长代管',
  supervisor_covers: '分管领导代管',
};

export const whoCommand = defineCommand({
  name: 'who',
  aliases: ['在岗', 'who'],
  summary: '今天谁不在岗、到哪天，谁代行谁的工作',
  usage: ['/在岗'],
  who: anyone,
  args: noArgs,
  async run(ctx) {
    const items = Object.values(ctx.store.data.items);
    const away = awayLookup(items);
    const today = absencesOf(items).filter((a) => a.start <= ctx.today && ctx.today <= a.end);
    if (today.length === 0) {
      await ctx.reply(`今天（${formatCn(ctx.today)}）没有登记的请假或离阜外出，区政府领导均在岗。`);
      return;
    }
    const lines = today.map((a) => {
      const p = ctx.org.person(a.person);
      const leave = ctx.store.data.items[a.itemId] as LeaveItem;
      const where = leave.fields.destination ? `（${plainText(leave.fields.destination, 30)}）` : '';
      const acting = actingFor(a.person, ctx.today, ctx.org, away);
      const by =
        acting.person !== a.person
          ? `，由 ${ctx.org.person(acting.person)?.name}代行（${REASON[acting.reason ?? ''] ?? '代行'}）`
          : '';
      return `• ${p?.name ?? a.person}（${ctx.org.primaryRole(a.person)?.label ?? ''}）${LEAVE_TYPE_LABEL[leave.fields.type]}${where}，至${formatCn(a.end, ctx.today)}${by}`;
    });
    await ctx.reply(`今天（${formatCn(ctx.today)}）不在岗：\n${lines.join('\n')}`);
  },
});
