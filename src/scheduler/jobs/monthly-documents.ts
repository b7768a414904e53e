import '../../../cards/duty.ts';
import { applyTransition } from '../../bot/apply.ts';
import { startMonthlyDocumentList } from '../../domain/duty.ts';
import { addDays, dateParts } from '../../domain/time.ts';
import { nextId } from '../../store/schema.ts';
import type { Job } from '../job.ts';
import { jobEnv, jobRenderEnv } from './env.ts';

/** §70: on the month's first working day each department's main head is asked for last month's list. */
export const monthlyDocumentsJob: Job = {
  name: 'monthly-documents',
  time: (org) => org.digestTime(),
  workingDaysOnly: true,
  oncePerDay: true,
  async run(ctx) {
    const { year, month } = dateParts(ctx.today);
    if (ctx.calendar.firstWorkdayOfMonth(year, month) !== ctx.today)
      return { skipped: 'not the first working day' };
    const period = addDays(`${year}-${String(month).padStart(2, '0')}-01`, -1).slice(0, 7);
    return ctx.transact((data, out) => {
      const env = jobEnv(ctx, data);
      const asked: string[] = [];
      for (const dept of ctx.org.departments()) {
        const exists = Object.values(data.items).some(
          (i) =>
            i.kind === 'duty' &&
            i.departmentId === dept.id &&
            (i.fields as { period?: string }).period === period,
        );
        if (exists) continue;
        const t = startMonthlyDocumentList(nextId(data, 'D'), dept, period, env);
        if (!t.ok) continue;
        applyTransition(data, out, t.item, t.effects, jobRenderEnv(ctx));
        asked.push(dept.id);
      }
      return { period, asked: asked.length };
    });
  },
};
