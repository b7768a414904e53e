import { askActing, type Env, holdersOf, type Refusal } from '../domain/engine/engine.ts';
import type { Step, WorkflowItem } from '../domain/engine/types.ts';
import { beijingInstant } from '../domain/time.ts';
import { TOPIC_STEP } from '../domain/topic/types.ts';
import { cardsByMessage, cardsOf } from '../store/indexes.ts';
import type { StoreData } from '../store/schema.ts';
import { applyTransition, needsStepCard, renewAgingCards } from './apply.ts';
import { awayOf } from './away.ts';
import { type CardReply, toast } from './card-action.ts';
import type { Context } from './context.ts';
import { ownItem } from './lookup.ts';
import type { Out } from './out.ts';
import { drawCard, type RenderEnv } from './render.ts';

/** The engine's environment for a context: now, the org, the calendar, and who is away (from leave). */
export function envOf(ctx: Pick<Context, 'now' | 'today' | 'org' | 'calendar'>, data: StoreData): Env {
  return {
    now: ctx.now,
    today: ctx.today,
    org: ctx.org,
    calendar: ctx.calendar,
    away: awayOf(data),
  };
}

export function renderEnvOf(ctx: Pick<Context, 'now' | 'today' | 'org'>): RenderEnv {
  return { now: ctx.now, today: ctx.today, org: ctx.org };
}

const STATUS_WORD: Partial<Record<WorkflowItem['status'], string>> = {
  approved: '已批准',
  recorded: '已登记',
  rejected: '已退回申请人',
  closed: '已办结',
};

function decidedBy(step: Step | undefined, ctx: Pick<Context, 'org'>): string {
  const r = step?.responses.find((x) => x.answer !== 'notified');
  if (!r) return '';
  const name = ctx.org.person(r.actor)?.name ?? '系统';
  const behalf =
    r.onBehalfOf && r.actor !== 'system' ? `（代 ${ctx.org.person(r.onBehalfOf)?.name ?? ''}）` : '';
  const word = {
    approve: '同意',
    reject: '不同意',
    agree: '同意',
    agree_with_comments: '原则同意',
    disagree: '不同意',
  }[r.answer as string];
  return `${name}${behalf}已${word ?? '办理'}`;
}

/** A refusal, in words an official understands, saying what already happened where it can. */
export function refusalText(
  reason: Refusal,
  item: WorkflowItem | undefined,
  stepId: string | undefined,
  ctx: Pick<Context, 'org'>,
): string {
  const step = item?.steps.find((s) => s.id === stepId);
  const owed = step?.parties.map((p) => ctx.org.person(p)?.name ?? p).join('、');
  switch (reason) {
    case 'not_assignee':
      return `您不是这一步的办理人，无法操作${owed ? `（应由 ${owed} 办理）` : ''}。`;
    case 'already_decided':
      return `这一步已经办理过了${step ? `：${decidedBy(step, ctx)}` : ''}，无需重复操作。`;
    case 'withdrawn':
      return '申请人已撤回该申请，无需再办理。';
    case 'not_active':
      return '这一步还没有轮到，请等待前一步办理完成。';
    case 'reason_required':
      // §24: the submitting unit's statement of each side's reasons is its whole content.
      return item?.kind === 'topic' && stepId === TOPIC_STEP.statement
        ? '请写明各方的意见和理由（§24），区政府分管领导据此协调。'
        : '选择“不同意”时请填写理由。';
    case 'not_submitter':
      return '只有申请人本人可以撤回或重新提交。';
    case 'closed':
      return `该事项${item ? (STATUS_WORD[item.status] ?? '已结束') : '已结束'}，无需再办理。`;
    case 'stale':
      return '这张卡片已过期（申请已修改后重新提交），请以最新卡片为准。';
    case 'wrong_answer':
      return '这个操作不适用于这一步。';
    case 'cannot_withdraw':
      return '已有领导审批，不能撤回；如需取消，请联系区政府办公室。';
    case 'own_case':
      return '这是您本人提交（或本人请假）的事项，按规定应当回避，不能由您审批，也不能由您代批；已交由其他领导办理。';
  }
}

