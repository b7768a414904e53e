import { calendarChangeNotice, provisionalYearNotice } from '../../../cards/calendar-notices.ts';
import { applyTransition } from '../../bot/apply.ts';
import { calendarOutlook } from '../../domain/calendar.ts';
import { type DeadlineChange, recomputeItem } from '../../domain/recompute.ts';
import type { DateStr } from '../../domain/time.ts';
import type { Job } from '../job.ts';
import { jobRenderEnv } from './env.ts';

/** Where the job remembers, in the store's run records, what the government office was already told. */
export const calendarMarker = (year: number, status: 'provisional' | 'official'): string =>
  `calendar:${year}:${status}`;

/**
 * RULES.md "Working days": keeps open deadlines on the calendar as it stands. At the first tick after
 * start-up and whenever the calendar was replaced (the overrides file changed, see watchCalendar), every
 * open deadline is counted again and every card of a changed item redrawn; the government office gets the
 * list. Once a day it checks this year and the next: a year first seen provisional is announced once, and
 * its arrival as official is announced with the deadlines that moved. Runs first in a tick, so the digest
 * and the nags see the recomputed dates.
 */
export function calendarSyncJob(): Job {
  let appliedRevision: number | undefined;
  let checkedOn: DateStr | undefined;
  return {
    name: 'calendar-sync',
    time: '00:00',
    workingDaysOnly: false,
    oncePerDay: false,
    async run(ctx) {
      const revision = ctx.calendar.revision();
      const recount = appliedRevision !== revision;
      // The yearly check speaks to the government office: on working days only, like every scheduled message.
      const check = checkedOn !== ctx.today && ctx.calendar.isWorkday(ctx.today);
      if (!recount && !check) return { skipped: 'calendar unchanged' };
      const result = await ctx.transact((data, out) => {
        const env = jobRenderEnv(ctx);
        const changes: DeadlineChange[] = [];
        let items = 0;
        let backfilled = 0;
        if (recount) {
          for (const item of Object.values(data.items)) {
            const r = recomputeItem(item, ctx.calendar, ctx.org);
            if (!r) continue;
            applyTransition(data, out, r.item, [{ type: 'refresh', itemId: r.item.id }], env);
            changes.push(...r.changes);
            backfilled += r.backfilled;
            items++;
          }
        }
        const mark = (key: string) => {
          data.jobRuns[key] = {
            job: 'calendar-sync',
            date: ctx.today,
            at: ctx.at.toISOString(),
            late: false,
          };
        };
        const office = { chatId: ctx.org.chat('governmentOffice').chatId };
        const official: number[] = [];
        const years = check ? calendarOutlook(ctx.calendar, ctx.today).years : {};
        for (const [y, status] of Object.entries(years)) {
          const year = Number(y);
          if (status !== 'official' && !data.jobRuns[calendarMarker(year, 'provisional')]) {
            mark(calendarMarker(year, 'provisional'));
            out.send(office, provisionalYearNotice(year, status));
          }
        }
        // A year announced provisional that is official now (this year's, next year's, or one just past).
        for (const key of Object.keys(data.jobRuns)) {
          const m = /^calendar:(\d{4}):provisional$/.exec(key);
          const year = m ? Number(m[1]) : undefined;
          if (year === undefined || ctx.calendar.yearStatus(year) !== 'official') continue;
          if (data.jobRuns[calendarMarker(year, 'official')]) continue;
          mark(calendarMarker(year, 'official'));
          official.push(year);
        }
        if (official.length > 0 || changes.length > 0) {
          out.send(office, calendarChangeNotice({ official: official.sort(), changes }, ctx.today));
        }
        return { recounted: recount, items, moved: changes.length, backfilled, official };
      });
      appliedRevision = revision;
      if (check) checkedOn = ctx.today;
      return result;
    },
  };
}
