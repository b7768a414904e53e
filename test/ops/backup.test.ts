import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { backupDataFolder } from '../../src/ops/backup.ts';
import { startControl } from '../../src/ops/control.ts';
import { MANIFEST_FILE } from '../../src/ops/manifest.ts';
import { checkBackup, restoreDataFolder } from '../../src/ops/restore.ts';
import { lockFolder } from '../../src/store/folder-lock.ts';
import {
  createLowdbStore,
  DATA_FILE,
  JOURNAL_FILE,
  type LowdbStore,
  readCommitted,
} from '../../src/store/lowdb.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'govbot-backup-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const APP = { kind: 'lark', appId: 'cli_0123456789abcdef' } as const;
const logger = createLogger('silent');

/** A running bot's store and its control socket, as boot.ts wires them. */
async function runningBot(dir: string): Promise<{ store: LowdbStore; stop(): Promise<void> }> {
  const store = await createLowdbStore(dir, { owner: APP, compactAtBytes: 4000 });
  const control = await startControl(dir, () => store.capture(), logger);
  return {
    store,
    async stop() {
      await control?.close();
      await store.close();
    },
  };
}

describe('npm run backup / npm run restore', () => {
  it('a hot backup under load restores, into a new folder, every change confirmed before it began', async () => {
    const live = join(root, 'live');
    const bot = await runningBot(live);
    // Load: 6 writers commit without pause, each change confirmed when its transact resolves. The
    // small compaction threshold folds the journal into new snapshots all along (the trap).
    const confirmed = new Map<string, number>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const key = `w${w}-${i}`;
        const t = Date.now();
        await bot.store.transact((d) => {
          d.seenEvents[key] = t;
          d.seq += 1;
        });
        confirmed.set(key, performance.now());
      }
    };
    const writers = [0, 1, 2, 3, 4, 5].map(writer);
    await new Promise((r) => setTimeout(r, 150));
    const began = performance.now();
    const before = new Set([...confirmed.keys()]);
    // The Approval Center's records (issue 17) are part of the data like every collection.
    await bot.store.transact((d) => {
      d.approvalDefinitions.leave = { kind: 'leave', customCode: 'cli_x-leave', code: 'AC-LEAVE' };
    });
    // The archive has a year file too.
    await bot.store.archive.add([{ id: 'Q0001', closedAt: '2025-06-01T00:00:00Z', trail: [] } as never]);
    const dest = join(root, 'backup-1');
    const { manifest } = await backupDataFolder(live, dest);
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(writers);
    await bot.stop();
    expect(bot.store.stats().snapshots).toBeGreaterThan(2);
    expect(manifest.hot).toBe(true);
    expect(manifest.owner).toEqual(APP);
    expect(manifest.files.map((f) => f.path).sort()).toEqual([
      'archive/archive-2025.json',
      DATA_FILE,
      'data-folder.json',
    ]);
    expect(before.size).toBeGreaterThan(20);

    const restored = join(root, 'restored');
    const r = restoreDataFolder(dest, restored);
    expect(r.manifest.journalAt).toBe(manifest.journalAt);
    const data = readCommitted(restored);
    const missing = [...before].filter((k) => !(k in data.seenEvents));
    expect(missing).toEqual([]);
    expect(data.approvalDefinitions.leave?.code).toBe('AC-LEAVE');
    expect(data.approvalInstances).toEqual({});
    // It is one moment: the counter equals the number of changes it holds.
    expect(data.seq).toBe(Object.keys(data.seenEvents).length);
    // Changes confirmed after the backup began may or may not be in it; later ones are not.
    const all = [...confirmed.keys()];
    expect(all.length).toBeGreaterThan(Object.keys(data.seenEvents).length);
    expect(Math.max(...[...before].map((k) => confirmed.get(k)!))).toBeLessThan(began);
    // The restored folder opens as the same app's data, journal continuing from the backup's record.
    const reopened = await createLowdbStore(restored, { owner: APP });
    expect(Object.keys(reopened.data.seenEvents).length).toBe(data.seq);
    expect((await reopened.archive.read(2025)).map((i) => i.id)).toEqual(['Q0001']);
    await reopened.close();
  });

  it('a stopped bot is backed up from its files under the folder lock; a folder held by a bot that does not answer is refused', async () => {
    const live = join(root, 'live');
    const store = await createLowdbStore(live, { owner: APP });
    await store.transact((d) => {
      d.seq = 41;
    });
    // A bot without a control socket (an older build) holds the folder: no half-copied backup.
    await expect(backupDataFolder(live, join(root, 'b0'))).rejects.toThrow(/已被另一个实例占用.*pid/);
    await store.transact((d) => {
      d.seq = 42;
    });
    await store.close();
    const { manifest } = await backupDataFolder(live, join(root, 'b1'));
    expect(manifest.hot).toBe(false);
    expect(readCommitted(join(root, 'b1')).seq).toBe(42);
    await expect(backupDataFolder(live, join(root, 'b1'))).rejects.toThrow(/不是空目录/);
    await expect(backupDataFolder(join(root, 'nothing'), join(root, 'b2'))).rejects.toThrow(/没有数据文件/);
  });

  it('restore refuses an incomplete or inconsistent backup, listing every problem, and changes nothing', async () => {
    const live = join(root, 'live');
    const bot = await runningBot(live);
    for (let i = 0; i < 5; i++) {
      await bot.store.transact((d) => {
        d.seenEvents[`e${i}`] = i;
      });
    }
    await bot.store.archive.add([{ id: 'Q0001', closedAt: '2025-06-01T00:00:00Z', trail: [] } as never]);
    const good = join(root, 'good');
    await backupDataFolder(live, good);
    await bot.stop();
    expect(checkBackup(good).problems).toEqual([]);

    const copy = (name: string) => {
      const d = join(root, name);
      for (const f of ['', 'archive']) {
        for (const x of readdirSync(join(good, f), { withFileTypes: true })) {
          if (x.isFile()) {
            const to = join(d, f, x.name);
            mkdirSync(join(d, f), { recursive: true });
            writeFileSync(to, readFileSync(join(good, f, x.name)));
          }
        }
      }
      return d;
    };
    const target = join(root, 'target');
    const refuse = (src: string, re: RegExp) => {
      expect(() => restoreDataFolder(src, target)).toThrow(re);
      expect(existsSync(join(target, DATA_FILE))).toBe(false);
    };

    const noManifest = copy('no-manifest');
    rmSync(join(noManifest, MANIFEST_FILE));
    refuse(noManifest, /manifest\.json 缺失或已损坏/);

    const missing = copy('missing');
    rmSync(join(missing, 'archive', 'archive-2025.json'));
    refuse(missing, /archive\/archive-2025\.json 缺失/);

    const damaged = copy('damaged');
    appendFileSync(join(damaged, DATA_FILE), ' ');
    refuse(damaged, /bot-data\.json 与清单不符/);

    // The trap: a journal copied beside the snapshot by hand, from another moment.
    const stray = copy('stray');
    writeFileSync(
      join(stray, JOURNAL_FILE),
      `${JSON.stringify({ n: 99, changes: { seq: 0, schemaVersion: 2 } })}\n`,
    );
    refuse(stray, /bot-data\.journal 不在清单里/);

    // A manifest that describes another snapshot.
    const other = copy('other');
    const m = JSON.parse(readFileSync(join(other, MANIFEST_FILE), 'utf8'));
    m.journalAt += 3;
    writeFileSync(join(other, MANIFEST_FILE), JSON.stringify(m));
    refuse(other, /清单却说第 \d+ 条/);

    const restored = restoreDataFolder(good, target);
    expect(restored.manifest.files).toHaveLength(3);
    expect(Object.keys(readCommitted(target).seenEvents)).toHaveLength(5);
  });

  it('restore refuses a folder a bot runs on, and one holding data unless --force, which moves that data aside', async () => {
    const live = join(root, 'live');
    const store = await createLowdbStore(live, { owner: APP });
    await store.transact((d) => {
      d.seq = 5;
    });
    await store.close();
    const backup = join(root, 'b');
    await backupDataFolder(live, backup);

    const target = join(root, 'target');
    const running = await createLowdbStore(target, { owner: APP });
    await running.transact((d) => {
      d.seq = 99;
    });
    expect(() => restoreDataFolder(backup, target)).toThrow(/已被另一个实例占用/);
    await running.close();
    expect(() => restoreDataFolder(backup, target)).toThrow(/已有数据.*--force/);
    expect(readCommitted(target).seq).toBe(99);
    const r = restoreDataFolder(backup, target, { force: true });
    expect(readCommitted(target).seq).toBe(5);
    expect(r.movedAside).toMatch(/before-restore-/);
    expect(readCommitted(r.movedAside!).seq).toBe(99);
    // No journal of the old data is left to replay over the restored snapshot.
    expect(existsSync(join(target, JOURNAL_FILE))).toBe(false);
    const lock = lockFolder(target, 'check');
    lock.release();
  });
});
