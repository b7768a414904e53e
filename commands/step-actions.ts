import { z } from 'zod';
import { STEP_DECIDE } from '../cards/step-card.ts';
import { replanLeaders } from '../src/bot/acting-plans.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { defineCardAction, toast } from '../src/bot/card-action.ts';
import { runFollowUps } from '../src/bot/follow-ups.ts';
import { ownItem } from '../src/bot/lookup.ts';
import { followExcuse } from '../src/bot/meeting-sync.ts';
import { kindSpec } from '../src/bot/render.ts';
import { askActingForAll, envOf, redraw, refusalText, renderEnvOf } from '../src/bot/workflow.ts';

const DONE: Record<string, string> = {
  approve: '已同意',
  reject: '已退回',
  agree: '已回复：同意',
  agree_with_comments: '已回复：原则同意',
  disagree: '已回复：不同意',
  acknowledged: '已签收',
};

/**
 * An answer on any step card. Authorisation is by the operator's open_id against the step's parties
 * and §8 acting arrangements, never by who received the card; an edited value that names another item
 * or step is judged the same way.
 */
export const stepDecideAction = defineCardAction({
  action: STEP_DECIDE,
  fieldLimits: [{ name: 'comment', label: '意见', max: 500 }],
  schema: z.object({
    action: z.literal(STEP_DECIDE),
    item: z.string().max(40),
    step: z.string().max(20),
    round: z.number().int().positive(),
    party: z.string().max(60).optional(),
    answer: z.enum(['approve', 'reject', 'agree', 'agree_with_comments', 'disagree', 'acknowledged']),
    form: z.record(z.string(), z.unknown()).default({}),
  }),
  async run(ctx, v) {
    const raw = v.form.comment;
    const comment = typeof raw === 'string' ? raw.trim() : undefined;
    const result = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (!item) return { ok: false as const, text: '找不到这个事项，卡片可能已失效。' };
      const t = kindSpec(item.kind).decide(
        item,
        {
          stepId: v.step,
          round: v.round,
          actor: ctx.actor.person.id,
          answer: v.answer,
          comment,
          party: v.party,
        },
        envOf(ctx, data),
      );
      if (!t.ok) return { ok: false as const, text: refusalText(t.reason, item, v.step, ctx) };
      runFollowUps(data, out, t.item, item, envOf(ctx, data), renderEnvOf(ctx));
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      // §42: a meeting excuse decided shows on the meeting's attendance.
      followExcuse(data, out, t.item, envOf(ctx, data), renderEnvOf(ctx));
      // A leave that now stands makes its holder away: what waits on them goes to who acts (§8), and
      // the other leaders' acting arrangements it changes are redrawn and told.
      if (t.item.kind === 'leave' && t.item.status === 'approved') {
        replanLeaders(data, out, t.item, item, envOf(ctx, data), renderEnvOf(ctx));
        askActingForAll(data, out, envOf(ctx, data), renderEnvOf(ctx));
      }
      return { ok: true as const, behalf: t.item.trail.at(-1)?.onBehalfOf };
    });
    const item = ownItem(ctx.store.data, v.item);
    const card = item && redraw(ctx, item);
    if (!result.ok) return toast('warning', result.text, card);
    const behalf = result.behalf ? `（代 ${ctx.org.person(result.behalf)?.name ?? ''}）` : '';
    // §24: a topic's statement of each side's reasons is no 签收.
    const done =
      item?.kind === 'topic' && v.step === 'consults' ? '已提交，待分管副区长协调' : DONE[v.answer];
    return toast('success', `${done}${behalf}`, card);
  },
});
