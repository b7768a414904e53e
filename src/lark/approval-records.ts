import type { StoreData } from '../store/schema.ts';
import { type ApprovalSettings, instanceBody } from './approval-payload.ts';
import type { ApprovalInstanceRecord, ApprovalOp } from './approval-types.ts';
import { enqueue, type OutboxEntry } from './outbox.ts';

// Per store: what the Approval Center was configured with. A store without it syncs nothing, so a bot
// started without APPROVAL_CENTER=on behaves exactly as before (and tests of one bot do not leak into
// another's). A WeakMap, as the indexes are: the store's data object is the key.
const settingsByData = new WeakMap<object, ApprovalSettings>();

export function enableApprovalSync(data: StoreData, s: ApprovalSettings): void {
  settingsByData.set(data, s);
}

export function approvalSettingsOf(data: StoreData): ApprovalSettings | undefined {
  return settingsByData.get(data);
}

const sameTarget = (a: ApprovalOp, b: OutboxEntry): boolean =>
  b.op === 'approval' &&
  b.status === 'pending' &&
  b.call === a.call &&
  (a.call === 'instance'
    ? b.call === 'instance' && b.key === a.key
    : a.call === 'definition' && b.call === 'definition' && b.definition === a.definition);

/**
 * Queues an Approval Center call beside the change that caused it. A newer sync of the same instance (or
 * definition) replaces one still waiting: it carries everything the older one did, with later times.
 */
export function enqueueApproval(data: StoreData, op: ApprovalOp, nowMs = Date.now()): OutboxEntry {
  if (op.call !== 'check') {
    const stale = data.outbox.filter((e) => sameTarget(op, e));
    if (stale.length > 0) data.outbox = data.outbox.filter((e) => !stale.includes(e));
  }
  return enqueue(data, op, nowMs);
}

/** Stores a record and queues its body. */
export function queueInstance(data: StoreData, r: ApprovalInstanceRecord, s: ApprovalSettings): void {
  data.approvalInstances[r.key] = r;
  enqueueApproval(data, {
    op: 'approval',
    call: 'instance',
    key: r.key,
    definition: r.definition,
    body: instanceBody(r, s),
  });
}

/**
 * The consistency check found the Approval Center behind (or missing the instance): everything goes out
 * again, stamped later than both sides' times so that every part of it applies.
 */
export function restamp(data: StoreData, key: string, atLeast: number, nowMs: number): boolean {
  const s = approvalSettingsOf(data);
  const r = Object.hasOwn(data.approvalInstances, key) ? data.approvalInstances[key] : undefined;
  if (!s || !r) return false;
  const at = Math.max(nowMs, r.at + 1, atLeast + 1);
  queueInstance(
    data,
    {
      ...r,
      at,
      delivered: 0,
      tasks: r.tasks.map((t) => ({ ...t, at })),
      ccs: r.ccs.map((c) => ({ ...c, at })),
    },
    s,
  );
  return true;
}

/** The Approval Center took the version sent at `at`. */
export function markDelivered(data: StoreData, key: string, at: number): void {
  const r = Object.hasOwn(data.approvalInstances, key) ? data.approvalInstances[key] : undefined;
  if (r && at > r.delivered) data.approvalInstances[key] = { ...r, delivered: at };
}

/** The check found the version `at` in place. */
export function markChecked(data: StoreData, key: string, at: number, nowMs: number): void {
  const r = Object.hasOwn(data.approvalInstances, key) ? data.approvalInstances[key] : undefined;
  if (r && r.at === at) data.approvalInstances[key] = { ...r, checked: { at, on: nowMs } };
}
