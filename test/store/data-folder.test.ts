import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/lark/outbox.ts';
import { FolderLockedError, LOCK_FILE, lockFolder } from '../../src/store/folder-lock.ts';
import { OWNER_FILE } from '../../src/store/folder-owner.ts';
import { createLowdbStore, DATA_FILE, JOURNAL_FILE, readCommitted } from '../../src/store/lowdb.ts';
import { SCHEMA_VERSION } from '../../src/store/schema.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'govbot-folder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const APP = { kind: 'lark', appId: 'cli_0123456789abcdef' } as const;

describe('one bot per data folder', () => {
  it('a second store on the same folder refuses at once, naming the folder and the holder', async () => {
    const a = await createLowdbStore(dir, { purpose: 'bot (websocket)' });
    const err = await createLowdbStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FolderLockedError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    expect(msg).toContain(resolve(dir));
    expect(msg).toContain(`pid ${process.pid}`);
    expect(msg).toMatch(/since 20\d\d-\d\d-\d\dT/);
    expect(msg).toContain('bot (websocket)');
    await a.close();
    // Released on close: the next one opens.
    const b = await createLowdbStore(dir);
    await b.close();
  });

  it('a process killed with -9 leaves no stale lock: the kernel releases it', async () => {
    const script = join(dir, 'hold.ts');
    const lockModule = resolve('src/store/folder-lock.ts');
    writeFileSync(
      script,
      `import { lockFolder } from ${JSON.stringify(lockModule)};\n` +
        `lockFolder(${JSON.stringify(dir)}, 'child');\nconsole.log('locked');\nsetInterval(() => {}, 1000);\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((r, j) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('locked') && r());
      child.on('exit', (code) => j(new Error(`child exited ${code}`)));
    });
    expect(() => lockFolder(dir, 'second')).toThrow(/pid \d+.*child/);
    const gone = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await gone;
    // The lock file (and its stale holder text) is still there, but nobody holds the lock.
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toContain('child');
    const lock = lockFolder(dir, 'after');
    lock.release();
  });
});

describe('the data folder records whose data it holds', () => {
  it('the sandbox refuses a folder of a real app, and a real app refuses the sandbox’s or another app’s', async () => {
    const real = await createLowdbStore(dir, { owner: APP });
    await real.transact((d) => {
      enqueue(d, { op: 'send', to: { openId: 'ou_real' }, msgType: 'text', content: '{"text":"x"}' });
    });
    await real.close();
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toMatchObject(APP);
    const journal = readFileSync(join(dir, DATA_FILE), 'utf8');

    await expect(createLowdbStore(dir, { owner: { kind: 'sandbox' } })).rejects.toThrow(
      /属于飞书应用 cli_0123456789abcdef.*不能用于沙箱.*LARK_APP_ID/,
    );
    await expect(
      createLowdbStore(dir, { owner: { kind: 'lark', appId: 'cli_fedcba9876543210' } }),
    ).rejects.toThrow(/不能用于飞书应用 cli_fedcba9876543210/);
    // Nothing was touched, and the lock was let go after each refusal.
    expect(readFileSync(join(dir, DATA_FILE), 'utf8')).toBe(journal);
    const again = await createLowdbStore(dir, { owner: APP });
    expect(again.data.outbox).toHaveLength(1);
    await again.close();

    const sandboxDir = join(dir, 'sandbox');
    await (await createLowdbStore(sandboxDir, { owner: { kind: 'sandbox' } })).close();
    await expect(createLowdbStore(sandboxDir, { owner: APP })).rejects.toThrow(/属于沙箱/);
  });

  it('a folder with data and no record (an older build) is adopted by a real app and refused by the sandbox', async () => {
    const old = await createLowdbStore(dir);
    await old.transact((d) => {
      d.seq = 7;
    });
    await old.close();
    await expect(createLowdbStore(dir, { owner: { kind: 'sandbox' } })).rejects.toThrow(
      /没有记录它属于沙箱还是正式应用/,
    );
    const adopted = await createLowdbStore(dir, { owner: APP });
    expect(adopted.data.seq).toBe(7);
    await adopted.close();
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')).appId).toBe(APP.appId);
  });
});

describe('the journal must continue its snapshot', () => {
  it('a journal with records missing after the snapshot stops start-up, naming both files and the gap', async () => {
    const store = await createLowdbStore(dir);
    for (let i = 1; i <= 5; i++) {
      await store.transact((d) => {
        d.seenEvents[`e${i}`] = i;
      });
    }
    await store.close(); // snapshot holds records 1–5, journal empty
    const snap = JSON.parse(readFileSync(join(dir, DATA_FILE), 'utf8'));
    expect(snap.journalAt).toBeGreaterThanOrEqual(5);
    // A journal copied from a later moment: records that start past the snapshot's end.
    const at = snap.journalAt as number;
    const rec = (n: number) =>
      `${JSON.stringify({ n, changes: { seq: 0, schemaVersion: SCHEMA_VERSION, set: { seenEvents: { [`late${n}`]: n } } } })}\n`;
    writeFileSync(join(dir, JOURNAL_FILE), rec(at + 3) + rec(at + 4));
    const before = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    const expected = new RegExp(
      `日志 .*${JOURNAL_FILE} 不能接续快照 .*${DATA_FILE}：快照含到第 ${at} 条记录，日志的下一条却是第 ${at + 3} 条，缺少第 ${at + 1}–${at + 2} 条`,
    );
    await expect(createLowdbStore(dir)).rejects.toThrow(expected);
    expect(() => readCommitted(dir)).toThrow(expected);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe(before);
    // A hole inside the journal is the same fault.
    writeFileSync(join(dir, JOURNAL_FILE), rec(at + 1) + rec(at + 3));
    await expect(createLowdbStore(dir)).rejects.toThrow(/缺少第 \d+–\d+ 条/);
    // Records the snapshot already holds, then the next one: fine.
    writeFileSync(join(dir, JOURNAL_FILE), rec(at - 1) + rec(at) + rec(at + 1));
    const ok = await createLowdbStore(dir);
    expect(ok.data.seenEvents[`late${at + 1}`]).toBe(at + 1);
    await ok.close();
  });
});

describe('schema versions', () => {
  it('a v1 data file and journal (written by the first build) are migrated at start-up and written back as the current version', async () => {
    const v1 = {
      schemaVersion: 1,
      seq: 3,
      journalAt: 2,
      items: {},
      cards: {},
      seenEvents: {},
      inbox: [],
      jobRuns: {},
      nags: {},
      outbox: [
        {
          id: 'a1',
          op: 'send',
          to: { openId: 'ou_1' },
          msgType: 'text',
          content: '{"text":"x"}',
          createdAt: 1_700_000_000_000,
          attempts: 3,
          nextAt: 0,
          status: 'failed',
          lastError: '230002 bot not in chat',
        },
      ],
    };
    writeFileSync(join(dir, DATA_FILE), JSON.stringify(v1));
    // A v1 journal record after it, failing one more message.
    const failedLater = { ...v1.outbox[0], id: 'a2', createdAt: 1_700_000_100_000 };
    writeFileSync(
      join(dir, JOURNAL_FILE),
      `${JSON.stringify({ n: 3, changes: { seq: 4, schemaVersion: 1, lists: { outbox: { put: [failedLater] } } } })}\n`,
    );
    expect(readCommitted(dir).schemaVersion).toBe(SCHEMA_VERSION);
    const store = await createLowdbStore(dir);
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.seq).toBe(4);
    expect(store.data.outbox.map((e) => [e.id, e.failedAt])).toEqual([
      ['a1', 1_700_000_000_000],
      ['a2', 1_700_000_100_000],
    ]);
    await store.close();
    const onDisk = JSON.parse(readFileSync(join(dir, DATA_FILE), 'utf8'));
    expect(onDisk.schemaVersion).toBe(SCHEMA_VERSION);
    expect(onDisk.outbox[1].failedAt).toBe(1_700_000_100_000);
  });

  it('a v2 data file (before the Approval Center) is migrated to v3: its collections start empty, are journalled, and survive a restart', async () => {
    const v2 = {
      schemaVersion: 2,
      seq: 1,
      journalAt: 0,
      items: {},
      cards: {},
      seenEvents: { e1: 1 },
      inbox: [],
      outbox: [],
      jobRuns: {},
      nags: {},
    };
    writeFileSync(join(dir, DATA_FILE), JSON.stringify(v2));
    expect(SCHEMA_VERSION).toBe(3);
    const store = await createLowdbStore(dir);
    expect(store.data.schemaVersion).toBe(3);
    expect(store.data.approvalDefinitions).toEqual({});
    expect(store.data.approvalInstances).toEqual({});
    expect(store.data.seenEvents).toEqual({ e1: 1 });
    // Written back as v3 at once, with both collections.
    const onDisk = JSON.parse(readFileSync(join(dir, DATA_FILE), 'utf8'));
    expect(onDisk.schemaVersion).toBe(3);
    expect(onDisk.approvalDefinitions).toEqual({});
    expect(onDisk.approvalInstances).toEqual({});
    // The migrated collections are tracked like the others: a change reaches the journal.
    await store.transact((d) => {
      d.approvalDefinitions.leave = { kind: 'leave', customCode: 'cli_x-leave', code: 'AC-1' };
    });
    await store.close();
    expect(readCommitted(dir).approvalDefinitions.leave?.code).toBe('AC-1');
    const again = await createLowdbStore(dir);
    expect(again.data.approvalDefinitions.leave).toEqual({
      kind: 'leave',
      customCode: 'cli_x-leave',
      code: 'AC-1',
    });
    await again.close();
  });

  it('a v1 archive file (no version) is read, and written back with the version', async () => {
    const store = await createLowdbStore(dir);
    writeFileSync(join(dir, 'archive', 'archive-2025.json'), JSON.stringify({ items: { Q1: { id: 'Q1' } } }));
    expect((await store.archive.read(2025)).map((i) => i.id)).toEqual(['Q1']);
    await store.archive.add([{ id: 'Q2', closedAt: '2025-03-01T00:00:00Z' } as never]);
    const file = JSON.parse(readFileSync(join(dir, 'archive', 'archive-2025.json'), 'utf8'));
    expect(file.schemaVersion).toBe(2);
    expect(Object.keys(file.items).sort()).toEqual(['Q1', 'Q2']);
    writeFileSync(join(dir, 'archive', 'archive-2024.json'), JSON.stringify({ schemaVersion: 9, items: {} }));
    await expect(store.archive.read(2024)).rejects.toThrow(/版本 9/);
    await store.close();
  });
});
