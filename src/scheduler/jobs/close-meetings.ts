import { applyTransition } from '../../bot/apply.ts';
import { awayOf } from '../../bot/away.ts';
import { isLeave } from '../../domain/leave/absences.ts';
import { closePastMeeting } from '../../domain/meeting/meeting.ts';
import { isMeeting } from '../../domain/meeting/types.ts';
import type { Job } from '../job.ts';

/**
 * §36, §42: once a meeting's day has passed its notice asks nothing more — the reply step is closed (no
 * nag for a meeting already held) and an excuse nobody decided lapses. Runs at every tick.
 */
export const closeMeetingsJob: Job = {
  name: 'close-meetings',
  time: '00:00',
  workingDaysOnly: false,
  oncePerDay: false,
  async run(ctx) {
    const closed = await ctx.transact((data, out) => {
      const env = { now: ctx.at, today: ctx.today, org: ctx.org, calendar: ctx.calendar, away: awayOf(data) };
      const render = { org: ctx.org, today: ctx.today, now: ctx.at };
      const ids: string[] = [];
      for (const item of Object.values(data.items)) {
        if (!isMeeting(item) || item.fields.date >= ctx.today || item.status === 'closed') continue;
        const leaves = Object.values(data.items)
          .filter(isLeave)
          .filter((l) => l.fields.meeting?.meetingId === item.id);
        const r = closePastMeeting(item, leaves, env);
        if (!r?.ok) continue;
        applyTransition(data, out, r.item, r.effects, render);
        for (const l of r.leaves) applyTransition(data, out, l, [{ type: 'refresh', itemId: l.id }], render);
        ids.push(item.id);
      }
      return ids;
    });
    return { closed };
  },
};
