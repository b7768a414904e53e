import type { Env } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { StoreData } from '../store/schema.ts';
import type { Out } from './out.ts';
import type { RenderEnv } from './render.ts';

/**
 * What a decision on one item starts elsewhere, in the same transaction: signed minutes issue their
 * decisions as supervised items (§56), an approved meeting excuse names the substitute on the meeting
 * (§42). Runs before the item itself is stored, so it may stamp what it made on `item`.
 */
export type FollowUp = (
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  before: WorkflowItem,
  env: Env,
  render: RenderEnv,
) => void;

const followUps = new Map<string, FollowUp[]>();

export function registerFollowUp(kind: string, fn: FollowUp): void {
  followUps.set(kind, [...(followUps.get(kind) ?? []), fn]);
}

/** Every follow-up of the item's kind; call it for every decision taken on a step (cards, Approval Center). */
export function runFollowUps(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  before: WorkflowItem,
  env: Env,
  render: RenderEnv,
): void {
  for (const fn of followUps.get(item.kind) ?? []) fn(data, out, item, before, env, render);
}
