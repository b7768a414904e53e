import { actingFor } from '../domain/engine/acting.ts';
import type { Effect } from '../domain/engine/effects.ts';
import { askActing, type Env, owing, type Refusal } from '../domain/engine/engine.ts';
import type { Step, WorkflowItem } from '../domain/engine/types.ts';
import { cardsByMessage, cardsOf } from '../store/indexes.ts';
import type { StoreData } from '../store/schema.ts';
import { applyTransition, stepCardRef } from './apply.ts';
import { awayOf } from './away.ts';
import type { Context } from './context.ts';
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
      return '选择“不同意”时请填写理由。';
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
 * §8, the way back: a party who is present again (销假, or the absence over) and whose step was asked of
 * whoever acted for them gets the step's card themself — they decide again, the one who acted may not.
 */
function askReturned(data: StoreData, item: WorkflowItem, env: Env): Effect[] {
  if (item.status !== 'in_progress') return [];
  const cards = cardsOf(data, item.id).map(([, c]) => c);
  return item.steps
    .filter((s) => s.status === 'active')
    .flatMap((step) => {
      const asked = cards.filter((c) => c.view === 'step' && c.stepId === step.id && c.person);
      return owing(step).flatMap((party): Effect[] =>
        asked.length > 0 &&
        !asked.some((c) => c.person === party) &&
        actingFor(party, env.today, env.org, env.away).person === party
          ? [{ type: 'ask', itemId: item.id, stepId: step.id, to: party }]
          : [],
      );
    });
}

/**
 * §8: once someone's absence stands, the steps already waiting on them go to whoever acts for them
 * today; once it is over, back to them. A card already sent is not sent again, and an item whose cards
 * all went out already is left alone.
 */
export function askActingForAll(data: StoreData, out: Out, env: Env, render: RenderEnv): void {
  for (const item of Object.values(data.items)) {
    const effects = [...askActing(item, env), ...askReturned(data, item, env)].filter(
      (e) => e.type !== 'ask' || !Object.hasOwn(data.cards, stepCardRef(item, e.stepId, e.to)),
    );
    if (effects.length > 0) applyTransition(data, out, item, effects, render);
  }
}
