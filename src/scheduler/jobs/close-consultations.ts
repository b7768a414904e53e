import { applyTransition } from '../../bot/apply.ts';
import { awayOf } from '../../bot/away.ts';
import { kindSpec } from '../../bot/render.ts';
import { expire } from '../../domain/engine/engine.ts';
import type { Job } from '../job.ts';

/**
 * §50: a countersign round whose deadline has passed is closed — silence recorded as "no objection
 * (deadline passed)" — and the route moves on. Runs at every tick of a working day, so a round closes
 * at the start of the first working day after its due day, whatever the workflow: the next step's card
 * never goes out on a holiday.
 */
export const closeConsultationsJob: Job = {
  name: 'close-consultations',
  time: '00:00',
  workingDaysOnly: true,
  oncePerDay: false,
  async run(ctx) {
    const closed = await ctx.transact((data, out) => {
      const env = {
        now: ctx.at,
        today: ctx.today,
        org: ctx.org,
        calendar: ctx.calendar,
        away: awayOf(data),
      };
      const ids: string[] = [];
      for (const item of Object.values(data.items)) {
        const t = expire(item, env);
        if (!t?.ok) continue;
        kindSpec(item.kind); // the kind must be known to redraw its cards
        applyTransition(data, out, t.item, t.effects, { org: ctx.org, today: ctx.today, now: ctx.at });
        ids.push(item.id);
      }
      return ids;
    });
    return { closed };
  },
};
