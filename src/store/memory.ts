import { createMemoryArchive } from './archive.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData } from './schema.ts';

/** In-memory store for tests: same semantics, nothing on disk. */
export function createMemoryStore(initial: StoreData = emptyData()): Store {
  const data = initial;
  return {
    kind: 'memory',
    archive: createMemoryArchive(),
    get data() {
      return data;
    },
    async transact(fn) {
      return fn(data);
    },
    async settled() {},
    async close() {},
  };
}
