import { z } from 'zod';
import { buildLedgerCard } from '../cards/ledger.ts';
import { defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { usageReply } from '../src/bot/replies.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { parseLedgerArgs } from '../src/domain/ledger/filters.ts';
import { type LedgerFilter, ledgerRows } from '../src/domain/ledger/ledger.ts';
import { writeLedgerExport } from '../src/export/ledger-xlsx.ts';
import { leadersAndSupervision } from './instruct-run.ts';

/** Open work from the hot data; closed items of this year also from the archive when they are asked for. */
async function ledgerItems(ctx: Context, filter: LedgerFilter): Promise<WorkflowItem[]> {
  const items = Object.values(ctx.store.data.items);
  if (filter.status !== 'all' && filter.status !== 'closed') return items;
  const hot = new Set(items.map((it) => it.id));
  const archived = await ctx.store.archive.read(Number(ctx.today.slice(0, 4)));
  return [...items, ...archived.filter((it) => !hot.has(it.id))];
}

export const ledgerCommand = defineCommand({
  name: 'ledger',
  aliases: ['台账', 'ledger'],
  summary: '查看或导出督办台账（§57、§58）',
  usage: [
    '/台账　（全部在办事项）',
    '/台账 区财政局 逾期　（按部门、交办领导、类别、状态筛选）',
    '/台账 来源:会议　（按来源：批示、会议议定事项、重大决策、市级会议、人大建议、政协提案、整改）',
    '/台账 导出　（Excel，含已销号事项）',
    '/台账 导出 领导:刘志强 复杂',
  ],
  who: leadersAndSupervision,
  args: z.string(),
  async run(ctx, rest) {
    const parsed = parseLedgerArgs(rest, ctx.org);
    if (!parsed.ok) {
      await ctx.reply(usageReply(ledgerCommand, parsed.problem));
      return;
    }
    // The export is the year's full record (销号 items included) unless a status is asked for.
    const filter = parsed.export
      ? { ...parsed.filter, status: parsed.filter.status ?? 'all' }
      : parsed.filter;
    const rows = ledgerRows(await ledgerItems(ctx, filter), ctx.today, filter, ctx.org);
    if (!parsed.export) {
      await ctx.reply(buildLedgerCard(rows, filter, ctx.org, ctx.today));
      return;
    }
    const name = `督办台账-${ctx.today}.xlsx`;
    const path = await writeLedgerExport(rows, ctx.org, name);
    await ctx.transact((_data, out) => {
      out.file({ openId: ctx.actor.openId }, name, 'xls', path, { temporary: true });
      out.reply(`督办台账已导出：共${rows.length}项，逾期事项以红色标出。文件随后发送给您。`);
    });
  },
});
