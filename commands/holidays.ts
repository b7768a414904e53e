import { z } from 'zod';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { PROVISIONAL_NOTE } from '../src/domain/calendar.ts';
import { summarizeYear, type YearSummary } from '../src/domain/calendar-summary.ts';
import { canComputeStatutory } from '../src/domain/statutory-holidays.ts';
import { dateParts, formatCn, weekdayCn } from '../src/domain/time.ts';

const STATUS_TEXT = {
  official: '✅ 已按国务院节假日安排计算（含调休上班日）',
  provisional: `⚠ 国务院安排尚未公布，${PROVISIONAL_NOTE}`,
  none: '⚠ 尚未收录，且无法推算法定节假日，暂按周一至周五计算',
} as const;

function yearText(s: YearSummary, today: string): string {
  const runs = s.daysOff.map((r) =>
    r.from === r.to
      ? `${r.name} ${formatCn(r.from, today)}`
      : `${r.name} ${formatCn(r.from, today)}至${formatCn(r.to, today)}`,
  );
  const lines = [`【${s.year}年】${STATUS_TEXT[s.status]}`];
  if (runs.length) lines.push(`放假：${runs.join('；')}`);
  if (s.status === 'official') {
    lines.push(
      `调休上班：${s.makeUpDays.length ? s.makeUpDays.map((d) => `${formatCn(d, today)}（${weekdayCn(d)}）`).join('、') : '无'}`,
    );
  } else if (s.status === 'provisional') {
    lines.push(
      '（以上为《全国年节及纪念日放假办法》规定的法定节假日及周末补假；调休上班日和连休日待国务院通知）',
    );
  }
  return lines.join('\n');
}

/** A year to show, from "2028" or "2028年"; none given → this year and the next. */
const yearArg = z
  .string()
  .trim()
  .refine((s) => s === '' || /^\d{4}年?$/.test(s), { message: '请写年份，例如 /节假日 2027' })
  .transform((s) => (s === '' ? undefined : Number.parseInt(s, 10)));

export const holidaysCommand = defineCommand({
  name: 'holidays',
  aliases: ['节假日', '放假安排', 'holidays'],
  summary: '查看各年节假日安排的状态（正式 / 暂按法定节假日推算）',
  usage: ['/节假日', '/节假日 2027'],
  who: anyone,
  args: yearArg,
  async run(ctx, year) {
    const thisYear = dateParts(ctx.today).year;
    const known = (y: number) => canComputeStatutory(y) || ctx.calendar.yearStatus(y) === 'official';
    if (year !== undefined && !known(year)) {
      await ctx.reply(
        usageReply(holidaysCommand, `没有${year}年的节假日数据，请查询 2000 至 2099 年之间的年份`),
      );
      return;
    }
    const years = year !== undefined ? [year] : [thisYear, thisYear + 1];
    const parts = years.map((y) => yearText(summarizeYear(ctx.calendar, y), ctx.today));
    parts.push(
      '工作日按国务院每年发布的节假日安排计算；期限最后一日为节假日的，顺延至节假日后的第一个工作日（《民法典》第二百零三条）。国务院通知发布后，由系统管理员录入节假日覆盖表，在办期限自动重新计算。',
    );
    await ctx.reply(parts.join('\n\n'));
  },
});
