import { z } from 'zod';
import { buildTopicTrackerCard, TOPIC_ACTIONS } from '../cards/topic.ts';
import { buildTopicFormCard } from '../cards/topic-form.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { type CardAction, defineCardAction, toast } from '../src/bot/card-action.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import { envOf, onceFiled, redraw, refusalText, renderEnvOf } from '../src/bot/workflow.ts';
import { DATE_WINDOWS, outsideWindow } from '../src/domain/date-windows.ts';
import { formatCn, isValidDate } from '../src/domain/time.ts';
import { procedureInput } from '../src/domain/topic/procedure.ts';
import { decideTopic, withdrawTopic } from '../src/domain/topic/topic.ts';
import { isTopic, PROCEDURE_KEYS, PROCEDURE_LABEL, type TopicItem } from '../src/domain/topic/types.ts';
import type { TopicInput } from '../src/domain/topic/validate.ts';
import { DATE_FIELD_MAX } from '../src/parse/dates.ts';
import { fileTopic } from './topic.ts';
import { dateField, list, str } from './topic-form-values.ts';

const formValue = z.record(z.string(), z.unknown()).default({});
const itemId = z.string().max(40);

function topicOf(ctx: Context, id: string): TopicItem | undefined {
  const item = ownItem(ctx.store.data, id);
  return item && isTopic(item) ? item : undefined;
}

function inputOf(f: Record<string, unknown>, now: Date): TopicInput {
  return {
    meeting: str(f.meeting),
    chair: str(f.chair),
    unit: str(f.unit),
    title: str(f.title),
    background: str(f.background),
    problems: str(f.problems),
    matters: str(f.matters),
    solution: str(f.solution),
    recommendation: str(f.recommendation),
    affected: list(f.affected),
    legal: str(f.legal),
    major: str(f.major),
    attachments: str(f.attachments),
    publicInterest: str(f.publicInterest),
    deputy: str(f.deputy),
    procedure: Object.fromEntries(
      PROCEDURE_KEYS.map((k) => [
        k,
        {
          state: str(f[`${k}_state`]),
          what: str(f[`${k}_what`]),
          by: str(f[`${k}_by`]),
          on: dateField(f[`${k}_on`], now),
          material: str(f[`${k}_material`]),
        },
      ]),
    ),
  };
}

const submitAction = defineCardAction({
  action: TOPIC_ACTIONS.submit,
  fieldLimits: PROCEDURE_KEYS.map((k) => ({
    name: `${k}_on`,
    label: `${PROCEDURE_LABEL[k]}：日期`,
    max: DATE_FIELD_MAX,
  })),
  schema: z.object({ action: z.literal(TOPIC_ACTIONS.submit), item: itemId.optional(), form: formValue }),
  async run(ctx, v) {
    const input = inputOf(v.form, ctx.now);
    const messageId = ctx.inbound.kind === 'card' ? ctx.inbound.messageId : undefined;
    const r = await fileTopic(ctx, input, { trackerMessageId: messageId, amend: v.item });
    if (!r.ok && r.filed) return onceFiled(ctx, r.filed);
    if (!r.ok) {
      const more = r.problems.length > 1 ? ` 等${r.problems.length}项` : '';
      return toast(
        'error',
        `请补充后再提交：${r.problems[0]}${more}`,
        buildTopicFormCard({
          org: ctx.org,
          submitter: ctx.actor.person.id,
          values: input,
          problems: r.problems,
          item: v.item,
        }),
      );
    }
    const item = topicOf(ctx, r.id)!;
    return toast(
      'success',
      `${v.item ? '已重新提交' : '已提交'} ${r.id}`,
      buildTopicTrackerCard(item, renderEnvOf(ctx)),
    );
  },
});

