import type { StoreData } from '../store/schema.ts';
import type { OutboxEntry } from './outbox.ts';

/** A message Lark refused for good, as the government office sees it in GET /admin/outbox. */
export interface FailedMessage {
  id: string;
  op: OutboxEntry['op'];
  to?: string;
  ref?: string;
  fileName?: string;
  error: string;
  attempts: number;
  createdAt: string;
  failedAt?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function targetOf(e: OutboxEntry): string | undefined {
  if (e.op === 'send' || e.op === 'file') return 'chatId' in e.to ? e.to.chatId : e.to.openId;
  if (e.op === 'reply') return e.rateKey;
  if (e.op === 'urgent') return e.openIds.join(',');
  // An Approval Center call: the instance (item and kind) or the definition it was for.
  if (e.op === 'approval' && e.call !== 'check') return e.call === 'instance' ? e.key : e.definition;
  return undefined;
}

export function failedMessages(data: Readonly<StoreData>): FailedMessage[] {
  return data.outbox
    .filter((e) => e.status === 'failed')
    .map((e) => ({
      id: e.id,
      op: e.op,
      ...(targetOf(e) ? { to: targetOf(e) } : {}),
      ...('ref' in e && e.ref ? { ref: e.ref } : {}),
      ...(e.op === 'file' ? { fileName: e.fileName } : {}),
      error: e.lastError ?? '',
      attempts: e.attempts,
      createdAt: iso(e.createdAt) ?? '',
      ...(e.failedAt !== undefined ? { failedAt: iso(e.failedAt) } : {}),
    }));
}

const pick = (e: OutboxEntry, ids: string[] | undefined) =>
  e.status === 'failed' && (!ids || ids.includes(e.id));

/**
 * Puts failed messages back in line (all, or the ones named): the same entry and uuid, so a message Lark
 * did take after all is not sent twice. After the office fixed the cause (added the bot to a chat,
 * granted a scope, corrected an open_id in the org file and restarted).
 */
export function retryFailed(data: StoreData, ids: string[] | undefined, nowMs: number): number {
  let n = 0;
  data.outbox = data.outbox.map((e) => {
    if (!pick(e, ids)) return e;
    n += 1;
    const { failedAt: _f, ...rest } = e;
    return { ...rest, status: 'pending' as const, attempts: 0, nextAt: nowMs };
  });
  return n;
}

/** Drops failed messages the office has dealt with by other means (told the person by phone). */
export function dismissFailed(data: StoreData, ids: string[]): number {
  const before = data.outbox.length;
  data.outbox = data.outbox.filter((e) => !pick(e, ids));
  return before - data.outbox.length;
}
