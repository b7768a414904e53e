import type { WorkflowItem } from '../domain/engine/types.ts';
import type { OrgIndex } from '../domain/org.ts';
import type { DateStr } from '../domain/time.ts';
import type { CardRecord } from '../store/schema.ts';

export interface RenderEnv {
  org: OrgIndex;
  today: DateStr;
  now: Date;
}

/** How one kind of item looks: its live cards (redrawn on every change) and its one-off notices. */
export interface ItemRenderer {
  /** Draws the card a record stands for, from the item's current state. */
  card(item: WorkflowItem, rec: CardRecord, env: RenderEnv): object;
  /** What to send for an `inform` effect: a live card view, a text, or nothing. */
  inform(
    item: WorkflowItem,
    about: string,
    env: RenderEnv,
    detail?: string,
  ): { view: string } | { text: string } | undefined;
}

const renderers = new Map<string, ItemRenderer>();

export function registerRenderer(kind: string, r: ItemRenderer): void {
  renderers.set(kind, r);
}

export function rendererFor(kind: string): ItemRenderer {
  const r = renderers.get(kind);
  if (!r) throw new Error(`no card renderer for items of kind "${kind}"`);
  return r;
}
