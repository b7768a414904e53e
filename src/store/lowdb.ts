import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { cleanTempFiles, DurableJsonFile } from './durable-file.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData, upgrade } from './schema.ts';

export const DATA_FILE = 'bot-data.json';

/**
 * The embedded default: one lowdb instance on one file. Changes made while a write is in flight
 * share the next write (group commit), so a burst of taps costs two writes, not one each.
 */
export async function createLowdbStore(dataDir: string): Promise<Store & { file: string }> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATA_FILE);
  cleanTempFiles(file);
  const db = new Low<StoreData>(new DurableJsonFile(file, upgrade), emptyData());
  await db.read();
  await db.write();

  let writing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    if (queued) return queued;
    queued = (async () => {
      if (writing) await writing.catch(() => {});
      queued = undefined;
      writing = db.write();
      try {
        await writing;
      } finally {
        writing = undefined;
      }
    })();
    return queued;
  };

  return {
    kind: 'lowdb',
    file,
    get data() {
      return db.data;
    },
    async transact(fn) {
      const result = fn(db.data);
      await flush();
      return result;
    },
    async close() {
      while (queued || writing) await (queued ?? writing);
    },
  };
}