/** The head's (or chairing vice head's) decision, with the meeting date picked on the card (§38–§40). */
const decideAction = defineCardAction({
  action: TOPIC_ACTIONS.decide,
  fieldLimits: [
    { name: 'meetingDate', label: '会议日期', max: DATE_FIELD_MAX },
    { name: 'comment', label: '意见', max: 500 },
  ],
  schema: z.object({
    action: z.literal(TOPIC_ACTIONS.decide),
    item: itemId,
    step: z.string().max(20),
    round: z.number().int().positive(),
    answer: z.enum(['approve', 'reject']),
    form: formValue,
  }),
  async run(ctx, v) {
    const date = dateField(v.form.meetingDate, ctx.now);
    const comment = str(v.form.comment)?.trim();
    const current = topicOf(ctx, v.item);
    if (!current) return toast('warning', '找不到这个议题，卡片可能已失效。');
    if (v.answer === 'approve') {
      if (!date) return toast('error', '请先选择会议日期，再点“同意上会”。', redraw(ctx, current));
      if (!isValidDate(date))
        return toast('error', `会议日期“${date}”无法识别，请重新选择。`, redraw(ctx, current));
      const outside = outsideWindow('会议日期', date, DATE_WINDOWS.meetingDate, ctx.today);
      if (date >= ctx.today && outside) return toast('error', outside, redraw(ctx, current));
      if (date < ctx.today) {
        return toast(
          'error',
          `会议日期${formatCn(date, ctx.today)}已经过去，请重新选择。`,
          redraw(ctx, current),
        );
      }
    }
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (!item || !isTopic(item)) return '找不到这个议题，卡片可能已失效。';
      const act = { stepId: v.step, round: v.round, actor: ctx.actor.person.id, answer: v.answer, comment };
      const t = decideTopic(item, act, envOf(ctx, data), date);
      if (!t.ok) return refusalText(t.reason, item, v.step, ctx);
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      return undefined;
    });
    const item = topicOf(ctx, v.item)!;
    if (text) return toast('warning', text, redraw(ctx, item));
    const done = v.answer === 'approve' ? `已确定上会：${formatCn(date!, ctx.today)}` : '已退回提请单位';
    return toast('success', done, redraw(ctx, item));
  },
});

const withdrawAction = defineCardAction({
  action: TOPIC_ACTIONS.withdraw,
  schema: z.object({ action: z.literal(TOPIC_ACTIONS.withdraw), item: itemId, form: formValue }),
  async run(ctx, v) {
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (!item || !isTopic(item)) return '找不到这个议题。';
      const t = withdrawTopic(item, ctx.actor.person.id, envOf(ctx, data));
      if (!t.ok) return refusalText(t.reason, item, undefined, ctx);
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      return undefined;
    });
    const item = topicOf(ctx, v.item);
    const card = item && redraw(ctx, item);
    return text ? toast('warning', text, card) : toast('success', '已撤回', card);
  },
});

/** 修改后重新提交: the tracker turns into the form, filled with the topic as it was sent back. */
const amendAction = defineCardAction({
  action: TOPIC_ACTIONS.amend,
  schema: z.object({ action: z.literal(TOPIC_ACTIONS.amend), item: itemId, form: formValue }),
  async run(ctx, v) {
    const item = topicOf(ctx, v.item);
    if (!item) return toast('warning', '找不到这个议题。');
    if (item.submitter !== ctx.actor.person.id)
      return toast('warning', refusalText('not_submitter', item, undefined, ctx));
    if (item.status !== 'rejected')
      return toast('warning', refusalText('closed', item, undefined, ctx), redraw(ctx, item));
    const f = item.fields;
    const values: TopicInput = {
      ...f,
      legal: f.legal ? 'yes' : 'no',
      major: f.major ? 'yes' : 'no',
      attachments: f.attachments.join(' '),
      procedure: procedureInput(f.procedure),
      publicInterest: f.procedure ? (f.publicInterest ? 'yes' : 'no') : undefined,
      deputy: f.deputy ? (ctx.org.person(f.deputy)?.name ?? f.deputy) : undefined,
    };
    return toast(
      'info',
      '请修改后重新提交',
      buildTopicFormCard({ org: ctx.org, submitter: ctx.actor.person.id, values, item: item.id }),
    );
  },
});

export const topicActions: CardAction<unknown>[] = [submitAction, decideAction, withdrawAction, amendAction];
