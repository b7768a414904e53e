import { plainText } from '../../../cards/markdown.ts';
import { returnsOverdue } from '../../domain/reminders.ts';
import { RULE_LIMITS } from '../../domain/rule-limits.ts';
import { formatCn } from '../../domain/time.ts';
import type { Job } from '../job.ts';

/**
 * §71 请销假 and §67 出访报告: an absence past its end with no /销假, and an outbound trip whose summary
 * is still owed three working days after return, are nagged every working day (once a day each).
 */
export const returnsOverdueJob: Job = {
  name: 'returns-overdue',
  time: (org) => org.nagTime(),
  workingDaysOnly: true,
  oncePerDay: true,
  run: (ctx) =>
    ctx.transact((data, out) => {
      let sent = 0;
      for (const r of returnsOverdue(Object.values(data.items), ctx.today, ctx.calendar)) {
        const key = `${r.item.id}:${r.what}:${ctx.today}`;
        const openId = ctx.org.openIdOf(r.item.submitter);
        if (data.nags[key] || !openId) continue;
        data.nags[key] = ctx.at.toISOString();
        const f = r.item.fields;
        const where = f.destination ? `，${plainText(f.destination, 30)}` : '';
        out.send(
          { openId },
          r.what === 'not_back'
            ? `【销假提醒】您的请假（${r.item.id}${where}）已于${formatCn(f.end, ctx.today)}结束，尚未销假。返岗后请发送 /销假；如需延长，请重新报备（§71）。`
            : `【出访报告提醒】您的出访（${r.item.id}${where}）结束已超过${RULE_LIMITS.tripReport.amount}个工作日，请发送“/出访报告 总结内容”提交出访工作总结（§67）。`,
        );
        sent++;
      }
      return { sent };
    }),
};
