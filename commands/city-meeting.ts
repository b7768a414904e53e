import { z } from 'zod';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { resolveDepartment } from '../src/domain/instruction/names.ts';
import { type CityMeetingInput, validateCityMeeting } from '../src/domain/instruction/validate.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { beijingDate, formatCn, isValidDate } from '../src/domain/time.ts';
import { parseDate } from '../src/parse/dates.ts';
import { keyValue } from './instruct-line.ts';
import { issue } from './instruct-run.ts';

/**
 * The meeting day as typed. Meetings are reported after they happen, so a day without a year that
 * would fall in the future (the date parser reads '11月25日' forward) is taken in the past year.
 */
function meetingDay(word: string, now: Date): string | undefined {
  const d = parseDate(word, now);
  if (!d.ok) return undefined;
  const today = beijingDate(now);
  if (d.date <= today || /\d{4}|年/.test(word)) return d.date;
  const lastYear = `${Number(d.date.slice(0, 4)) - 1}${d.date.slice(4)}`;
  return isValidDate(lastYear) && lastYear <= today ? lastYear : d.date;
}

/** `[日期] 会议名称 [部门:责任部门]` → the meeting, its day (default today) and the reporting department. */
export function parseCityMeetingLine(text: string, now: Date): CityMeetingInput & { deptWord?: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: CityMeetingInput & { deptWord?: string } = {};
  const name: string[] = [];
  for (const [i, w] of words.entries()) {
    const kv = keyValue(w);
    if (kv && (kv[0] === '部门' || kv[0] === '责任部门' || kv[0] === '牵头')) out.deptWord = kv[1];
    else if (i === 0 && meetingDay(w, now)) out.date = meetingDay(w, now);
    else name.push(w);
  }
  out.meeting = name.join(' ');
  return out;
}

export const cityMeetingCommand = defineCommand({
  name: 'citymeeting',
  aliases: ['市级会议', 'citymeeting'],
  summary: `登记参加的市级会议，${RULE_LIMITS.cityMeetingReport.amount}个工作日内报送书面材料（${RULE_LIMITS.cityMeetingReport.rule}）`,
  usage: [
    '/市级会议 全市安全生产工作会议　（今天的会议，本部门报送）',
    '/市级会议 11月25日 市政府专题会议 部门:区应急管理局',
  ],
  who: anyone,
  args: z.string().min(1, '请写上会议名称。'),
  async run(ctx, rest) {
    const line = parseCityMeetingLine(rest, ctx.now);
    let dept: string | undefined;
    if (line.deptWord) {
      dept = resolveDepartment(ctx.org, line.deptWord)?.id;
      if (!dept) {
        await ctx.reply(usageReply(cityMeetingCommand, `没有找到部门“${line.deptWord}”。`));
        return;
      }
    }
    const v = validateCityMeeting({ ...line, dept }, ctx.actor.person.id, ctx.today, ctx.org, ctx.calendar);
    if (!v.ok) {
      await ctx.reply(usageReply(cityMeetingCommand, v.problems.join('；')));
      return;
    }
    await issue(ctx, v.value, undefined, (r) => {
      if (!r.ok) return r.text;
      const f = r.item.fields;
      const deptName = ctx.org.department(f.parts[0]!.dept)?.name;
      return `已登记 ${r.item.id}：${deptName}须在${formatCn(f.deadline.due, ctx.today)}前形成书面材料，向区政府报告会议情况和落实建议（§46）。报送请用 /反馈 ${r.item.id} 报告内容。`;
    });
  },
});
