import { anyone, defineCommand } from '../src/bot/command.ts';
import { noArgs } from './args.ts';

export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['帮助', 'help', '?', '？'],
  summary: '查看全部命令及用法',
  usage: ['/帮助'],
  who: anyone,
  args: noArgs,
  async run(ctx) {
    const lines = ctx.commands
      .all()
      .filter((c) => c.who.allows(ctx))
      .map((c) => {
        const english = c.aliases.filter((a) => /^[a-z]/i.test(a)).map((a) => `/${a}`);
        return `${c.usage[0] ?? `/${c.name}`}  ${c.summary}${english.length ? `（${english.join(' ')}）` : ''}`;
      });
    await ctx.reply(
      `政务督办助手可以帮您：\n${lines.map((l) => `• ${l}`).join('\n')}\n\n在群里使用时请先 @政务督办助手。`,
    );
  },
});
