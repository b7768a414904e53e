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

/** A record's card as its kind draws it, with the 催办 banner on top while the step still waits on them. */
export function drawCard(item: WorkflowItem, rec: CardRecord, env: RenderEnv): object {
  const drawn = kindSpec(item.kind).card(item, rec, env) as DrawnCard;
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
