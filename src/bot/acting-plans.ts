import type { Env } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { isLeave } from '../domain/leave/absences.ts';
import { replanAfter } from '../domain/leave/leave.ts';
import type { LeaveItem } from '../domain/leave/types.ts';
import type { StoreData } from '../store/schema.ts';
import { applyTransition } from './apply.ts';
import type { Out } from './out.ts';
import type { RenderEnv } from './render.ts';

/**
 * §8 after a leave began to stand or ended: every other leader's standing leave whose acting arrangement
 * changed is redrawn with its new plan, and whoever it newly names is told (in the caller's transaction).
 */
export function replanLeaders(
  data: StoreData,
  out: Out,
  changed: WorkflowItem,
  previous: WorkflowItem | undefined,
  env: Env,
  render: RenderEnv,
): void {
  if (!isLeave(changed) || !env.org.isLeader(changed.submitter)) return;
  const prev = previous && isLeave(previous) ? (previous as LeaveItem) : undefined;
  for (const r of replanAfter(Object.values(data.items), changed, prev, env)) {
    applyTransition(data, out, r.item, r.effects, render);
  }
}
