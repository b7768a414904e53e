import { rmdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { StoreData } from '../store/schema.ts';
import type { ApprovalOp } from './approval-types.ts';
import { LarkError, toLarkError } from './errors.ts';
import type { LarkGateway } from './gateway.ts';
import { type OutboxEntry, rateKeyOf } from './outbox.ts';
import { createRateLimiter, LARK_SEND_LIMITS, type RateLimits } from './rate-limiter.ts';

export interface SenderOptions {
  store: Store;
  gateway: LarkGateway;
  logger: Logger;
  now?: () => number;
  concurrency?: number;
  limits?: RateLimits;
  maxBackoffMs?: number;
  /** The content of a patch queued without one, drawn as it goes out (undefined: nothing to patch). */
  drawPatch?: (ref: string) => string | undefined;
  /** Approval Center calls (三方审批): whether one may go yet, and how it is made (approval-center.ts). */
  approval?: ApprovalPerformer;
}

export interface ApprovalPerformer {
  ready(e: ApprovalOp & { id: string }): boolean;
  perform(e: ApprovalOp & { id: string }): Promise<void>;
}

export interface Sender {
  start(): void;
  stop(): Promise<void>;
  /** Look at the outbox now (call after a transaction that enqueued something). */
  wake(): void;
  /** Resolves once nothing is pending or in flight (tests, shutdown); rejects after `timeoutMs`. */
  drained(timeoutMs?: number): Promise<void>;
  stats(): { pending: number; failed: number; inFlight: number; delivered: number };
}

function rateKey(e: OutboxEntry, data: StoreData): string {
  switch (e.op) {
    case 'send':
    case 'file':
      return rateKeyOf(e.to);
    case 'reply':
      return e.rateKey;
    case 'patch':
    case 'urgent':
      // Patches are limited per message (5 QPS), not per chat.
      return `msg:${data.cards[e.ref]?.messageId ?? e.ref}`;
    case 'approval':
      // One instance's syncs go out in order, one at a time (the Approval Center keeps the newest).
      return `approval:${e.call === 'instance' ? e.key : e.call === 'definition' ? e.definition : 'check'}`;
  }
}

const PUMP_BACKLOG = 100;
const PUMP_SPACING_MS = 10;

function removeTemporary(path: string): void {
  rmSync(path, { force: true });
  try {
    rmdirSync(dirname(path)); // its own temporary folder, when nothing else is in it
  } catch {
    // not empty, or already gone
  }
}

/** Drains the persisted outbox at Lark's limits, retrying retryable failures with the same uuid. */
export function createSender(o: SenderOptions): Sender {
  const now = o.now ?? Date.now;
  const limiter = createRateLimiter(o.limits ?? LARK_SEND_LIMITS);
  const concurrency = o.concurrency ?? 8;
  const maxBackoff = o.maxBackoffMs ?? 60_000;
  const inFlight = new Set<string>();
  const busyKeys = new Set<string>();
  let delivered = 0;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];
  const writes = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    writes.add(p);
    p.catch((err) => o.logger.error({ err }, 'could not record a delivery')).finally(() => writes.delete(p));
  };

  const pending = () => o.store.data.outbox.filter((e) => e.status === 'pending');

  const notifyIdle = () => {
    if (idleWaiters.length === 0 || inFlight.size > 0 || pending().length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(5, Math.min(ms, 1000)));
  };

  // One look at the outbox per turn of the event loop, and under a backlog at most one per
  // PUMP_SPACING_MS: a burst of taps would otherwise scan the whole backlog once per tap.
  let pumpQueued = false;
  let lastPump = 0;
  const pumpSoon = () => {
    if (pumpQueued || !running) return;
    pumpQueued = true;
    const run = () => {
      pumpQueued = false;
      pump();
    };
    const wait = o.store.data.outbox.length > PUMP_BACKLOG ? lastPump + PUMP_SPACING_MS - now() : 0;
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  };

  function pump(): void {
    if (!running) return;
    const data = o.store.data;
    const t = now();
    lastPump = t;
    let soonest = 1000;
    const blockedKeys = new Set<string>();
    // An API whose app-wide window is full blocks all its entries: skip them without looking closer.
    const blockedApis = new Set<string>();
    for (const e of data.outbox) {
      if (inFlight.size >= concurrency) break;
      if (e.status !== 'pending' || inFlight.has(e.id)) continue;
      const api = e.op === 'reply' ? 'send' : e.op;
      if (blockedApis.has(api)) continue;
      const appWait = limiter.appWait(api, t);
      if (appWait > 0) {
        blockedApis.add(api);
        soonest = Math.min(soonest, appWait);
        continue;
      }
      const key = rateKey(e, data);
      // Per-target order: a later message never overtakes an earlier one to the same person or chat.
      if (busyKeys.has(key) || blockedKeys.has(key)) continue;
      if (e.nextAt > t) {
        blockedKeys.add(key);
        soonest = Math.min(soonest, e.nextAt - t);
        continue;
      }
      if ((e.op === 'patch' || e.op === 'urgent') && !data.cards[e.ref]?.messageId) {
        blockedKeys.add(key);
        continue; // the card's own send has not landed yet
      }
      if (e.op === 'approval' && o.approval && !o.approval.ready(e)) {
        blockedKeys.add(key);
        continue; // an instance waits for its definition's code
      }
      const wait = limiter.take(key, t, api);
      if (wait > 0) {
        blockedKeys.add(key);
        soonest = Math.min(soonest, wait);
        continue;
      }
      inFlight.add(e.id);
      busyKeys.add(key);
      void attempt(e).finally(() => {
        inFlight.delete(e.id);
        busyKeys.delete(key);
        notifyIdle();
        pumpSoon();
      });
    }
    schedule(soonest);
    notifyIdle();
  }

  async function perform(e: OutboxEntry): Promise<string | undefined> {
    const g = o.gateway;
    const data = o.store.data;
    switch (e.op) {
      case 'send':
        return (await g.send(e.to, e.msgType, e.content, e.id)).messageId;
      case 'reply':
        return (await g.reply(e.messageId, e.msgType, e.content, e.id)).messageId;
      case 'patch': {
        const content = e.content ?? o.drawPatch?.(e.ref);
        // The card's record or its item is gone (archived): there is nothing left to patch.
        if (content !== undefined) await g.patch(data.cards[e.ref]!.messageId!, content);
        return undefined;
      }
      case 'urgent':
        await g.urgent(data.cards[e.ref]!.messageId!, e.openIds);
        return undefined;
      case 'file': {
        let fileKey = e.fileKey;
        if (!fileKey) {
          const key = await g.uploadFile(e.fileName, e.fileType, e.path);
          fileKey = key;
          await o.store.transact((d) => {
            d.outbox = d.outbox.map((x) => (x.id === e.id && x.op === 'file' ? { ...x, fileKey: key } : x));
          });
          // Lark has it now (a retry sends the file_key): an export written for this message goes.
          if (e.temporary) removeTemporary(e.path);
        }
        return (await g.send(e.to, 'file', JSON.stringify({ file_key: fileKey }), e.id)).messageId;
      }
      case 'approval':
        // Queued while APPROVAL_CENTER was on, the bot now runs without it: kept as failed, not lost.
        if (!o.approval)
          throw new LarkError(-1, 'APPROVAL_CENTER is off: Approval Center call not made', false);
        await o.approval.perform(e);
        return undefined;
    }
  }

  async function attempt(e: OutboxEntry): Promise<void> {
    try {
      // Never send what is not on disk yet: after a crash the change would be gone but the message out.
      await o.store.settled();
      const messageId = await perform(e);
      // The change is applied now; its durable write completes in the background (group commit), so the
      // next message to the same person need not wait for the disk. If the bot dies before that write,
      // the entry is sent again with the same uuid and Lark de-duplicates it.
      track(
        o.store.transact((d) => {
          d.outbox = d.outbox.filter((x) => x.id !== e.id);
          const ref = 'ref' in e ? e.ref : undefined;
          if (messageId && ref && (e.op === 'send' || e.op === 'reply')) {
            const rec = d.cards[ref];
            if (rec) d.cards[ref] = { ...rec, messageId };
            else
              d.cards[ref] = {
                itemId: '',
                view: 'message',
                messageId,
                sentAt: new Date(now()).toISOString(),
              };
          }
        }),
      );
      delivered += 1;
    } catch (err) {
      const le = err instanceof LarkError ? err : toLarkError(err);
      await o.store.transact((d) => {
        // Entries are replaced, never edited in place (the store journals replacements).
        d.outbox = d.outbox.map((live) => {
          if (live.id !== e.id) return live;
          const attempts = live.attempts + 1;
          const lastError = `${le.code} ${le.msg}`;
          if (!le.retryable)
            return { ...live, attempts, lastError, status: 'failed' as const, failedAt: now() };
          const backoff = Math.min(maxBackoff, 500 * 2 ** Math.min(attempts - 1, 10));
          const nextAt = now() + Math.max(le.retryAfterMs ?? 0, backoff * (0.75 + Math.random() * 0.5));
          return { ...live, attempts, lastError, nextAt };
        });
      });
      const log = le.retryable ? o.logger.warn.bind(o.logger) : o.logger.error.bind(o.logger);
      log(
        { entry: e.id, op: e.op, code: le.code, status: le.status, attempts: e.attempts + 1 },
        'outbox delivery failed',
      );
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      pump();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 10));
      await Promise.allSettled([...writes]);
    },
    wake() {
      pumpSoon();
    },
    drained(timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          const left = pending().map(
            (e) => `${e.op}${'ref' in e && e.ref ? `(${e.ref})` : ''} ${e.lastError ?? ''}`,
          );
          reject(
            new Error(
              `outbox not drained after ${timeoutMs} ms: ${left.length} left: ${left.slice(0, 8).join('; ')}`,
            ),
          );
        }, timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
        notifyIdle();
      });
    },
    stats() {
      const all = o.store.data.outbox;
      return {
        pending: all.filter((e) => e.status === 'pending').length,
        failed: all.filter((e) => e.status === 'failed').length,
        inFlight: inFlight.size,
        delivered,
      };
    },
  };
}
