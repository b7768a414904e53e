import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DurableJsonFile } from './durable-file.ts';

/** Which data a folder holds: the sandbox's imitation, or one real Lark app's. */
export type FolderOwner = { kind: 'sandbox' } | { kind: 'lark'; appId: string };

export const OWNER_FILE = 'data-folder.json';
const OWNER_VERSION = 1;

interface OwnerRecord {
  schemaVersion: number;
  kind: 'sandbox' | 'lark';
  appId?: string;
  createdAt: string;
}

/** The folder belongs to another mode or app: nothing was read or changed. */
export class FolderOwnerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderOwnerError';
  }
}

const describe = (r: { kind: string; appId?: string }) =>
  r.kind === 'sandbox' ? '沙箱 (the sandbox)' : `飞书应用 ${r.appId} (Lark app ${r.appId})`;

function readOwner(file: string): OwnerRecord | undefined {
  if (!existsSync(file)) return undefined;
  let raw: Partial<OwnerRecord>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<OwnerRecord>;
  } catch (err) {
    throw new FolderOwnerError(`文件 ${file} 已损坏 (unreadable: ${(err as Error).message})；文件未被改动`);
  }
  if ((raw.schemaVersion ?? 0) > OWNER_VERSION) {
    throw new FolderOwnerError(`文件 ${file} 由更新的版本写入 (written by a newer build)；文件未被改动`);
  }
  if (raw.kind !== 'sandbox' && raw.kind !== 'lark') {
    throw new FolderOwnerError(`文件 ${file} 没有写明模式 (no "kind")；文件未被改动`);
  }
  return raw as OwnerRecord;
}

/** Something a bot wrote lives here (snapshot or journal with content). */
function holdsData(dir: string, dataFiles: string[]): boolean {
  return dataFiles.some((f) => {
    const p = join(dir, f);
    return existsSync(p) && statSync(p).size > 0;
  });
}

/**
 * Checks that the folder belongs to `owner` and records it the first time. A sandbox never opens a
 * folder of a real app (it would "deliver" that app's pending messages to the imitation), a real app
 * never opens the sandbox's or another app's. Switching transport (long connection ⇄ webhook) keeps
 * the same app and data, so the transport is not part of the owner. A folder with data and no record
 * (written before the record existed) is adopted by a real app and refused by the sandbox.
 */
export async function claimFolder(dir: string, owner: FolderOwner, dataFiles: string[]): Promise<void> {
  const file = join(dir, OWNER_FILE);
  const rec = readOwner(file);
  const hint =
    owner.kind === 'sandbox'
      ? '若本应正式运行，请检查环境文件是否加载了 LARK_APP_ID/LARK_APP_SECRET；若要试用沙箱，不设 DATA_DIR 即用它自己的 data/sandbox/ ' +
        '(if this should run for real, check that the env file set LARK_APP_ID/LARK_APP_SECRET; for the sandbox, leave DATA_DIR unset: it uses data/sandbox/)'
      : '请为这个应用设置它自己的 DATA_DIR (give this app its own DATA_DIR)';
  if (rec) {
    const same = rec.kind === owner.kind && (owner.kind === 'sandbox' || rec.appId === owner.appId);
    if (same) return;
    throw new FolderOwnerError(
      `数据目录 ${dir} 属于${describe(rec)}，不能用于${describe(owner)}，未读取也未改动任何数据 ` +
        `(the data folder belongs to another mode or app; nothing was read or changed)。${hint}`,
    );
  }
  if (owner.kind === 'sandbox' && holdsData(dir, dataFiles)) {
    throw new FolderOwnerError(
      `数据目录 ${dir} 已有数据，但没有记录它属于沙箱还是正式应用（由旧版本写入），沙箱不会使用它 ` +
        `(the folder has data of unknown owner, written by an older build; the sandbox will not touch it)。${hint}`,
    );
  }
  const record: OwnerRecord = {
    schemaVersion: OWNER_VERSION,
    kind: owner.kind,
    ...(owner.kind === 'lark' ? { appId: owner.appId } : {}),
    createdAt: new Date().toISOString(),
  };
  await new DurableJsonFile<OwnerRecord>(file, (raw) => raw as OwnerRecord).write(record);
}
