import type { ActionConfig, SandboxInstance, SandboxTask } from './approval-model.ts';
import type { ApprovalStore } from './approval-store.ts';
import { encryptEvent } from './lark-crypto.ts';

/** One line of a person's Approval Center list (待办 / 已办 / 已发起 / 抄送我). */
export interface CenterEntry {
  instanceId: string;
  approvalCode: string;
  definition: string;
  title: string;
  status: string;
  form: Array<{ name: string; value: string }>;
  submitter?: string;
  submitterName?: string;
  link: string;
  task?: { id: string; title: string; status: string; actions: ActionConfig[] };
  updatedAt: number;
}

export interface PersonCenter {
  todo: CenterEntry[];
  done: CenterEntry[];
  started: CenterEntry[];
  cc: CenterEntry[];
}

function entry(store: ApprovalStore, i: SandboxInstance, task?: SandboxTask, at?: number): CenterEntry {
  return {
    instanceId: i.id,
    approvalCode: i.code,
    definition: store.definitions.get(i.code)?.name ?? '',
    title: i.title || (store.definitions.get(i.code)?.name ?? ''),
    status: i.status,
    form: i.form,
    ...(i.openId ? { submitter: i.openId } : {}),
    ...(i.userName ? { submitterName: i.userName } : {}),
    link: i.link,
    ...(task ? { task: { id: task.id, title: task.title, status: task.status, actions: task.actions } } : {}),
    updatedAt: at ?? i.updateTime,
  };
}

const newestFirst = (a: CenterEntry, b: CenterEntry) => b.updatedAt - a.updatedAt;

/**
 * What a person sees in the Approval Center: tasks waiting on them (待办), tasks they finished (已办 —
 * a DONE task, finished without them, is hidden as the platform hides it), what they started, their CCs.
 */
export function centerOf(store: ApprovalStore, openId: string): PersonCenter {
  const c: PersonCenter = { todo: [], done: [], started: [], cc: [] };
  for (const i of store.instances.values()) {
    if (i.openId === openId) c.started.push(entry(store, i));
    for (const t of i.tasks.values()) {
      if (t.openId !== openId) continue;
      if (t.status === 'PENDING') c.todo.push(entry(store, i, t, t.updateTime));
      else if (t.status !== 'DONE') c.done.push(entry(store, i, t, t.updateTime));
    }
    for (const x of i.ccs.values())
      if (x.openId === openId) c.cc.push(entry(store, i, undefined, x.updateTime));
  }
  for (const list of Object.values(c)) list.sort(newestFirst);
  return c;
}

export interface QuickApprovalInput {
  openId: string;
  userId: string;
  instanceId: string;
  taskId: string;
  action: 'APPROVE' | 'REJECT';
  reason?: string;
}

export type QuickApprovalResult =
  | { sent: false; error: string }
  | { sent: true; status: number; body: unknown; ms: number };

/**
 * A tap on 同意 / 拒绝 in the Approval Center: only the task's holder sees the buttons, only while it is
 * PENDING, a reason where the task asks for one. The Approval Center then calls the definition's
 * action_callback_url (encrypted with its key) and waits up to 10 s; it changes nothing itself — the
 * system behind the task syncs the result back.
 */
export async function quickApprove(
  store: ApprovalStore,
  q: QuickApprovalInput,
): Promise<QuickApprovalResult> {
  const instance = store.instances.get(q.instanceId);
  const task = instance?.tasks.get(q.taskId);
  if (!instance || !task) return { sent: false, error: '找不到这项审批' };
  if (task.openId !== q.openId) return { sent: false, error: '这不是您的待办' };
  if (task.status !== 'PENDING') return { sent: false, error: '这项审批已处理' };
  const config = task.actions.find((a) => a.type === q.action);
  if (!config) return { sent: false, error: '此审批不支持在审批中心快捷处理' };
  if (config.reasonRequired && !q.reason?.trim()) return { sent: false, error: '请填写意见' };
  const def = store.definitions.get(instance.code);
  if (!def?.callback?.url) return { sent: false, error: '此审批未配置回调地址' };
  const payload = {
    action_type: q.action,
    ...(task.actionContext ? { action_context: task.actionContext } : {}),
    user_id: q.userId,
    approval_code: instance.code,
    instance_id: instance.id,
    task_id: task.id,
    ...(q.reason?.trim() ? { reason: q.reason.trim() } : {}),
    token: def.callback.token ?? '',
  };
  const body = def.callback.key ? { encrypt: encryptEvent(def.callback.key, payload) } : payload;
  const started = performance.now();
  try {
    const res = await fetch(def.callback.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { sent: true, status: res.status, body: json, ms: performance.now() - started };
  } catch (err) {
    return { sent: false, error: `回调失败：${(err as Error).message}` };
  }
}
