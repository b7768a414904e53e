import { buildWeeklyCard } from '../../../cards/weekly.ts';
import { calendarOutlook } from '../../domain/calendar.ts';
import { countByClass, overdueTrend, owedSteps } from '../../domain/reminders.ts';
import { addDays, dayOfWeek } from '../../domain/time.ts';
import type { Job } from '../job.ts';
import { jobEnv } from './env.ts';

/** Weeks shown in the overdue trend. */
export const TREND_WEEKS = 8;

/**
 * Monday's summary in the leaders' group: what was opened and closed last week, the overdue trend
 * over the last eight weeks, and the steps overdue or due today by class of work. When Monday is a holiday it runs on the week's first working day instead.
 */
export const weeklySummaryJob: Job = {
  name: 'weekly-summary',
  time: (org) => org.digestTime(),
  workingDaysOnly: true,
  oncePerDay: true,
  async run(ctx) {
    const monday = addDays(ctx.today, -((dayOfWeek(ctx.today) + 6) % 7));
    for (let d = monday; d < ctx.today; d = addDays(d, 1)) {
      if (ctx.calendar.isWorkday(d)) return { skipped: 'not the first working day of the week' };
    }
    return ctx.transact((data, out) => {
      const items = Object.values(data.items);
      const lastMonday = addDays(monday, -7);
      const inLastWeek = (iso: string | undefined) => {
        if (!iso) return false;
        const d = new Date(iso).getTime();
        return d >= Date.parse(`${lastMonday}T00:00:00+08:00`) && d < Date.parse(`${monday}T00:00:00+08:00`);
      };
      const opened = items.filter((i) => inLastWeek(i.createdAt)).length;
      const closed = items.filter((i) => inLastWeek(i.closedAt)).length;
      const weekEnds = Array.from({ length: TREND_WEEKS }, (_, i) =>
        addDays(monday, -1 - 7 * (TREND_WEEKS - 1 - i)),
      );
      const trend = overdueTrend(items, weekEnds);
      // Every waiting step as of this morning, by class (§62: the steps with default limits too).
      const owed = owedSteps(items, ctx.today, ctx.org, ctx.calendar, jobEnv(ctx, data).away);
      out.send(
        { chatId: ctx.org.chat('leaders').chatId },
        buildWeeklyCard({
          from: lastMonday,
          to: addDays(monday, -1),
          opened,
          closed,
          trend,
          byClass: countByClass(owed),
          calendarWarnings: calendarOutlook(ctx.calendar, ctx.today).warnings,
        }),
      );
      return { opened, closed };
    });
  },
};
