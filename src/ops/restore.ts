import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ARCHIVE_FILE } from '../store/archive.ts';
import { syncDir } from '../store/durable-file.ts';
import { lockFolder } from '../store/folder-lock.ts';
import { OWNER_FILE } from '../store/folder-owner.ts';
import { DATA_FILE, JOURNAL_FILE, readCommittedAt } from '../store/lowdb.ts';
import { SCHEMA_VERSION } from '../store/schema.ts';
import { type Manifest, readManifest, sha256, writeDurable } from './manifest.ts';

/** Every way a backup folder can fall short, listed together; empty when it is whole. */
export function checkBackup(src: string): { manifest: Manifest; problems: string[] } {
  const manifest = readManifest(src);
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const p = join(src, f.path);
    if (!existsSync(p)) {
      problems.push(`${f.path} 缺失 (missing)`);
      continue;
    }
    const b = readFileSync(p);
    if (b.length !== f.bytes || sha256(b) !== f.sha256) {
      problems.push(`${f.path} 与清单不符，已损坏或被改动 (size or checksum differs from the manifest)`);
    }
  }
  if (!listed.has(DATA_FILE)) problems.push(`清单里没有 ${DATA_FILE} (the manifest lists no snapshot)`);
  // A journal or year file beside the backup that the manifest does not name was put there by hand.
  const strays = [
    ...(existsSync(join(src, JOURNAL_FILE)) && !listed.has(JOURNAL_FILE) ? [JOURNAL_FILE] : []),
    ...(existsSync(join(src, 'archive'))
      ? readdirSync(join(src, 'archive'))
          .filter((f) => ARCHIVE_FILE.test(f) && !listed.has(`archive/${f}`))
          .map((f) => `archive/${f}`)
      : []),
  ];
  for (const s of strays) problems.push(`${s} 不在清单里，不属于这份备份 (not part of the backup)`);
  if (problems.length > 0) return { manifest, problems };
  if (manifest.schemaVersion > SCHEMA_VERSION) {
    problems.push(
      `备份的数据版本 ${manifest.schemaVersion} 比本程序支持的 ${SCHEMA_VERSION} 新 (made by a newer build)`,
    );
    return { manifest, problems };
  }
  try {
    // Reads it as a start-up would: the snapshot, any journal (which must continue it), the migration.
    const { n } = readCommittedAt(src);
    const snap = JSON.parse(readFileSync(join(src, DATA_FILE), 'utf8')) as { journalAt?: number };
    if ((snap.journalAt ?? 0) !== manifest.journalAt || n < manifest.journalAt) {
      problems.push(
        `${DATA_FILE} 含到第 ${snap.journalAt ?? 0} 条记录，清单却说第 ${manifest.journalAt} 条 (the snapshot is not the one the manifest describes)`,
      );
    }
    for (const f of manifest.files.filter((x) => x.path.startsWith('archive/'))) {
      const y = JSON.parse(readFileSync(join(src, f.path), 'utf8')) as { items?: unknown };
      if (typeof y.items !== 'object' || y.items === null)
        problems.push(`${f.path} 不是归档文件 (not an archive file)`);
    }
  } catch (err) {
    problems.push((err as Error).message);
  }
  return { manifest, problems };
}

function holdsData(dir: string): string[] {
  const found: string[] = [];
  for (const f of [DATA_FILE, JOURNAL_FILE, OWNER_FILE]) {
    if (existsSync(join(dir, f)) && statSync(join(dir, f)).size > 0) found.push(f);
  }
  if (existsSync(join(dir, 'archive'))) {
    for (const f of readdirSync(join(dir, 'archive'))) if (ARCHIVE_FILE.test(f)) found.push(`archive/${f}`);
  }
  return found;
}

export interface RestoreResult {
  manifest: Manifest;
  /** Where the folder's previous files were moved (with --force). */
  movedAside?: string;
}

/**
 * Restores a backup into a data folder: refuses an incomplete or inconsistent backup, a folder a bot
 * is running on, and a folder that already holds data (unless `force`: its files are then moved into
 * a `before-restore-<time>` folder inside it, never deleted). Each file is written durably under a
 * temporary name and renamed into place; no journal is left to replay over the restored snapshot.
 */
export function restoreDataFolder(
  srcDir: string,
  dataDir: string,
  o: { force?: boolean } = {},
): RestoreResult {
  const src = resolve(srcDir);
  const target = resolve(dataDir);
  const { manifest, problems } = checkBackup(src);
  if (problems.length > 0) {
    throw new Error(
      `备份 ${src} 不完整或不一致，未恢复任何内容 (incomplete or inconsistent backup; nothing restored):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const lock = lockFolder(target, 'restore');
  try {
    const existing = holdsData(target);
    let movedAside: string | undefined;
    if (existing.length > 0) {
      if (!o.force) {
        throw new Error(
          `数据目录 ${target} 里已有数据 (${existing.join(', ')})，未恢复任何内容；确认要覆盖请加 --force，原有文件会移到该目录下的 before-restore-<时间>/ ` +
            '(the folder holds data; add --force to restore over it: its files are moved aside, not deleted)',
        );
      }
      movedAside = join(target, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(join(movedAside, 'archive'), { recursive: true, mode: 0o700 });
      for (const f of existing) renameSync(join(target, f), join(movedAside, f));
      syncDir(movedAside);
    }
    // The journal goes first (moved aside above, or empty): it must never be replayed over the backup.
    rmSync(join(target, JOURNAL_FILE), { force: true });
    mkdirSync(join(target, 'archive'), { recursive: true, mode: 0o700 });
    for (const f of manifest.files) {
      const to = join(target, f.path);
      const tmp = join(target, f.path.includes('/') ? 'archive' : '', `.${basename(f.path)}.restore.tmp`);
      writeDurable(tmp, readFileSync(join(src, f.path)));
      renameSync(tmp, to);
    }
    syncDir(join(target, 'archive'));
    syncDir(target);
    // What a start-up will read is what the backup holds.
    const { n } = readCommittedAt(target);
    if (n !== manifest.journalAt)
      throw new Error(`restored data reads as of record ${n}, not ${manifest.journalAt}`);
    return { manifest, ...(movedAside ? { movedAside } : {}) };
  } finally {
    lock.release();
  }
}
