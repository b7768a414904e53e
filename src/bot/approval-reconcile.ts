import { isDecisionStep } from '../domain/approval-center/tasks.ts';
import { type AwayLookup, actingFor } from '../domain/engine/acting.ts';
import { owing } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { approvalSettingsOf } from '../lark/approval-records.ts';
import type { ApprovalInstanceRecord } from '../lark/approval-types.ts';
import type { StoreData } from '../store/schema.ts';
import { syncApprovalCenter } from './approval-sync.ts';
import { awayOf } from './away.ts';
import type { RenderEnv } from './render.ts';

/** Who holds each waiting task now (§8) differs from what was synced: the cheap test of the periodic pass. */
function holdersMoved(
  item: WorkflowItem,
  recs: ApprovalInstanceRecord[],
  env: RenderEnv,
  away: AwayLookup,
): boolean {
  const held = new Map<string, string>();
  for (const r of recs)
    for (const t of r.tasks) if (t.status === 'PENDING') held.set(`${t.stepId}|${t.party}`, t.holder);
  let want = 0;
  if (item.status === 'in_progress') {
    for (const s of item.steps) {
      if (s.status !== 'active' || !isDecisionStep(s)) continue;
      for (const party of owing(s)) {
        const holder = actingFor(party, env.today, env.org, away).person;
        if (!env.org.openIdOf(holder)) continue;
        want++;
        if (held.get(`${s.id}|${party}`) !== holder) return true;
      }
    }
  }
  return want !== held.size;
}

/**
 * The periodic pass over the open items: an instance whose holders changed without a transition (an
 * absence begun or over, 销假) or that never was synced is brought up to date; with `full`, every one is
 * (the year turned: dates on the forms gain their year). Then the records of items gone to the archive go.
 */
export function reconcileApprovalCenter(
  data: StoreData,
  env: RenderEnv,
  o: { full?: boolean } = {},
): { synced: number; pruned: number } {
  const s = approvalSettingsOf(data);
  if (!s) return { synced: 0, pruned: 0 };
  const quick = Boolean(s.callback);
  const byItem = new Map<string, ApprovalInstanceRecord[]>();
  for (const r of Object.values(data.approvalInstances))
    byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  const ids = new Set<string>();
  for (const item of Object.values(data.items)) if (item.status === 'in_progress') ids.add(item.id);
  for (const [id, recs] of byItem) if (recs.some((r) => r.status === 'PENDING')) ids.add(id);
  const away = awayOf(data);
  let synced = 0;
  for (const id of ids) {
    const item = Object.hasOwn(data.items, id) ? data.items[id] : undefined;
    if (!item) continue;
    const recs = byItem.get(id) ?? [];
    const due =
      recs.length === 0
        ? item.steps.some(isDecisionStep)
        : o.full || recs.some((r) => r.quick !== quick) || holdersMoved(item, recs, env, away);
    if (due) synced += syncApprovalCenter(data, item, env);
  }
  let pruned = 0;
  for (const r of Object.values(data.approvalInstances)) {
    // Finished, confirmed and out of the hot data: the Approval Center keeps it, the bot need not.
    if (!Object.hasOwn(data.items, r.itemId) && r.status !== 'PENDING' && r.delivered === r.at) {
      delete data.approvalInstances[r.key];
      pruned++;
    }
  }
  return { synced, pruned };
}
