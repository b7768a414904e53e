import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { createFileArchive } from './archive.ts';
import { cleanTempFiles, DurableJsonFile } from './durable-file.ts';
import { type FolderLock, lockFolder } from './folder-lock.ts';
import { claimFolder, type FolderOwner } from './folder-owner.ts';
import { createGroupCommit } from './group-commit.ts';
import { Journal, type JournalRecord, parseJournal } from './journal.ts';
import { migrate } from './migrate.ts';
import type { Store } from './port.ts';
import { emptyData, type StoreData, upgrade } from './schema.ts';
import { replay, Tracker } from './tracked.ts';

export const DATA_FILE = 'bot-data.json';
export const JOURNAL_FILE = 'bot-data.journal';

/** The snapshot on disk: the data, and the last journal record it already contains. */
type Snapshot = StoreData & { journalAt?: number };

export interface LowdbStoreOptions {
  /** Whose data the folder holds: checked (and recorded the first time) before anything is read. */
  owner?: FolderOwner;
  /** Said in the lock file, so a second start can name what holds the folder. */
  purpose?: string;
  /**
   * The journal is folded into a new snapshot once it is this many bytes and larger than the snapshot
   * itself, so start-up replays little and the disk holds at most about twice the data.
   */
  compactAtBytes?: number;
}

/** The journal does not continue its snapshot: records are missing between them (or inside it). */
export class JournalGapError extends Error {
  constructor(snapshotFile: string, journalFile: string, after: number, next: number) {
    super(
      `日志 ${journalFile} 不能接续快照 ${snapshotFile}：快照含到第 ${after} 条记录，日志的下一条却是第 ${next} 条，` +
        `缺少第 ${after + 1}–${next - 1} 条 (the journal does not continue the snapshot: records ${after + 1}–${next - 1} are missing)。` +
        '两个文件都未被改动；它们不是同一时刻的一对，请用 npm run restore 从完整的备份恢复 ' +
        '(neither file was changed; restore a complete backup with npm run restore)',
    );
    this.name = 'JournalGapError';
  }
}

/**
 * Applies the journal records the snapshot does not contain yet. They must follow it without a hole:
 * a snapshot copied at one moment and a journal at another (after a fold) would otherwise restore
 * silently to an older state than the one confirmed.
 */
function fold(
  data: StoreData,
  journalAt: number,
  records: JournalRecord[],
  files: { snapshot: string; journal: string },
): { n: number; replayed: number } {
  let n = journalAt;
  let replayed = 0;
  for (const rec of records) {
    if (rec.n <= journalAt) continue; // already in the snapshot (a crash came between the two)
    if (rec.n !== n + 1) throw new JournalGapError(files.snapshot, files.journal, n, rec.n);
    replay(data, rec.changes);
    n = rec.n;
    replayed += 1;
  }
  return { n, replayed };
}

/**
 * What a restart would see: the snapshot plus the journal, read without changing either file
 * (tests and the crash suite look at the committed state with it), and the last journal record in it.
 */
export function readCommittedAt(dataDir: string): { data: StoreData; n: number } {
  const file = join(dataDir, DATA_FILE);
  const raw = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Snapshot) : emptyData();
  const data: Snapshot = upgrade(raw, file);
  const journalAt = data.journalAt ?? 0;
  delete data.journalAt;
  const jfile = join(dataDir, JOURNAL_FILE);
  const text = existsSync(jfile) ? readFileSync(jfile, 'utf8') : '';
  const { n } = fold(data, journalAt, parseJournal(text, jfile).records, { snapshot: file, journal: jfile });
  migrate(data);
  return { data, n };
}

export function readCommitted(dataDir: string): StoreData {
  return readCommittedAt(dataDir).data;
}

/** The hot data as of one journal record, serialised in the same tick as that record was drained. */
export interface SnapshotCapture {
  text: string;
  journalAt: number;
}

export type LowdbStore = Store & {
  file: string;
  stats(): { snapshots: number; appends: number };
  /**
   * The data as of the newest journal record, once that record is durable (a hot backup): taken inside
   * the group commit, so no write is half done and the text is exactly the state after record `journalAt`.
   */
  capture(): Promise<SnapshotCapture>;
  /** Where the last write failed, if it did (the data folder health check). */
  lastWriteError(): Error | undefined;
  /** The data folder's lock, released by close() (or by the kernel when the process dies). */
  readonly lock: FolderLock;
};

/**
 * The embedded default: a lowdb snapshot file plus an append-only journal of changes. A change is
 * confirmed once its journal record is on disk (append + fdatasync), so a write costs what changed,
 * not the size of the file; the snapshot is rewritten only when the journal has grown past the data.
 * Changes made while a write is in flight share the next write (group commit).
 *
 * The folder is locked for as long as the store is open (one bot per data folder, see folder-lock.ts)
 * and, given an owner, checked to belong to it (folder-owner.ts) before anything is read.
 */
