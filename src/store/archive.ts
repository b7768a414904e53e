import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { cleanTempFiles, DurableJsonFile } from './durable-file.ts';
import { ARCHIVE_SCHEMA_VERSION } from './migrate.ts';

/**
 * Closed items, one file per year (the year the item closed): the hot data file keeps open work and
 * recent history only, so a write's cost follows open work, not years of history. The ledger and its
 * export read the archive too.
 */
export interface Archive {
  years(): number[];
  read(year: number): Promise<WorkflowItem[]>;
  /** Adds (or replaces, by id) items; durable when it resolves. Idempotent, so a crash mid-way is harmless. */
  add(items: WorkflowItem[]): Promise<void>;
  find(id: string): Promise<WorkflowItem | undefined>;
}

export const yearOf = (item: WorkflowItem): number =>
  Number((item.closedAt ?? item.updatedAt).slice(0, 4)) || new Date().getUTCFullYear();

function byYear(items: WorkflowItem[]): Map<number, WorkflowItem[]> {
  const m = new Map<number, WorkflowItem[]>();
  for (const it of items) {
    const y = yearOf(it);
    const list = m.get(y);
    if (list) list.push(it);
    else m.set(y, [it]);
  }
  return m;
}

export function createMemoryArchive(): Archive {
  const years = new Map<number, Map<string, WorkflowItem>>();
  return {
    years: () => [...years.keys()].sort(),
    read: async (y) => [...(years.get(y)?.values() ?? [])],
    async add(items) {
      for (const [y, list] of byYear(items)) {
        const m = years.get(y) ?? new Map();
        for (const it of list) m.set(it.id, structuredClone(it));
        years.set(y, m);
      }
    },
    async find(id) {
      for (const m of years.values()) if (m.has(id)) return m.get(id);
      return undefined;
    },
  };
}

type YearFile = { schemaVersion?: number; items: Record<string, WorkflowItem> };
export const ARCHIVE_FILE = /^archive-(\d{4})\.json$/;
const FILE = ARCHIVE_FILE;

/**
 * Per-year lowdb files under `<dataDir>/archive/`, read when asked and not kept: memory follows open
 * work, not years of history (a ledger query over an old year pays for reading that file instead).
 */
export function createFileArchive(dataDir: string): Archive {
  const dir = join(dataDir, 'archive');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(dir)) if (FILE.test(f)) cleanTempFiles(join(dir, f));
  const fileOf = (y: number) => join(dir, `archive-${y}.json`);
  const db = async (y: number) => {
    const low = new Low<YearFile>(
      new DurableJsonFile(fileOf(y), (raw, file) => {
        if (typeof raw !== 'object' || raw === null || typeof (raw as YearFile).items !== 'object') {
          throw new Error(`归档文件 ${file} 格式不对 (archive file is not {items:{…}}); 文件未被改动`);
        }
        const v = (raw as YearFile).schemaVersion ?? 1;
        if (v > ARCHIVE_SCHEMA_VERSION) {
          throw new Error(
            `归档文件 ${file} 的版本 ${v} 比本程序支持的新 (written by a newer build); 文件未被改动`,
          );
        }
        // v1 → v2 only added the version field: the next write of this year records it.
        return raw as YearFile;
      }),
      { items: {} },
    );
    await low.read();
    return low;
  };
  // Writes to one year's file are serialised (one writer per file).
  let chain: Promise<void> = Promise.resolve();
  return {
    years: () =>
      readdirSync(dir)
        .flatMap((f) => {
          const m = FILE.exec(f);
          return m ? [Number(m[1])] : [];
        })
        .sort(),
    read: async (y) => (existsSync(fileOf(y)) ? Object.values((await db(y)).data.items) : []),
    add(items) {
      const next = chain.then(async () => {
        for (const [y, list] of byYear(items)) {
          const low = await db(y);
          for (const it of list) low.data.items[it.id] = it;
          low.data.schemaVersion = ARCHIVE_SCHEMA_VERSION;
          await low.write();
        }
      });
      chain = next.catch(() => undefined);
      return next;
    },
    async find(id) {
      for (const y of this.years().reverse()) {
        const hit = (await db(y)).data.items[id];
        if (hit) return hit;
      }
      return undefined;
    },
  };
}
