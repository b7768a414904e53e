import { createMemoryArchive } from './archive.ts';
import { createGroupCommit } from './group-commit.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData } from './schema.ts';
import { type ChangeSet, replay, Tracker } from './tracked.ts';

export interface MemoryStore extends Store {
  /**
   * What a restart would find: the changes whose durable write has completed, as plain data. Tests
   * check against it that nothing leaves the bot (a message, a reply) before the change behind it.
   */
  committed(): Readonly<StoreData>;
}

/**
 * In-memory store for tests: same semantics as the durable store (tracked, frozen records, indexes,
 * group commit), nothing on disk. Its "disk write" is a real asynchronous step that ends after anything
 * woken meanwhile has run, so code that acts on a change before `transact` or `settled` resolved is
 * caught by the default test run, not only by the fault suite.
 */
export function createMemoryStore(initial: StoreData = emptyData()): MemoryStore {
  const committed = JSON.parse(JSON.stringify(initial)) as StoreData;
  const tracker = new Tracker(initial);

  const writeOnce = async (): Promise<void> => {
    const changes = tracker.drain();
    if (!changes) return;
    // Serialised now, as the journal does: a later change to the live data must not reach this write.
    const line = JSON.stringify(changes);
    // Two turns of the event loop: whatever another turn woke (the sender's setImmediate, an I/O callback)
    // runs before the write completes, as it would during an fsync.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    replay(committed, JSON.parse(line) as ChangeSet);
  };

  const commits = createGroupCommit(writeOnce);
  const settled = async (): Promise<void> => {
    await commits.pending()?.catch(() => undefined);
  };

  return {
    kind: 'memory',
    archive: createMemoryArchive(),
    get data() {
      return tracker.data;
    },
    committed: () => committed,
    async transact(fn) {
      const result = fn(tracker.data);
      await commits.flush();
      return result;
    },
    settled,
    compact: settled,
    close: () => commits.idle(),
  };
}
