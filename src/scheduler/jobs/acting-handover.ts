import { askActingForAll } from '../../bot/workflow.ts';
import type { Job } from '../job.ts';
import { jobEnv, jobRenderEnv } from './env.ts';

/**
 * §8 on the first day of an absence: steps already waiting on someone who is now away are sent to
 * whoever acts for them (their AB partner, the executive vice head, the designated presider). Runs at
 * every tick: cheap when nothing changed, as a card already sent is never sent twice.
 */
export const actingHandoverJob: Job = {
  name: 'acting-handover',
  time: '00:00',
  workingDaysOnly: false,
  oncePerDay: false,
  run: (ctx) =>
    ctx.transact((data, out) => {
      const before = out.queued;
      askActingForAll(data, out, jobEnv(ctx, data), jobRenderEnv(ctx));
      return { cards: out.queued - before };
    }),
};
