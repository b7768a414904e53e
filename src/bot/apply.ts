import type { Effect } from '../domain/engine/effects.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { CARD_RENEW_DAYS, CARD_UPDATE_DAYS, canPatch, cardAgeDays } from '../lark/card-window.ts';
import type { Target } from '../lark/gateway.ts';
import { cardContent } from '../lark/outbox.ts';
import { cardsOf } from '../store/indexes.ts';
import type { CardRecord, StoreData } from '../store/schema.ts';
import { syncApprovalCenter } from './approval-sync.ts';
import { type Out, personTarget } from './out.ts';
import { drawCard, hasAction, kindSpec, type RenderEnv } from './render.ts';

export interface Undelivered {
  itemId: string;
  person: string;
}

/** Where the card asking `person` to act on a step of this round is recorded. */
export const stepCardRef = (item: Pick<WorkflowItem, 'id' | 'round'>, stepId: string, person: string) =>
  `${item.id}/${stepId}/r${item.round}/${person}`;

/** Whether asking `person` would send a card: they have none for the step (or theirs was handed on). */
export function needsStepCard(data: StoreData, item: WorkflowItem, stepId: string, person: string): boolean {
  const ref = stepCardRef(item, stepId, person);
  const rec = Object.hasOwn(data.cards, ref) ? data.cards[ref] : undefined;
  return !rec || rec.handedTo !== undefined;
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
      // A stand-in's card that was handed back is sent afresh when the step comes to them again.
      if (target && (!data.cards[ref] || data.cards[ref].handedTo)) {
        const rec: CardRecord = { itemId: item.id, view: 'step', stepId: e.stepId, person: e.to, sentAt };
        if (e.onBehalfOf) rec.onBehalfOf = e.onBehalfOf;
        sendCard(ref, rec, target);
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
  if (effects.some((e) => e.type === 'refresh')) refreshCards(data, out, item, env, fresh);
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
  env: RenderEnv,
  skip: ReadonlySet<string> = new Set(),
): void {
  const cards = cardsOf(data, item.id);
  const newest = newestAsks(cards);
  for (const [ref, rec] of cards) {
    if (skip.has(ref) || rec.retired) continue;
    if (canPatch(rec.sentAt, env.now)) out.patch(ref);
    // Too old for Feishu to update (230031): a card that now asks something of its recipient goes afresh
    // (once: not each of its older 催办 copies).
    else if (newest(ref) && asksRecipient(item, rec, env)) renewCard(data, out, item, ref, rec, env);
  }
}

/**
 * Of the cards asking one recipient the same thing — a step card and the 催办 copies the nags send every
 * working day (issue 14) — the newest: only it is renewed; the older ones are superseded already.
 */
function newestAsks(cards: ReadonlyArray<[string, CardRecord]>): (ref: string) => boolean {
  let refs: Set<string> | undefined; // worked out when first asked: most calls never need it
  return (ref) => {
    if (!refs) {
      const newest = new Map<string, [ref: string, sentAt: string]>();
      for (const [r, rec] of cards) {
        if (rec.retired) continue;
        const key = [rec.view, rec.stepId, rec.person, rec.onBehalfOf, rec.chat].join('|');
        const seen = newest.get(key);
        if (!seen || rec.sentAt > seen[1]) newest.set(key, [r, rec.sentAt]);
      }
      refs = new Set([...newest.values()].map(([r]) => r));
    }
    return refs.has(ref);
  };
}

/** Today as the card renewal sees it: a working day or not, and when the next one begins. */
export interface RenewalDay {
  workday: boolean;
  nextWorkdayStarts: Date;
}

/**
 * Whether a card asks its recipient for something now (it carries a button). A tracker is the
 * submitter's own view — its withdraw button is no step owed — and is only redrawn while it can be.
 */
function asksRecipient(item: WorkflowItem, rec: CardRecord, env: RenderEnv): boolean {
  return rec.view !== 'tracker' && hasAction(drawCard(item, rec, env));
}

/**
 * Sends a card afresh under its ref; the old message keeps a retired record of its own and, while Feishu
 * still accepts an update of it, is redrawn to say where to look now (without buttons).
 */
export function renewCard(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  ref: string,
  rec: CardRecord,
  env: RenderEnv,
): void {
  const target: Target | undefined = rec.chat
    ? { chatId: env.org.chat(rec.chat as never).chatId }
    : rec.person
      ? personTarget(env.org, rec.person)
      : undefined;
  if (!target) return;
  const retiredRef = `${ref}~${rec.sentAt}`;
  const retired: CardRecord = { ...rec, retired: true };
  data.cards[retiredRef] = retired;
  if (canPatch(rec.sentAt, env.now)) out.patch(retiredRef, drawCard(item, retired, env));
  const { messageId: _old, banner: _banner, ...rest } = rec;
  const fresh: CardRecord = { ...rest, sentAt: env.now.toISOString() };
  data.cards[ref] = fresh;
  out.send(target, drawCard(item, fresh, env), ref);
}

/**
 * Cards from CARD_RENEW_DAYS old that still ask their recipient for something, sent afresh (each tick).
 * Only cards up to two days past Feishu's window are looked at (a bot down over the renewal day still
 * catches up); older ones are renewed by the next change of their item (`refreshCards`), so a tick's
 * work stays bounded however much history the open items carry.
 * Nothing is sent on a weekend or holiday (issue 14): a card that would pass Feishu's window before the
 * next working day is renewed on the working day before it instead — or, should the bot have been down
 * then, at once.
 */
export function renewAgingCards(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  env: RenderEnv,
  day: RenewalDay,
): void {
  const cards = cardsOf(data, item.id);
  const newest = newestAsks(cards);
  for (const [ref, rec] of cards) {
    if (rec.retired || rec.view === 'tracker') continue;
    const age = cardAgeDays(rec.sentAt, env.now);
    if (age > CARD_UPDATE_DAYS + 2) continue;
    // An hour into the next working day its ticks have surely run.
    const lastChance = !canPatch(rec.sentAt, new Date(day.nextWorkdayStarts.getTime() + 3600_000));
    const due = (day.workday && age >= CARD_RENEW_DAYS) || lastChance;
    if (!due || !newest(ref)) continue;
    if (asksRecipient(item, rec, env)) renewCard(data, out, item, ref, rec, env);
  }
}

/** The content of a patch queued without one: the card as its item stands now; none when either is gone. */
export function drawPatch(data: StoreData, ref: string, env: RenderEnv): string | undefined {
  const rec = Object.hasOwn(data.cards, ref) ? data.cards[ref] : undefined;
  const item = rec && Object.hasOwn(data.items, rec.itemId) ? data.items[rec.itemId] : undefined;
  return rec && item ? cardContent(drawCard(item, rec, env)) : undefined;
}
