import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ARCHIVE_FILE } from '../store/archive.ts';
import { syncDir } from '../store/durable-file.ts';
import { lockFolder } from '../store/folder-lock.ts';
import { OWNER_FILE } from '../store/folder-owner.ts';
import { DATA_FILE, readCommittedAt, type SnapshotCapture } from '../store/lowdb.ts';
import { requestCapture } from './control.ts';
import { BACKUP_FORMAT, MANIFEST_FILE, type Manifest, sha256, writeDurable } from './manifest.ts';

export interface BackupResult {
  dest: string;
  manifest: Manifest;
}

/**
 * A consistent backup of a data folder into `dest` (a new or empty folder): the hot data as of one
 * journal record, the archive, the folder's owner record, and a manifest with every file's checksum,
 * written last. A running bot hands over its data through its control socket; a stopped one's files
 * are read under the folder's lock, so no bot starts while they are copied.
 *
 * The archive is copied after the hot data is captured: an item leaves the hot data only once it is
 * durable in the archive, so whatever the capture lacks is in the archive copied after it (an item
 * archived in between is in both, which the archive job and the ledger already allow for).
 */
export async function backupDataFolder(dataDir: string, destDir: string): Promise<BackupResult> {
  const source = resolve(dataDir);
  const dest = resolve(destDir);
  if (!existsSync(join(source, DATA_FILE))) {
    throw new Error(`${source} 里没有数据文件 ${DATA_FILE} (no data to back up: is DATA_DIR right?)`);
  }
  if (existsSync(dest) && readdirSync(dest).length > 0) {
    throw new Error(`备份目标 ${dest} 不是空目录 (the destination must be a new or empty folder)`);
  }
  let capture: SnapshotCapture | undefined = await requestCapture(source);
  const hot = capture !== undefined;
  // No bot answers: hold the folder ourselves while copying (refuses if a bot holds it but did not answer).
  const lock = hot ? undefined : lockFolder(source, 'backup');
  try {
    if (!capture) {
      const { data, n } = readCommittedAt(source);
      capture = { text: JSON.stringify({ ...data, journalAt: n }), journalAt: n };
    }
    mkdirSync(join(dest, 'archive'), { recursive: true, mode: 0o700 });
    const files: Manifest['files'] = [];
    const put = (rel: string, content: Buffer | string) => {
      writeDurable(join(dest, rel), content);
      const b = typeof content === 'string' ? Buffer.from(content) : content;
      files.push({ path: rel, bytes: b.length, sha256: sha256(b) });
    };
    put(DATA_FILE, capture.text);
    const archiveDir = join(source, 'archive');
    const years = existsSync(archiveDir)
      ? readdirSync(archiveDir)
          .filter((f) => ARCHIVE_FILE.test(f))
          .sort()
      : [];
    // Each year file is replaced by rename, never rewritten in place: a read sees one whole version.
    for (const f of years) put(`archive/${f}`, readFileSync(join(archiveDir, f)));
    const ownerFile = join(source, OWNER_FILE);
    const owner = existsSync(ownerFile)
      ? (JSON.parse(readFileSync(ownerFile, 'utf8')) as { kind: 'sandbox' | 'lark'; appId?: string })
      : undefined;
    if (existsSync(ownerFile)) put(OWNER_FILE, readFileSync(ownerFile));
    syncDir(join(dest, 'archive'));
    const snapshot = JSON.parse(capture.text) as { schemaVersion: number };
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      host: hostname(),
      source,
      hot,
      journalAt: capture.journalAt,
      schemaVersion: snapshot.schemaVersion,
      ...(owner ? { owner: { kind: owner.kind, ...(owner.appId ? { appId: owner.appId } : {}) } } : {}),
      files,
    };
    // Last: a folder with a manifest is a finished backup.
    writeDurable(join(dest, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    syncDir(dest);
    return { dest, manifest };
  } finally {
    lock?.release();
  }
}
