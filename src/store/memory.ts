import { createMemoryArchive } from './archive.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData } from './schema.ts';
import { Tracker } from './tracked.ts';

/** In-memory store for tests: same semantics (tracked, frozen records, indexes), nothing on disk. */
export function createMemoryStore(initial: StoreData = emptyData()): Store {
  const tracker = new Tracker(initial);
  return {
    kind: 'memory',
    archive: createMemoryArchive(),
    get data() {
      return tracker.data;
    },
    async transact(fn) {
      const result = fn(tracker.data);
      tracker.drain(); // nothing to write; freezes the lists' entries as the durable store does
      return result;
    },
    async settled() {},
    async compact() {},
    async close() {},
  };
}
