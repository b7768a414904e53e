import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { createFileArchive } from './archive.ts';
import { cleanTempFiles, DurableJsonFile } from './durable-file.ts';
import { Journal, type JournalRecord, parseJournal } from './journal.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData, upgrade } from './schema.ts';
import { replay, Tracker } from './tracked.ts';

export const DATA_FILE = 'bot-data.json';
export const JOURNAL_FILE = 'bot-data.journal';

/** The snapshot on disk: the data, and the last journal record it already contains. */
type Snapshot = StoreData & { journalAt?: number };

export interface LowdbStoreOptions {
  /**
   * The journal is folded into a new snapshot once it is this many bytes and larger than the snapshot
   * itself, so start-up replays little and the disk holds at most about twice the data.
   */
  compactAtBytes?: number;
}

/** Applies the journal records the snapshot does not contain yet. */
function fold(data: StoreData, journalAt: number, records: JournalRecord[]): { n: number; replayed: number } {
  let n = journalAt;
  let replayed = 0;
  for (const rec of records) {
    if (rec.n <= journalAt) continue; // already in the snapshot (a crash came between the two)
    replay(data, rec.changes);
    n = rec.n;
    replayed += 1;
  }
  return { n, replayed };
}

/**
 * What a restart would see: the snapshot plus the journal, read without changing either file
 * (tests and the crash suite look at the committed state with it).
 */
export function readCommitted(dataDir: string): StoreData {
  const file = join(dataDir, DATA_FILE);
  const raw = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Snapshot) : emptyData();
  const data: Snapshot = upgrade(raw, file);
  const journalAt = data.journalAt ?? 0;
  delete data.journalAt;
  const jfile = join(dataDir, JOURNAL_FILE);
  const text = existsSync(jfile) ? readFileSync(jfile, 'utf8') : '';
  fold(data, journalAt, parseJournal(text, jfile).records);
  return data;
}

/**
 * The embedded default: a lowdb snapshot file plus an append-only journal of changes. A change is
 * confirmed once its journal record is on disk (append + fdatasync), so a write costs what changed,
 * not the size of the file; the snapshot is rewritten only when the journal has grown past the data.
 * Changes made while a write is in flight share the next write (group commit).
 */
export async function createLowdbStore(
  dataDir: string,
  opts: LowdbStoreOptions = {},
): Promise<Store & { file: string; stats(): { snapshots: number; appends: number } }> {
  // Officials' leave, instructions and reports: readable by the bot's own user only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATA_FILE);
  cleanTempFiles(file);
  const existed = existsSync(file);
  const db = new Low<Snapshot>(new DurableJsonFile(file, upgrade), emptyData());
  await db.read();
  const loaded = db.data;
  const journalAt = loaded.journalAt ?? 0;
  delete loaded.journalAt;

  const journal = await Journal.open(join(dataDir, JOURNAL_FILE));
  let { n, replayed } = fold(loaded, journalAt, journal.records);
  journal.records = [];
  const tracker = new Tracker(loaded);
  const compactAt = opts.compactAtBytes ?? 8 * 1024 * 1024;
  let snapshotBytes = existed ? statSync(file).size : 0;
  let counts = { snapshots: 0, appends: 0 };
  // A snapshot is due when there is none yet or a journal was replayed (start-up), and after a failed
  // append (memory may hold changes the journal lacks).
  let mustSnapshot = !existed || replayed > 0 || journal.bytes > 0;

  const snapshot = async (): Promise<void> => {
    tracker.drain(); // everything so far is in the snapshot
    db.data = { ...tracker.raw, journalAt: n };
    await db.write();
    snapshotBytes = (db.adapter as DurableJsonFile<Snapshot>).lastBytes;
    await journal.truncate();
    counts = { ...counts, snapshots: counts.snapshots + 1 };
    mustSnapshot = false;
  };

  const writeOnce = async (): Promise<void> => {
    if (mustSnapshot) return snapshot();
    const changes = tracker.drain();
    if (!changes) return;
    n += 1;
    try {
      await journal.append({ n, changes });
    } catch (err) {
      mustSnapshot = true;
      throw err;
    }
    counts = { ...counts, appends: counts.appends + 1 };
    if (journal.bytes >= compactAt && journal.bytes >= snapshotBytes) mustSnapshot = true;
  };

  // Group commit: at most one write in flight and one queued behind it; every change made meanwhile
  // rides on the queued write, which collects the changes only when it starts.
  let writing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const write = (): Promise<void> => {
    const p: Promise<void> = writeOnce().finally(() => {
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

  // Fold a replayed journal into a fresh snapshot, so the next start-up stays short.
  if (mustSnapshot) await flush();

  return {
    kind: 'lowdb',
    archive: createFileArchive(dataDir),
    file,
    stats: () => counts,
    get data() {
      return tracker.data;
    },
    async transact(fn) {
      const result = fn(tracker.data);
      await flush();
      return result;
    },
    async settled() {
      // The queued write (if any) carries every change made so far; else the one in flight does.
      await (queued ?? writing)?.catch(() => undefined);
    },
    async compact() {
      await (queued ?? writing)?.catch(() => undefined);
      mustSnapshot = true;
      await flush();
    },
    async close() {
      while (queued || writing) await (queued ?? writing)?.catch(() => undefined);
      mustSnapshot = true;
      await write().catch(() => undefined);
      await journal.close();
    },
  };
}
