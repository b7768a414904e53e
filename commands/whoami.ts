import { anyone, defineCommand } from '../src/bot/command.ts';
import { noArgs } from './args.ts';

export const whoamiCommand = defineCommand({
  name: 'whoami',
  aliases: ['我是谁', 'whoami'],
  summary: '查看您在组织架构中的登记信息',
  usage: ['/我是谁'],
  who: anyone,
  args: noArgs,
  async run(ctx) {
    const { person } = ctx.actor;
    const roles = ctx.org.rolesOf(person.id).map((r) => r.label);
    const dept = ctx.org.departmentOf(person.id);
    const leader = ctx.org.supervisingLeaderOf(person.id);
    const lines = [
      `姓名：${person.name}（${person.title}）`,
      `身份：${roles.length ? roles.join('、') : '未登记职务'}`,
      `单位：${dept?.name ?? (ctx.org.isLeader(person.id) ? '区政府领导' : '—')}`,
      `分管领导：${leader ? `${leader.name}（${leader.title}）` : '—'}`,
      '如信息有误，请联系区政府办公室更新组织架构。',
    ];
    await ctx.reply(lines.join('\n'));
  },
});
