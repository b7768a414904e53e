import type { FileHandle } from 'node:fs/promises';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DATA_FILE_MODE, syncDir } from './durable-file.ts';
import type { ChangeSet } from './tracked.ts';

export interface JournalRecord {
  n: number;
  changes: ChangeSet;
}

/**
 * The append-only journal between snapshots: one JSON line per commit, made durable with fdatasync
 * before the commit is confirmed. A torn last line (the process died mid-append, so that commit was
 * never confirmed) is cut off on open; a bad line followed by good ones is corruption and is refused.
 */
export class Journal {
  records: JournalRecord[];
  bytes: number;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    records: JournalRecord[],
    bytes: number,
  ) {
    this.records = records;
    this.bytes = bytes;
  }

  static async open(file: string): Promise<Journal> {
    let text = '';
    let existed = true;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      existed = false;
    }
    const { records, good } = parseJournal(text, file);
    const fh = await open(file, 'a+', DATA_FILE_MODE);
    if (!existed) syncDir(dirname(file));
    const size = (await fh.stat()).size;
    if (size !== good) {
      await fh.truncate(good);
      await fh.datasync();
    }
    return new Journal(file, fh, records, good);
  }

  async append(rec: JournalRecord): Promise<void> {
    const line = `${JSON.stringify(rec)}\n`;
    await this.fh.appendFile(line);
    await this.fh.datasync();
    this.bytes += Buffer.byteLength(line);
  }

  async truncate(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** The records of a journal's text and the length of its intact prefix (a torn last line is dropped). */
export function parseJournal(text: string, file: string): { records: JournalRecord[]; good: number } {
  const records: JournalRecord[] = [];
  let good = 0; // bytes of the intact prefix
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const complete = i < lines.length - 1; // followed by a newline
    const size = Buffer.byteLength(line) + (complete ? 1 : 0);
    if (line === '' && !complete) break;
    let rec: JournalRecord | undefined;
    try {
      rec = complete ? (JSON.parse(line) as JournalRecord) : undefined;
    } catch {
      rec = undefined;
    }
    const isLast = i === lines.length - 1 || (i === lines.length - 2 && lines[i + 1] === '');
    if (!rec || typeof rec.n !== 'number') {
      if (isLast) break; // torn tail: never confirmed
      throw new Error(
        `日志文件 ${file} 第 ${i + 1} 行已损坏 (corrupt journal line ${i + 1})。文件未被改动；请从备份恢复。`,
      );
    }
    records.push(rec);
    offset += size;
    good = offset;
  }
  return { records, good };
}
