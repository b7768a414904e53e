import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/lark/outbox.ts';
import { cardsByMessage, cardsOf } from '../../src/store/indexes.ts';
import { createLowdbStore, DATA_FILE, JOURNAL_FILE, readCommitted } from '../../src/store/lowdb.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { emptyData } from '../../src/store/schema.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'govbot-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journalLines = () =>
  readFileSync(join(dir, JOURNAL_FILE), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

const card = (itemId: string, messageId?: string) => ({
  itemId,
  view: 'step',
  sentAt: '2026-11-26T02:00:00.000Z',
  ...(messageId ? { messageId } : {}),
});

describe('journal between snapshots', () => {
  it('a change is confirmed as one appended line holding only what changed; the snapshot is not rewritten', async () => {
    const store = await createLowdbStore(dir);
    await store.transact((d) => {
      for (let i = 0; i < 500; i++) d.cards[`c${i}`] = card(`I${i}`);
    });
    const snapshotAt = statSync(join(dir, DATA_FILE)).mtimeMs;
    const before = statSync(join(dir, JOURNAL_FILE)).size;
    await store.transact((d) => {
      d.cards.c7 = card('I7', 'om_7');
    });
    const line = journalLines().at(-1)!;
    expect(statSync(join(dir, JOURNAL_FILE)).size - before).toBe(Buffer.byteLength(line) + 1);
    expect(Object.keys(JSON.parse(line).changes.set.cards)).toEqual(['c7']);
    expect(statSync(join(dir, DATA_FILE)).mtimeMs).toBe(snapshotAt);
    expect(readCommitted(dir).cards.c7?.messageId).toBe('om_7');
    await store.close();
  });

  it('deletes, list edits (push, replace in place, remove) and scalars replay to the same data', async () => {
    const store = await createLowdbStore(dir);
    const ids: string[] = [];
    await store.transact((d) => {
      for (let i = 0; i < 5; i++)
        ids.push(enqueue(d, { op: 'send', to: { openId: `ou_${i}` }, msgType: 'text', content: `${i}` }).id);
      d.seenEvents.a = 1;
      d.seenEvents.b = 2;
      d.seq = 9;
    });
    await store.transact((d) => {
      delete d.seenEvents.a;
      d.outbox = d.outbox
        .filter((e) => e.id !== ids[1])
        .map((e) => (e.id === ids[3] ? { ...e, attempts: 2 } : e));
      enqueue(d, { op: 'send', to: { openId: 'ou_new' }, msgType: 'text', content: 'new' });
      d.inbox.push({
        id: 'in1',
        inbound: { kind: 'menu', eventId: 'e', sender: 'ou_1', key: 'k' } as never,
        receivedAt: 1,
      });
    });
    expect(readCommitted(dir)).toEqual(JSON.parse(JSON.stringify(store.data)));
    expect(readCommitted(dir).outbox.map((e) => e.id)).toEqual(store.data.outbox.map((e) => e.id));
    // A reorder that put/del cannot express is written whole.
    await store.transact((d) => {
      d.outbox = [...d.outbox].reverse();
    });
    expect(JSON.parse(journalLines().at(-1)!).changes.lists.outbox.whole).toHaveLength(5);
    expect(readCommitted(dir).outbox.map((e) => e.id)).toEqual(store.data.outbox.map((e) => e.id));
    await store.close();
    const again = await createLowdbStore(dir);
    expect(again.data.outbox.map((e) => e.id)).toEqual(store.data.outbox.map((e) => e.id));
    expect(again.data.seenEvents).toEqual({ b: 2 });
    expect(again.data.seq).toBe(9);
    await again.close();
  });

  it('a torn last line (killed mid-append, never confirmed) is cut off at start-up; the rest survives', async () => {
    const store = await createLowdbStore(dir);
    await store.transact((d) => {
      d.seq = 1;
    });
    await store.transact((d) => {
      d.seenEvents.kept = 1;
    });
    // Simulate a kill: no close() (the kernel drops a dead process's lock), then half a line.
    store.lock.release();
    appendFileSync(join(dir, JOURNAL_FILE), '{"n":99,"changes":{"seq":5');
    const b = await createLowdbStore(dir);
    expect(b.data.seenEvents).toEqual({ kept: 1 });
    expect(b.data.seq).toBe(1);
    await b.close();
  });

  it('a damaged line followed by good ones is refused with the file named, and nothing is changed', async () => {
    const store = await createLowdbStore(dir);
    await store.transact((d) => {
      d.seq = 1;
    });
    await store.transact((d) => {
      d.seq = 2;
    });
    store.lock.release(); // as if killed
    const file = join(dir, JOURNAL_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = '{"n":1,"chan';
    writeFileSync(file, lines.join('\n'));
    await expect(createLowdbStore(dir)).rejects.toThrow(/bot-data\.journal 第 1 行已损坏/);
    expect(readFileSync(file, 'utf8')).toBe(lines.join('\n'));
  });

  it('the journal is folded into the snapshot once it outgrows it; a crash between the two applies nothing twice', async () => {
    const store = await createLowdbStore(dir, { compactAtBytes: 2000 });
    for (let i = 0; i < 40; i++) {
      await store.transact((d) => {
        enqueue(d, { op: 'send', to: { openId: `ou_${i}` }, msgType: 'text', content: 'x'.repeat(100) });
      });
    }
    expect(store.stats().snapshots).toBeGreaterThan(1);
    // Never much more than the snapshot itself (one record past it at most).
    expect(statSync(join(dir, JOURNAL_FILE)).size).toBeLessThan(statSync(join(dir, DATA_FILE)).size + 1000);
    expect(readCommitted(dir).outbox).toHaveLength(40);
    // The snapshot is renamed into place, then the journal truncated; a kill between them leaves
    // records the snapshot already holds. Put them back: they must be skipped, not appended again.
    const journalBefore = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    await store.transact((d) => {
      d.outbox = [];
    });
    await store.close(); // writes a snapshot and empties the journal
    const snap = JSON.parse(readFileSync(join(dir, DATA_FILE), 'utf8'));
    writeFileSync(join(dir, JOURNAL_FILE), journalBefore);
    expect(snap.journalAt).toBeGreaterThan(0);
    const b = await createLowdbStore(dir);
    expect(b.data.outbox).toEqual([]);
    await b.close();
  });

  it('a stored record cannot be edited in place: the edit throws instead of silently missing the journal', async () => {
    for (const store of [createMemoryStore(), await createLowdbStore(dir)]) {
      await store.transact((d) => {
        d.cards.x = card('I1');
      });
      await expect(
        store.transact((d) => {
          (d.cards.x as { messageId?: string }).messageId = 'om_1';
        }),
      ).rejects.toThrow(TypeError);
      await store.close();
    }
  });
});

describe('indexes kept by the store', () => {
  it('cards by item and by message follow every set, replacement, delete and a whole reset', async () => {
    const store = createMemoryStore({ ...emptyData(), cards: { a: card('I1'), b: card('I2', 'om_b') } });
    const keys = (rows: Array<[string, unknown]>) => rows.map(([k]) => k).sort();
    expect(keys(cardsOf(store.data, 'I1'))).toEqual(['a']);
    await store.transact((d) => {
      d.cards.c = card('I1', 'om_c');
      d.cards.a = card('I1', 'om_a');
      delete d.cards.b;
    });
    expect(keys(cardsOf(store.data, 'I1'))).toEqual(['a', 'c']);
    expect(keys(cardsByMessage(store.data, 'om_a'))).toEqual(['a']);
    expect(cardsByMessage(store.data, 'om_b')).toEqual([]);
    expect(cardsOf(store.data, 'I2')).toEqual([]);
    await store.transact((d) => Object.assign(d, emptyData()));
    expect(cardsOf(store.data, 'I1')).toEqual([]);
    // The same answers as a scan of plain data.
    const plain = { ...emptyData(), cards: { z: card('I9', 'om_z') } };
    expect(keys(cardsOf(plain, 'I9'))).toEqual(['z']);
    expect(keys(cardsByMessage(plain, 'om_z'))).toEqual(['z']);
  });
});
