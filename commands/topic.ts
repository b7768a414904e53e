import { z } from 'zod';
import { buildTopicFormCard } from '../cards/topic-form.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import { alreadyFiled, envOf, filedFrom, refusalText, renderEnvOf } from '../src/bot/workflow.ts';
import { failedBefore, resubmitTopic, submitTopic } from '../src/domain/topic/topic.ts';
import { isTopic } from '../src/domain/topic/types.ts';
import { type TopicInput, validateTopic } from '../src/domain/topic/validate.ts';
import { nextId } from '../src/store/schema.ts';

export type TopicResult = { ok: true; id: string } | { ok: false; problems: string[]; filed?: string };

/**
 * Validates and files a topic (or the amendment of one sent back) in one transaction.
 * `trackerMessageId` turns the submitted form itself into the submitter's progress card.
 */
export async function fileTopic(
  ctx: Context,
  input: TopicInput,
  o: { trackerMessageId?: string; amend?: string } = {},
): Promise<TopicResult> {
  const me = ctx.actor.person.id;
  const checked = validateTopic(input, me, ctx.org, ctx.today);
  if (!checked.ok) return checked;
  return ctx.transact((data, out): TopicResult => {
    // The same form tapped twice (or its tap delivered again) files once; a sent-back topic's form
    // files its amendment once, while the topic is still sent back.
    const filed = o.trackerMessageId && filedFrom(data, o.trackerMessageId, o.amend);
    if (filed) return { ok: false, problems: [alreadyFiled(filed)], filed };
    const amended = o.amend ? ownItem(data, o.amend) : undefined;
    if (amended && amended.status !== 'rejected')
      return { ok: false, problems: [alreadyFiled(amended.id)], filed: amended.id };
    const env = envOf(ctx, data);
    let id = o.amend;
    let t: ReturnType<typeof submitTopic>;
    if (id) {
      const current = ownItem(data, id);
      if (!current || !isTopic(current)) return { ok: false, problems: ['找不到要修改的议题'] };
      t = resubmitTopic(current, me, checked.value, env);
      if (!t.ok) return { ok: false, problems: [refusalText(t.reason, current, undefined, ctx)] };
    } else {
      id = nextId(data, 'T');
      t = submitTopic(id, me, checked.value, env, failedBefore(Object.values(data.items), checked.value));
      if (!t.ok) return { ok: false, problems: [t.reason] };
    }
    // The submitted form becomes the tracker card (applyTransition then sends no second one).
    const ref = `${id}/tracker/${me}`;
    if (o.trackerMessageId && !data.cards[ref]) {
      data.cards[ref] = {
        itemId: id,
        view: 'tracker',
        person: me,
        messageId: o.trackerMessageId,
        sentAt: ctx.now.toISOString(),
      };
    }
    applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
    return { ok: true, id };
  });
}

export const topicCommand = defineCommand({
  name: 'topic',
  aliases: ['议题', '提请议题', 'topic'],
  summary: '提请区政府会议议题（§37–§41）',
  usage: ['/议题 — 打开议题申报表（常务会议、区长办公会议、业务会议、全体会议）'],
  who: anyone,
  args: z.string(),
  async run(ctx) {
    await ctx.reply(buildTopicFormCard({ org: ctx.org, submitter: ctx.actor.person.id }));
  },
});
