import { z } from 'zod';
import { defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { usageReply } from '../src/bot/replies.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { type DateStr, isValidDate } from '../src/domain/time.ts';
import { auditRows } from '../src/export/audit-rows.ts';
import { writeAuditExport } from '../src/export/audit-xlsx.ts';
import { leadersAndSupervision } from './instruct-run.ts';

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-01 2026-11-30`, `2026-11-01至2026-11-30`, `2026-11` (a month), `2026` (a year), or nothing (this month so far). */
export function parseAuditRange(
  text: string,
  today: DateStr,
): { from: DateStr; to: DateStr } | { problem: string } {
  const t = text.trim();
  if (t === '') return { from: `${today.slice(0, 7)}-01`, to: today };
  const month = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return { problem: `没有 ${m} 月` };
    return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  if (/^\d{4}$/.test(t)) return { from: `${t}-01-01`, to: `${t}-12-31` };
  const parts = t.split(/\s*(?:至|到|~|～|—|\s)\s*/).filter(Boolean);
  if (parts.length !== 2) return { problem: '请写起止两个日期' };
  const [from, to] = parts as [string, string];
  for (const d of [from, to])
    if (!isValidDate(d)) return { problem: `“${d}”不是日期，请写成 2026-11-01 的样式` };
  if (from > to) return { problem: '开始日期晚于结束日期' };
  return { from: from as DateStr, to: to as DateStr };
}

/** Hot data plus every archive year a decision in the range can sit in (an item is archived by the year it closed). */
export async function itemsFor(ctx: Context, fromYear: number): Promise<WorkflowItem[]> {
  const items = Object.values(ctx.store.data.items);
  for (const y of ctx.store.archive.years()) {
    if (y >= fromYear) items.push(...(await ctx.store.archive.read(y)));
  }
  return items;
}

/**
 * The supervision office's audit export (留痕导出): every decision on every kind of work — leave, topics,
 * minutes, instructions, proposals, and who acted on whose behalf — over a date range, as an Excel file.
 */
export const auditCommand = defineCommand({
  name: 'audit',
  aliases: ['留痕导出', '审批留痕', 'audit'],
  summary: '导出一段时间内所有审批、签收、代批的留痕（谁、代谁、何时、哪个环节）',
  usage: ['/留痕导出　（本月至今）', '/留痕导出 2026-11　（整月）', '/留痕导出 2026-10-01 2026-12-31'],
  who: leadersAndSupervision,
  args: z.string(),
  async run(ctx, rest) {
    const range = parseAuditRange(rest, ctx.today);
    if ('problem' in range) {
      await ctx.reply(usageReply(auditCommand, range.problem));
      return;
    }
    const rows = auditRows(
      await itemsFor(ctx, Number(range.from.slice(0, 4))),
      range.from,
      range.to,
      ctx.org,
    );
    if (rows.length === 0) {
      await ctx.reply(`${range.from} 至 ${range.to} 没有审批留痕记录。`);
      return;
    }
    const name = `审批留痕-${range.from}至${range.to}.xlsx`;
    const path = await writeAuditExport(rows, name);
    const behalf = rows.filter((r) => r.onBehalfOf !== '').length;
    await ctx.transact((_data, out) => {
      out.file({ openId: ctx.actor.openId }, name, 'xls', path, { temporary: true });
      out.reply(
        `审批留痕已导出：${range.from} 至 ${range.to} 共${rows.length}条记录（其中代批${behalf}条），文件随后发送给您。`,
      );
    });
  },
});
