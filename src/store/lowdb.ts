import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { createFileArchive } from './archive.ts';
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

  // Group commit: at most one write in flight and one queued behind it; every change made meanwhile
  // rides on the queued write, which serialises the data only when it starts.
  let writing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const write = (): Promise<void> => {
    const p: Promise<void> = db.write().finally(() => {
      if (writing === p) writing = undefined;
    });
    writing = p;
    return p;
  };
  const flush = (): Promise<void> => {
    if (queued) return queued;
    if (!writing) return write();
    const q: Promise<void> = writing
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return write();
      });
    queued = q;
    return q;
  };

  return {
    kind: 'lowdb',
    archive: createFileArchive(dataDir),
    file,
    get data() {
      return db.data;
    },
    async transact(fn) {
      const result = fn(db.data);
      await flush();
      return result;
    },
    async settled() {
      // The queued write (if any) carries every change made so far; else the one in flight does.
      await (queued ?? writing)?.catch(() => undefined);
    },
    async close() {
      while (queued || writing) await (queued ?? writing)?.catch(() => undefined);
    },
  };
}
