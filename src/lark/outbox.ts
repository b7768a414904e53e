import { randomUUID } from 'node:crypto';
import type { StoreData } from '../store/schema.ts';
import type { FileType, MsgType, Target } from './gateway.ts';

/** What the outbox can be asked to do; each entry is sent exactly once, however often it is retried. */
export type OutboxOp =
  | { op: 'send'; to: Target; msgType: MsgType; content: string; ref?: string }
  | { op: 'reply'; messageId: string; rateKey: string; msgType: MsgType; content: string; ref?: string }
  /** Patch the card sent under `ref` (waits until that send has landed). */
  | { op: 'patch'; ref: string; content: string }
  | { op: 'urgent'; ref: string; openIds: string[] }
  | { op: 'file'; to: Target; fileName: string; fileType: FileType; path: string; fileKey?: string };

export type OutboxEntry = OutboxOp & {
  /** Also the Lark `uuid`, so a retry after a lost response never sends twice. */
  id: string;
  createdAt: number;
  attempts: number;
  nextAt: number;
  status: 'pending' | 'failed';
  lastError?: string;
};

export function rateKeyOf(to: Target): string {
  return 'chatId' in to ? `chat:${to.chatId}` : `user:${to.openId}`;
}

/** Adds an op to the outbox inside a store transaction, beside the state change that caused it. */
export function enqueue(data: StoreData, op: OutboxOp, nowMs: number = Date.now()): OutboxEntry {
  if (op.op === 'patch') {
    // Only the newest rendering of a card matters: drop a patch to the same card still waiting
    // (at most one can be; removed in place, so a burst of taps does not copy the backlog each time).
    const old = data.outbox.findIndex((e) => e.op === 'patch' && e.ref === op.ref && e.status === 'pending');
    if (old >= 0) data.outbox.splice(old, 1);
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
  return entry;
}

export function textContent(text: string): string {
  return JSON.stringify({ text });
}

export function cardContent(card: unknown): string {
  return JSON.stringify(card);
}
