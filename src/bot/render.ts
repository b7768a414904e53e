import type { Act, Env, Transition } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { OrgIndex } from '../domain/org.ts';
import type { DateStr } from '../domain/time.ts';
import type { CardRecord } from '../store/schema.ts';

export interface RenderEnv {
  org: OrgIndex;
  today: DateStr;
  now: Date;
}

/**
 * What the bot knows about one kind of item: how its live cards look (redrawn on every change), what
 * its one-off notices say, and which domain function takes an answer on one of its steps.
 */
export interface ItemKindSpec {
  card(item: WorkflowItem, rec: CardRecord, env: RenderEnv): object;
  inform(
    item: WorkflowItem,
    about: string,
    env: RenderEnv,
    detail?: string,
  ): { view: string } | { text: string } | undefined;
  decide(item: WorkflowItem, a: Act, env: Env): Transition;
}

const kinds = new Map<string, ItemKindSpec>();

export function registerKind(kind: string, spec: ItemKindSpec): void {
  kinds.set(kind, spec);
}

export function kindSpec(kind: string): ItemKindSpec {
  const r = kinds.get(kind);
  if (!r) throw new Error(`no spec registered for items of kind "${kind}"`);
  return r;
}

type DrawnCard = { header?: Record<string, unknown>; body?: { elements?: unknown[] } };

/** What a card superseded by a fresh one says (its buttons gone). */
export const RETIRED_NOTE =
  '此卡片即将超过飞书可更新的期限（14天），已重新发送最新卡片，请在新卡片上查看和办理。';

/** Whether a drawn card carries a button: something its recipient can still do. */
export function hasAction(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasAction);
  if (!node || typeof node !== 'object') return false;
  const n = node as Record<string, unknown>;
  return n.tag === 'button' || Object.values(n).some((v) => typeof v === 'object' && hasAction(v));
}

/** Elements without forms and buttons (and the columns that only held buttons). */
function withoutActions(elements: unknown[]): unknown[] {
  return elements.flatMap((e) => {
    const n = e as Record<string, unknown>;
    if (n.tag === 'form' || n.tag === 'button') return [];
    return n.tag === 'column_set' && hasAction(n) ? [] : [e];
  });
}

/** The old copy of a card sent afresh: no buttons, grey, saying where to look now. */
function retiredCard(drawn: DrawnCard): object {
  return {
    ...drawn,
    header: { ...drawn.header, template: 'grey' },
    body: {
      ...drawn.body,
      elements: [{ tag: 'markdown', content: RETIRED_NOTE }, ...withoutActions(drawn.body?.elements ?? [])],
    },
  };
}

/** A record's card as its kind draws it, with the 催办 banner on top while the step still waits on them. */
export function drawCard(item: WorkflowItem, rec: CardRecord, env: RenderEnv): object {
  const drawn = kindSpec(item.kind).card(item, rec, env) as DrawnCard;
  if (rec.retired) return retiredCard(drawn);
  const step = rec.banner ? item.steps.find((s) => s.id === rec.stepId) : undefined;
  const waiting =
    item.status === 'in_progress' &&
    step?.status === 'active' &&
    step.parties.some((p) => !step.responses.some((r) => r.party === p));
  if (!rec.banner || !waiting || !drawn.body) return drawn;
  return {
    ...drawn,
    header: { ...drawn.header, template: 'red' },
    body: {
      ...drawn.body,
      elements: [{ tag: 'markdown', content: rec.banner }, ...(drawn.body.elements ?? [])],
    },
  };
}
