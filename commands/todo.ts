import { z } from 'zod';
import { buildTodoCard, TASKS_OPEN } from '../cards/todo.ts';
import { defineCardAction, toast } from '../src/bot/card-action.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { ownItem } from '../src/bot/lookup.ts';
import type { Out } from '../src/bot/out.ts';
import { drawCard, type RenderEnv } from '../src/bot/render.ts';
import { envOf, renderEnvOf } from '../src/bot/workflow.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { waitingOn, waitsOn } from '../src/domain/ledger/todo.ts';
import type { CardRecord, StoreData } from '../src/store/schema.ts';
import { noArgs } from './args.ts';

/**
 * Sends a step's card to a person again (a new message, recorded like any other so it is patched as
 * the item moves on). False when the person has no open_id.
 */
export function sendStepCard(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  stepId: string,
  person: string,
  env: RenderEnv,
): boolean {
  const openId = env.org.openIdOf(person);
  if (!openId) return false;
  const base = `${item.id}/${stepId}/r${item.round}/${person}/open-${env.now.getTime()}`;
  let ref = base;
  for (let i = 1; data.cards[ref]; i++) ref = `${base}-${i}`;
  const rec: CardRecord = { itemId: item.id, view: 'step', stepId, person, sentAt: env.now.toISOString() };
  data.cards[ref] = rec;
  out.send({ openId }, drawCard(item, rec, env), ref);
  return true;
}

export const todoCommand = defineCommand({
  name: 'todo',
  aliases: ['我的待办', '待办', 'todo'],
  summary: '查看等待我办理的全部事项（请假、议题、批示等）',
  usage: ['/我的待办'],
  who: anyone,
  args: noArgs,
  async run(ctx) {
    const data = ctx.store.data;
    const list = waitingOn(Object.values(data.items), ctx.actor.person.id, envOf(ctx, data));
    await ctx.reply(buildTodoCard(list, ctx.org, ctx.today));
  },
});

/** 打开: re-sends the step's card, after checking again that the step still waits on the one who tapped. */
export const todoOpenAction = defineCardAction({
  action: TASKS_OPEN,
  schema: z.object({
    action: z.literal(TASKS_OPEN),
    item: z.string().max(40),
    step: z.string().max(20),
    form: z.record(z.string(), z.unknown()).default({}),
  }),
  async run(ctx, v) {
    const me = ctx.actor.person.id;
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (!item) return '找不到这个事项，可能已经归档。';
      if (!waitsOn(item, v.step, me, envOf(ctx, data)))
        return '这一步已不在您的待办中（已经办理，或不由您办理）。';
      return sendStepCard(data, out, item, v.step, me, renderEnvOf(ctx))
        ? undefined
        : '无法向您发送卡片，请联系区政府办公室。';
    });
    return text ? toast('warning', text) : toast('success', '已发送，请在最新的卡片上办理。');
  },
});
