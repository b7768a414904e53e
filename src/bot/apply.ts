import type { Effect } from '../domain/engine/effects.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { Target } from '../lark/gateway.ts';
import { cardContent } from '../lark/outbox.ts';
import { cardsOf } from '../store/indexes.ts';
import type { CardRecord, StoreData } from '../store/schema.ts';
import { syncApprovalCenter } from './approval-sync.ts';
import type { Out } from './out.ts';
import { drawCard, kindSpec, type RenderEnv } from './render.ts';

/** The record key of the step card sent to `to` for an item's step in its current round. */
export const stepCardRef = (item: WorkflowItem, stepId: string, to: string): string =>
  `${item.id}/${stepId}/r${item.round}/${to}`;

export interface Undelivered {
  itemId: string;
  person: string;
}

/**
 * Stores an item and turns the effects of its transition into outbox entries, in the caller's
 * transaction. Every card sent is recorded, so `refresh` can patch every copy of it.
 */
export function applyTransition(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  effects: Effect[],
  env: RenderEnv,
): Undelivered[] {
  data.items[item.id] = item;
  const renderer = kindSpec(item.kind);
  const undelivered: Undelivered[] = [];
  const sentAt = env.now.toISOString();

  const targetOf = (to: { person: string } | { chat: string }): Target | undefined => {
    if ('chat' in to) return { chatId: env.org.chat(to.chat as never).chatId };
    const openId = env.org.openIdOf(to.person);
    if (!openId) undelivered.push({ itemId: item.id, person: to.person });
    return openId ? { openId } : undefined;
  };
  const fresh = new Set<string>();
  const sendCard = (ref: string, rec: CardRecord, target: Target) => {
    data.cards[ref] = rec;
    fresh.add(ref);
    out.send(target, drawCard(item, rec, env), ref);
  };

  for (const e of effects) {
    if (e.type === 'ask') {
      const target = targetOf({ person: e.to });
      const ref = stepCardRef(item, e.stepId, e.to);
      if (target && !data.cards[ref]) {
        sendCard(ref, { itemId: item.id, view: 'step', stepId: e.stepId, person: e.to, sentAt }, target);
      }
    } else if (e.type === 'inform') {
      const what = renderer.inform(item, e.about, env, e.detail);
      const target = what && targetOf(e.to);
      if (!what || !target) continue;
      if ('text' in what) out.send(target, what.text);
      else {
        const who = 'chat' in e.to ? `chat:${e.to.chat}` : e.to.person;
        const ref = `${item.id}/${what.view}/${who}`;
        const rec: CardRecord = { itemId: item.id, view: what.view, sentAt };
        if ('chat' in e.to) rec.chat = e.to.chat;
        else rec.person = e.to.person;
        if (!data.cards[ref]) sendCard(ref, rec, target);
      }
    }
  }
  if (effects.some((e) => e.type === 'refresh')) refreshCards(data, out, item, fresh);
  // The Approval Center (三方审批) shows the item as it now stands, in the same write (when it is on).
  syncApprovalCenter(data, item, env);
  return undelivered;
}

/**
 * Patches every card of an item that was sent before (new ones were drawn from the new state already).
 * Each is drawn when its patch goes out (see `drawPatch`), so a change costs one outbox entry per copy.
 */
export function refreshCards(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  skip: ReadonlySet<string> = new Set(),
): void {
  for (const [ref] of cardsOf(data, item.id)) {
    if (skip.has(ref)) continue;
    out.patch(ref);
  }
}

/** The content of a patch queued without one: the card as its item stands now; none when either is gone. */
export function drawPatch(data: StoreData, ref: string, env: RenderEnv): string | undefined {
  const rec = Object.hasOwn(data.cards, ref) ? data.cards[ref] : undefined;
  const item = rec && Object.hasOwn(data.items, rec.itemId) ? data.items[rec.itemId] : undefined;
  return rec && item ? cardContent(drawCard(item, rec, env)) : undefined;
}