export async function createLowdbStore(dataDir: string, opts: LowdbStoreOptions = {}): Promise<LowdbStore> {
  // The officials' data: readable by the bot's own user only (a new folder; an existing one is kept as is).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = lockFolder(dataDir, opts.purpose ?? 'bot');
  try {
    if (opts.owner) await claimFolder(lock.dir, opts.owner, [DATA_FILE, JOURNAL_FILE]);
    return await openLocked(dataDir, opts, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openLocked(dataDir: string, opts: LowdbStoreOptions, lock: FolderLock): Promise<LowdbStore> {
  const file = join(dataDir, DATA_FILE);
  const jfile = join(dataDir, JOURNAL_FILE);
  cleanTempFiles(file);
  const existed = existsSync(file);
  const db = new Low<Snapshot>(new DurableJsonFile(file, upgrade), emptyData());
  await db.read();
  const loaded = db.data;
  const journalAt = loaded.journalAt ?? 0;
  delete loaded.journalAt;

  const journal = await Journal.open(jfile);
  let { n, replayed } = fold(loaded, journalAt, journal.records, { snapshot: file, journal: jfile });
  journal.records = [];
  const migrated = migrate(loaded);
  const tracker = new Tracker(loaded);
  const compactAt = opts.compactAtBytes ?? 8 * 1024 * 1024;
  let snapshotBytes = existed ? statSync(file).size : 0;
  let counts = { snapshots: 0, appends: 0 };
  let lastError: Error | undefined;
  // A snapshot is due when there is none yet, a journal was replayed or the data migrated (start-up),
  // and after a failed append (memory may hold changes the journal lacks).
  let mustSnapshot = !existed || replayed > 0 || journal.bytes > 0 || migrated;
  // Hot backups waiting for the next write: they get the data as of the record that write makes.
  let captures: Array<{ resolve: (c: SnapshotCapture) => void; reject: (e: unknown) => void }> = [];

  const snapshot = async (): Promise<void> => {
    tracker.drain(); // everything so far is in the snapshot
    db.data = { ...tracker.raw, journalAt: n };
    const waiting = captures;
    captures = [];
    const text = waiting.length > 0 ? JSON.stringify(db.data) : '';
    try {
      await db.write();
    } catch (err) {
      for (const c of waiting) c.reject(err);
      throw err;
    }
    for (const c of waiting) c.resolve({ text, journalAt: n });
    snapshotBytes = (db.adapter as DurableJsonFile<Snapshot>).lastBytes;
    await journal.truncate();
    counts = { ...counts, snapshots: counts.snapshots + 1 };
    mustSnapshot = false;
  };

  const writeOnce = async (): Promise<void> => {
    if (mustSnapshot) return snapshot();
    const changes = tracker.drain();
    const waiting = captures;
    captures = [];
    // Serialised in the tick of the drain: exactly the state after the record about to be appended.
    const text = waiting.length > 0 ? JSON.stringify({ ...tracker.raw, journalAt: changes ? n + 1 : n }) : '';
    if (!changes) {
      for (const c of waiting) c.resolve({ text, journalAt: n });
      return;
    }
    n += 1;
    try {
      await journal.append({ n, changes });
    } catch (err) {
      mustSnapshot = true;
      for (const c of waiting) c.reject(err);
      throw err;
    }
    for (const c of waiting) c.resolve({ text, journalAt: n });
    counts = { ...counts, appends: counts.appends + 1 };
    if (journal.bytes >= compactAt && journal.bytes >= snapshotBytes) mustSnapshot = true;
  };

  const commits = createGroupCommit(() =>
    writeOnce().then(
      () => {
        lastError = undefined;
      },
      (err: Error) => {
        lastError = err;
        throw err;
      },
    ),
  );
  const flush = commits.flush;

  // Fold a replayed journal into a fresh snapshot, so the next start-up stays short.
  if (mustSnapshot) await flush();

  return {
    kind: 'lowdb',
    archive: createFileArchive(dataDir),
    file,
    lock,
    stats: () => counts,
    lastWriteError: () => lastError,
    get data() {
      return tracker.data;
    },
    async transact(fn) {
      const result = fn(tracker.data);
      await flush();
      return result;
    },
    capture() {
      const p = new Promise<SnapshotCapture>((resolve, reject) => captures.push({ resolve, reject }));
      void flush().catch(() => undefined);
      return p;
    },
    async settled() {
      await commits.pending()?.catch(() => undefined);
    },
    async compact() {
      await commits.pending()?.catch(() => undefined);
      mustSnapshot = true;
      await flush();
    },
    async close() {
      await commits.idle();
      mustSnapshot = true;
      await flush().catch(() => undefined);
      await journal.close();
      lock.release();
    },
  };
}
