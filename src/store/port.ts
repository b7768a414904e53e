import type { Archive } from './archive.ts';
import type { StoreData } from './schema.ts';

/**
 * The one storage port. Reads see the committed state; `transact` runs `fn` on the live data
 * (synchronously, so read-decide-write inside it never races) and resolves once the change is durable.
 * `fn` must validate before it mutates: a throw does not roll back changes already made.
 */
export interface Store {
  readonly kind: 'lowdb' | 'memory';
  readonly data: Readonly<StoreData>;
  transact<T>(fn: (data: StoreData) => T): Promise<T>;
  /** Resolves once every change made so far is durable (the outbox sends nothing that is not on disk). */
  settled(): Promise<void>;
  /** Folds the changes so far into a fresh snapshot (after the archive job shrank the data). */
  compact(): Promise<void>;
  /** Closed items moved out of the hot data (see archive-closed job). */
  readonly archive: Archive;
  close(): Promise<void>;
}

export function pruneSeen(data: StoreData, nowMs: number, keepMs = 24 * 3600_000): void {
  for (const [key, at] of Object.entries(data.seenEvents)) {
    if (nowMs - at > keepMs) delete data.seenEvents[key];
  }
}
