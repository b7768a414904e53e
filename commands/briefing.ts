import { z } from 'zod';
import { buildBriefingCard } from '../cards/briefing.ts';
import type { Audience } from '../src/bot/command.ts';
import { defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { isSupervisionStaff } from '../src/domain/instruction/parties.ts';
import { buildBriefing } from '../src/domain/ledger/briefing.ts';
import { writeBriefingExport } from '../src/export/briefing-xlsx.ts';
import { itemsFor, parseAuditRange } from './audit.ts';

/**
 * Who reports to the standing meeting on supervision (§57 “区政府常务会议定期听取督查工作汇报”): the
 * supervision office, which keeps the ledger and “定期汇总…定期向区政府领导同志报告” (§56); the office
 * director, over the 区政府办公室（区政府督查室） that §57 makes responsible; and the head, who convenes the
 * standing meeting. A vice head sees their own items through /台账; the district-wide figures of every
 * unit are the office's report to the meeting, not a view for each leader.
 */
export const briefers: Audience = {
  label: '督查室、区长和区政府办公室主任',
  allows: (ctx) => {
    const id = ctx.actor.person.id;
    return id === ctx.org.head().id || isSupervisionStaff(ctx.org, id);
  },
};

export const briefingCommand = defineCommand({
  name: 'briefing',
  aliases: ['督查通报', '督办通报', 'briefing'],
  summary: '督查通报：一段时间内全部督办事项按来源、按单位的办理情况和按期办结率，卡片加 Excel（§57、§58）',
  usage: ['/督查通报　（本月至今）', '/督查通报 2026-11　（整月）', '/督查通报 2026-10-01 2026-12-31'],
  who: briefers,
  args: z.string(),
  async run(ctx, rest) {
    const range = parseAuditRange(rest, ctx.today);
    if ('problem' in range) {
      await ctx.reply(usageReply(briefingCommand, range.problem));
      return;
    }
    // What has not happened yet can not be reported: a month or year still running ends today.
    if (range.to > ctx.today) range.to = ctx.today;
    if (range.from > range.to) {
      await ctx.reply(usageReply(briefingCommand, `开始日期${range.from}还没到`));
      return;
    }
    const items = await itemsFor(ctx, Number(range.from.slice(0, 4)));
    const order = ctx.org.departments().map((d) => d.id);
    const b = buildBriefing(items, range.from, range.to, order);
    const name = `督查通报-${range.from}至${range.to}.xlsx`;
    const path = await writeBriefingExport(b, ctx.org, name);
    await ctx.transact((_data, out) => {
      out.reply(buildBriefingCard(b, ctx.org, ctx.today));
      out.file({ openId: ctx.actor.openId }, name, 'xls', path, { temporary: true });
    });
  },
});
