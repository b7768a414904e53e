import { randomUUID } from 'node:crypto';
import type { StoreData } from '../store/schema.ts';
import type { ApprovalOp } from './approval-types.ts';
import { checkCard } from './card-rules.ts';
import type { FileType, MsgType, Target } from './gateway.ts';

/** What the outbox can be asked to do; each entry is sent exactly once, however often it is retried. */
export type OutboxOp =
  | { op: 'send'; to: Target; msgType: MsgType; content: string; ref?: string }
  | { op: 'reply'; messageId: string; rateKey: string; msgType: MsgType; content: string; ref?: string }
  /**
   * Patch the card sent under `ref` (waits until that send has landed). Without `content` the card is
   * drawn when the patch goes out, from its record and its item as they stand then: the newest state,
   * and a tap does not pay for drawing every copy of its card.
   */
  | { op: 'patch'; ref: string; content?: string }
  | { op: 'urgent'; ref: string; openIds: string[] }
  | {
      op: 'file';
      to: Target;
      fileName: string;
      fileType: FileType;
      path: string;
      fileKey?: string;
      /** A file written for this message only (an export): removed once Lark has it. */
      temporary?: boolean;
    }
  /** An Approval Center call (三方审批), see approval-center.ts. */
  | ApprovalOp;

export type OutboxEntry = OutboxOp & {
  /** Also the Lark `uuid`, so a retry after a lost response never sends twice. */
  id: string;
  createdAt: number;
  attempts: number;
  nextAt: number;
  status: 'pending' | 'failed';
  lastError?: string;
  /** When it failed for good (status 'failed'): the office's list and /healthz show its age. */
  failedAt?: number;
};

export function rateKeyOf(to: Target): string {
  return 'chatId' in to ? `chat:${to.chatId}` : `user:${to.openId}`;
}

// Per store: the pending patch entry of each card, rebuilt from the outbox (the truth) when first asked
// and whenever it has grown well past the outbox (entries delivered since).
const lastPatches = new WeakMap<StoreData, Map<string, OutboxEntry>>();
function lastPatch(data: StoreData): Map<string, OutboxEntry> {
  let m = lastPatches.get(data);
  if (!m || m.size > 2 * data.outbox.length + 1000) {
    m = new Map();
    for (const e of data.outbox) if (e.op === 'patch' && e.status === 'pending') m.set(e.ref, e);
    lastPatches.set(data, m);
  }
  return m;
}

/** Adds an op to the outbox inside a store transaction, beside the state change that caused it. */
export function enqueue(data: StoreData, op: OutboxOp, nowMs: number = Date.now()): OutboxEntry {
  if (op.op === 'patch') {
    // Only the newest rendering of a card matters: drop the patch to the same card still waiting (at
    // most one can be). Found through the index and confirmed by identity (a native search), so a burst
    // of taps does not walk the backlog for every patch. (One being retried was replaced by a new object:
    // not found, it goes out too, before the newer one — the card still ends in its newest state.)
    const last = lastPatch(data).get(op.ref);
    const at = last ? data.outbox.indexOf(last) : -1;
    if (at >= 0 && last?.status === 'pending') data.outbox.splice(at, 1);
  }
  const entry: OutboxEntry = {
    ...op,
    id: randomUUID().replace(/-/g, ''),
    createdAt: nowMs,
    attempts: 0,
    nextAt: nowMs,
    status: 'pending',
  };
  data.outbox.push(entry);
  if (entry.op === 'patch') lastPatch(data).set(entry.ref, entry);
  return entry;
}

export function textContent(text: string): string {
  return JSON.stringify({ text });
}

export function cardContent(card: unknown): string {
  checkCard(card, 'a sent or patched');
  return JSON.stringify(card);
}
