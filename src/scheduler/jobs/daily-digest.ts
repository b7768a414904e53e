import { buildDigestCard } from '../../../cards/digest.ts';
import { buildFailedMessagesLine } from '../../../cards/failed-messages.ts';
import { computeDigest } from '../../domain/reminders.ts';
import type { Job } from '../job.ts';
import { jobEnv } from './env.ts';

/** RULES.md "Reminders and digests": every working day, one card in the leaders' and the supervision office's groups. */
export const dailyDigestJob: Job = {
  name: 'daily-digest',
  time: (org) => org.digestTime(),
  workingDaysOnly: true,
  oncePerDay: true,
  run: (ctx) =>
    ctx.transact((data, out) => {
      const env = jobEnv(ctx, data);
      const d = computeDigest(Object.values(data.items), ctx.today, ctx.org, ctx.calendar, env.away);
      const card = buildDigestCard(d, ctx.org, { late: ctx.late });
      for (const chat of ['leaders', 'supervision'] as const)
        out.send({ chatId: ctx.org.chat(chat).chatId }, card);
      const failed = buildFailedMessagesLine(data.outbox);
      if (failed) out.send({ chatId: ctx.org.chat('governmentOffice').chatId }, failed);
      return { overdue: d.overdue.length, dueToday: d.dueToday.length, late: ctx.late };
    }),
};
