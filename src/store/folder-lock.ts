import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import fsx from 'fs-native-extensions';

export const LOCK_FILE = 'bot.lock';

/** Who holds a data folder: written into the lock file once the lock is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** What holds it: `bot (websocket)`, `restore`, `backup`… */
  purpose: string;
}

export interface FolderLock {
  readonly dir: string;
  readonly holder: LockHolder;
  release(): void;
}

/** Another process holds the folder: the message is one line naming the folder and that process. */
export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `pid ${holder.pid}, host ${holder.host}, since ${holder.since}, ${holder.purpose}`
      : 'an instance that has not said who it is yet';
    super(
      `数据目录 ${dir} 已被另一个实例占用 (data folder in use by ${who})：` +
        '同一数据目录只能运行一个机器人，请先停止它 (one bot per data folder; stop the running one first)',
    );
    this.name = 'FolderLockedError';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An exclusive advisory lock on the data folder, held for the life of the process. On Linux it is an
 * open-file-description lock (fcntl F_OFD_SETLK, via fs-native-extensions): the kernel drops it when the
 * process dies however it dies, so a kill -9 leaves nothing stale to clean up, and two opens conflict
 * even inside one process. The file's content only says who holds it; the lock is what counts.
 */
export function lockFolder(dir: string, purpose: string): FolderLock {
  const abs = resolve(dir);
  const file = join(abs, LOCK_FILE);
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked = false;
  try {
    locked = fsx.tryLock(fd);
  } catch (err) {
    closeSync(fd);
    throw new Error(`无法锁定数据目录 ${abs} (cannot lock the data folder: ${(err as Error).message})`, {
      cause: err,
    });
  }
  if (!locked) {
    closeSync(fd);
    throw new FolderLockedError(abs, readHolder(file));
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose };
  const text = `${JSON.stringify(holder)}\n`;
  ftruncateSync(fd, 0);
  writeSync(fd, text, 0);
  fsyncSync(fd);
  let held = true;
  return {
    dir: abs,
    holder,
    release() {
      if (!held) return;
      held = false;
      // Emptied first: a reader that races the release sees no stale holder.
      if (fstatSync(fd).size > 0) ftruncateSync(fd, 0);
      fsx.unlock(fd);
      closeSync(fd);
    },
  };
}
