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

type Target = Exclude<ApprovalOp, { call: 'check' }>;
const targetOf = (op: Target): string => (op.call === 'instance' ? `i:${op.key}` : `d:${op.definition}`);

// Per store: the pending sync of each instance (and upsert of each definition), rebuilt from the outbox
// (the truth) when first asked and when it has grown well past it — as the outbox does for patches.
const pendingByData = new WeakMap<StoreData, Map<string, OutboxEntry>>();
function pendingOf(data: StoreData): Map<string, OutboxEntry> {
  let m = pendingByData.get(data);
  if (!m || m.size > 2 * data.outbox.length + 1000) {
    m = new Map();
    for (const e of data.outbox) {
      if (e.op === 'approval' && e.call !== 'check' && e.status === 'pending') m.set(targetOf(e), e);
    }
    pendingByData.set(data, m);
  }
  return m;
}

/**
 * Queues an Approval Center call beside the change that caused it. A newer sync of the same instance (or
 * definition) replaces one still waiting: it carries everything the older one did, with later times. (One
 * being retried was replaced by a new object and is not found: it goes out too, and the Approval Center
 * ignores its older times.)
 */
export function enqueueApproval(data: StoreData, op: ApprovalOp, nowMs = Date.now()): OutboxEntry {
  if (op.call === 'check') return enqueue(data, op, nowMs);
  const target = targetOf(op);
  const last = pendingOf(data).get(target);
  const at = last ? data.outbox.indexOf(last) : -1;
  if (at >= 0 && last?.status === 'pending') data.outbox.splice(at, 1);
  const entry = enqueue(data, op, nowMs);
  pendingOf(data).set(target, entry);
  return entry;
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
