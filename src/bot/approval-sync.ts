import { createHash, randomBytes } from 'node:crypto';
import { instancesOf } from '../domain/approval-center/instances.ts';
import { isDecisionStep } from '../domain/approval-center/tasks.ts';
import type { InstanceView, TaskView } from '../domain/approval-center/types.ts';
import { type AwayLookup, actingFor } from '../domain/engine/acting.ts';
import { owing } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { approvalSettingsOf, queueInstance } from '../lark/approval-records.ts';
import type { ApprovalInstanceRecord, SyncedCc, SyncedTask } from '../lark/approval-types.ts';
import type { StoreData } from '../store/schema.ts';
import { awayOf } from './away.ts';
import type { RenderEnv } from './render.ts';

const digest = (v: unknown): string =>
  createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 16);

type TaskContent = Omit<SyncedTask, 'digest' | 'at'>;

function taskContent(t: TaskView, openId: string, quick: boolean): TaskContent {
  return {
    id: t.id,
    stepId: t.stepId,
    round: t.round,
    party: t.party,
    holder: t.holder,
    openId,
    ...(t.onBehalfOf ? { onBehalfOf: t.onBehalfOf } : {}),
    title: t.title,
    nodeName: t.nodeName,
    status: t.status,
    createdAt: t.createdAt,
    ...(t.endedAt ? { endedAt: t.endedAt } : {}),
    actions: t.actions,
    // A waiting task goes out again when 同意 / 拒绝 become available (or go away) on it.
    ...(quick && t.status === 'PENDING' ? { quick: true } : {}),
  };
}

/** Keeps what did not change (with its time); what changed gets `at`. */
function stamped<T extends { digest: string; at: number }>(
  content: Omit<T, 'digest' | 'at'>,
  old: T | undefined,
  at: number,
): T {
  const d = digest(content);
  return (old && old.digest === d ? old : { ...content, digest: d, at }) as T;
}

/**
 * The new record of an instance from its view: unchanged parts keep their update_time, changed ones
 * get `at`; a task that waited and is no longer anyone's to take (decided by someone else, the holder
 * back from leave, the item withdrawn) is closed as DONE — UPDATE never removes a task by itself.
 */
function merged(
  prev: ApprovalInstanceRecord | undefined,
  view: InstanceView,
  env: RenderEnv,
  quick: boolean,
): ApprovalInstanceRecord | undefined {
  const nowIso = env.now.toISOString();
  const at = Math.max(env.now.getTime(), (prev?.at ?? 0) + 1);
  const wanted = new Map<string, TaskContent>();
  for (const t of view.tasks) {
    const openId = env.org.openIdOf(t.holder);
    // Someone Lark does not know cannot see an Approval Center: their task stays in the chat only.
    if (openId) wanted.set(t.id, taskContent(t, openId, quick));
  }
  const tasks: SyncedTask[] = (prev?.tasks ?? []).map((old) => {
    const now = wanted.get(old.id);
    wanted.delete(old.id);
    if (now) return stamped<SyncedTask>(now, old, at);
    if (old.status !== 'PENDING') return old;
    const { digest: _d, at: _a, quick: _q, ...content } = old;
    return stamped<SyncedTask>({ ...content, status: 'DONE', endedAt: nowIso, actions: [] }, old, at);
  });
  for (const t of wanted.values()) tasks.push(stamped<SyncedTask>(t, undefined, at));

  const ccs: SyncedCc[] = [...(prev?.ccs ?? [])];
  for (const c of view.ccs) {
    const openId = env.org.openIdOf(c.person);
    if (!openId || ccs.some((x) => x.id === c.id)) continue;
    ccs.push(
      stamped<SyncedCc>(
        { id: c.id, person: c.person, openId, title: c.title, createdAt: c.at },
        undefined,
        at,
      ),
    );
  }

  const head = {
    title: view.title,
    status: view.status,
    submitterOpenId: env.org.openIdOf(view.submitter),
    submitterName: env.org.person(view.submitter)?.name ?? view.submitter,
    startedAt: view.startedAt,
    endedAt: view.endedAt,
    lines: view.lines,
    // Whether the tasks carry 同意 / 拒绝 (a callback configured): a change re-sends every task waiting.
    quick,
  };
  const all = digest([digest(head), ...tasks.map((t) => t.digest), ...ccs.map((c) => c.digest)]);
  if (prev && prev.digest === all) return undefined;
  const { submitterOpenId, endedAt, ...rest } = head;
  return {
    key: view.key,
    itemId: view.itemId,
    // Ours, unique in the tenant: a store started afresh (the sandbox's reset) never reuses one.
    instanceId:
      prev?.instanceId ?? `${view.key.replace(/[^A-Za-z0-9-]/g, '_')}-${randomBytes(4).toString('hex')}`,
    definition: view.definition,
    ...rest,
    ...(submitterOpenId ? { submitterOpenId } : {}),
    ...(endedAt ? { endedAt } : {}),
    tasks,
    ccs,
    digest: all,
    at,
    delivered: prev?.delivered ?? 0,
    ...(prev?.checked ? { checked: prev.checked } : {}),
  };
}

/**
 * Brings the item's external instances up to date, in the caller's transaction (the same write as the
 * change itself, like its chat messages). Nothing happens unless the Approval Center is on for this store.
 */
export function syncApprovalCenter(data: StoreData, item: WorkflowItem, env: RenderEnv): number {
  const s = approvalSettingsOf(data);
  if (!s) return 0;
  let queued = 0;
  for (const view of instancesOf(item, { org: env.org, today: env.today, away: awayOf(data) })) {
    const prev = Object.hasOwn(data.approvalInstances, view.key)
      ? data.approvalInstances[view.key]
      : undefined;
    const next = merged(prev, view, env, Boolean(s.callback));
    if (!next) continue;
    queueInstance(data, next, s);
    queued++;
  }
  return queued;
}

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
