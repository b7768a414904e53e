import { closeSync, fsyncSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that is durable, not only atomic: write a temp file, fsync it, rename it over the
 * old one, fsync the folder. (lowdb's own JSONFile renames without fsync, so a power cut can lose a
 * write the bot already confirmed.) A corrupt file is reported with its name, never overwritten.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  #tmpSeq = 0;
  /** Size of the last file written (the journal is compacted once it outgrows the snapshot). */
  lastBytes = 0;

  constructor(
    readonly file: string,
    private readonly revive: (raw: unknown, file: string) => T,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(
        `数据文件 ${this.file} 已损坏或被截断，无法读取 (corrupt or truncated: ${(err as Error).message})。` +
          '文件未被改动；请从备份恢复，或移走该文件后重新启动。',
      );
    }
    return this.revive(raw, this.file);
  }

  async write(data: T): Promise<void> {
    // Serialised before the first await: the file holds the data as it stood when the write was asked
    // for (the store's snapshot names the last journal record it contains).
    const text = JSON.stringify(data);
    this.lastBytes = Buffer.byteLength(text);
    const tmp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${++this.#tmpSeq}.tmp`);
    const handle = await open(tmp, 'w', DATA_FILE_MODE);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    syncDir(dirname(this.file));
  }
}

/** Officials' leave, trips and instructions: readable by the bot's own user only. */
export const DATA_FILE_MODE = 0o600;

/** Makes a file's creation or rename durable: fsync of the folder that holds it. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes temp files a crash left behind (they are never the committed state). */
export function cleanTempFiles(file: string): string[] {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      unlinkSync(join(dir, name));
      removed.push(name);
    }
  }
  return removed;
}
