import { createHash, randomBytes } from 'node:crypto';
import { instancesOf } from '../domain/approval-center/instances.ts';
import type { InstanceView, TaskView } from '../domain/approval-center/types.ts';
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
