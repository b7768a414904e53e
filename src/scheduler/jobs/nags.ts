import { buildEscalationText, nagBanner } from '../../../cards/nag.ts';
import { drawCard } from '../../bot/render.ts';
import { actingFor } from '../../domain/engine/acting.ts';
import { escalationTarget, type Owed, owedSteps, RED_LIGHT_WORKDAYS } from '../../domain/reminders.ts';
import type { CardRecord } from '../../store/schema.ts';
import type { Job } from '../job.ts';
import { jobEnv, jobRenderEnv } from './env.ts';

/**
 * RULES.md "Reminders": whoever owes a step that is due today or overdue gets the step's card again,
 * with a 催办 banner, every working day, at the org file's `schedule.nagTime` (09:00 by default); from
 * ESCALATE_AFTER_WORKDAYS working days overdue their supervising leader is told too (a leave approval
 * on its due day, the last working day before the departure); from three (red light) the nag buzzes.
 * `nags` records (item, step, person, day): never twice a day.
 */
export const nagsJob: Job = {
  name: 'nags',
  time: (org) => org.nagTime(),
  workingDaysOnly: true,
  oncePerDay: true,
  run: (ctx) =>
    ctx.transact((data, out) => {
      const env = jobEnv(ctx, data);
      const render = jobRenderEnv(ctx);
      let nagged = 0;
      let escalated = 0;
      let urgent = 0;
      const escalations = new Map<string, Owed[]>();
      for (const o of owedSteps(Object.values(data.items), ctx.today, ctx.org, ctx.calendar, env.away)) {
        const key = `${o.itemId}:${o.stepId}:${o.owner}:${ctx.today}`;
        const item = data.items[o.itemId];
        const openId = ctx.org.openIdOf(o.owner);
        if (data.nags[key] || !item || !openId) continue;
        data.nags[key] = ctx.at.toISOString();
        const ref = `${o.itemId}/${o.stepId}/r${o.round}/${o.owner}/nag-${ctx.today}`;
        const rec: CardRecord = {
          itemId: o.itemId,
          view: 'step',
          stepId: o.stepId,
          person: o.owner,
          sentAt: ctx.at.toISOString(),
          banner: nagBanner(o, ctx.today),
        };
        data.cards[ref] = rec;
        out.send({ openId }, drawCard(item, rec, render), ref);
        nagged++;
        if (o.overdueWorkdays >= RED_LIGHT_WORKDAYS) {
          out.urgent(ref, [openId]);
          urgent++;
        }
        const over = o.escalate ? escalationTarget(o, ctx.org) : undefined;
        // A supervising leader who is away is replaced by whoever acts for them (§8).
        const leader = over && actingFor(over, ctx.today, ctx.org, env.away).person;
        const escKey = `${o.itemId}:${o.stepId}:${o.owner}:${ctx.today}:escalated`;
        if (leader && !data.nags[escKey]) {
          data.nags[escKey] = ctx.at.toISOString();
          escalations.set(leader, [...(escalations.get(leader) ?? []), o]);
          escalated++;
        }
      }
      // One message per leader a day, listing everything overdue under them, not one per step.
      for (const [leader, list] of escalations) {
        const openId = ctx.org.openIdOf(leader);
        if (openId) out.send({ openId }, buildEscalationText(list, ctx.org, ctx.today));
      }
      return { nagged, escalated, urgent };
    }),
};