/** The card that was tapped, redrawn from the item's current state for the one who tapped it. */
export function redraw(ctx: Context, item: WorkflowItem): object | undefined {
  const inb = ctx.inbound;
  if (inb.kind !== 'card') return undefined;
  const rec = cardsByMessage(ctx.store.data, inb.messageId).find(([, c]) => c.itemId === item.id)?.[1];
  return rec ? drawCard(item, rec, renderEnvOf(ctx)) : undefined;
}

/**
 * §8: each waiting step goes to whoever holds it today. When an absence begins, the stand-in gets the
 * card; when it ends (销假, or its last day passed), the person back at work gets the step back with a
 * card of their own, and the stand-in's copy is redrawn to say who holds it now, without buttons.
 * Cards already sent are not sent again, so calling it at every tick is harmless.
 */
export function askActingForAll(data: StoreData, out: Out, env: Env, render: RenderEnv): void {
  const day = {
    workday: env.calendar.isWorkday(env.today),
    nextWorkdayStarts: beijingInstant(env.calendar.nextWorkday(env.today)),
  };
  for (const item of Object.values(data.items)) {
    if (item.status !== 'in_progress') continue;
    const handed = handOver(data, item, env);
    // Only asks that send a card: storing every open item again at every tick would cost a write each.
    const effects = askActing(item, env).filter(
      (e) => e.type === 'ask' && env.org.openIdOf(e.to) && needsStepCard(data, item, e.stepId, e.to),
    );
    if (handed) effects.push({ type: 'refresh', itemId: item.id });
    if (effects.length > 0) applyTransition(data, out, item, effects, render);
    // A card still awaiting its recipient is sent afresh before Feishu stops updating it (14 days).
    renewAgingCards(data, out, item, render, day);
  }
}

/**
 * Marks the step cards of stand-ins who no longer hold the step (`handedTo`); true when any was. A
 * card of a party themself, or of someone still holding an answer, stays as it is.
 */
function handOver(data: StoreData, item: WorkflowItem, env: Env): boolean {
  let handed = false;
  for (const [ref, rec] of cardsOf(data, item.id)) {
    // Only a stand-in's card (asked on someone's behalf) is handed over; the party's own stays.
    if (rec.view !== 'step' || !rec.person || !rec.onBehalfOf || rec.handedTo) continue;
    const step = item.steps.find((s) => s.id === rec.stepId);
    if (step?.status !== 'active' || step.parties.includes(rec.person)) continue;
    const holder = holdersOf(item, step, env).get(rec.onBehalfOf);
    if (holder === undefined || holder === rec.person) continue;
    // Records are replaced, never edited in place (the store journals replacements).
    data.cards[ref] = { ...rec, handedTo: holder };
    handed = true;
  }
  return handed;
}

/**
 * The item a form message already filed (its tracker or overview card is that message): a form submits
 * at most once, however often it is tapped or its tap delivered again. `amending` is the item a
 * sent-back form is allowed to file again.
 */
export function filedFrom(data: StoreData, messageId: string, amending?: string): string | undefined {
  if (!messageId) return undefined;
  const rec = cardsByMessage(data, messageId).find(
    ([, c]) => (c.view === 'tracker' || c.view === 'overview') && c.itemId !== amending,
  );
  return rec?.[1].itemId;
}

/** The answer to a second submission of one form. */
export const alreadyFiled = (id: string) => `已提交为 ${id}，无需重复提交。`;

/** A form tapped again after it filed: nothing changes, the card shows the item it became. */
export function onceFiled(ctx: Context, id: string): CardReply {
  const item = ownItem(ctx.store.data, id);
  return toast('info', alreadyFiled(id), item && redraw(ctx, item));
}
