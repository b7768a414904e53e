import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLowdbStore, DATA_FILE, JOURNAL_FILE, readCommitted } from '../../src/store/lowdb.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'govbot-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => readCommitted(dir);

describe('lowdb store', () => {
  it('every confirmed change is on disk, also the ones after the first write', async () => {
    const store = await createLowdbStore(dir);
    for (let i = 0; i < 5; i++) {
      await store.transact((d) => {
        d.seq = i + 1;
      });
      expect(onDisk().seq).toBe(i + 1);
    }
    await store.close();
  });

  it("the data files are readable by the bot's own user only", async () => {
    const store = await createLowdbStore(dir);
    await store.transact((d) => {
      d.seq = 1;
    });
    for (const f of [DATA_FILE, JOURNAL_FILE]) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('concurrent changes share writes (group commit) and all land', async () => {
    const store = await createLowdbStore(dir);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transact((d) => {
          d.seenEvents[`e${i}`] = i;
        }),
      ),
    );
    expect(Object.keys(onDisk().seenEvents)).toHaveLength(100);
    await store.close();
  });

  it('a corrupt or truncated file stops start-up with a message naming the file, and is left as it was', async () => {
    writeFileSync(join(dir, DATA_FILE), '{"schemaVersion":1,"items":{"Q');
    await expect(createLowdbStore(dir)).rejects.toThrow(new RegExp(`${DATA_FILE}.*损坏或被截断`));
    expect(readFileSync(join(dir, DATA_FILE), 'utf8')).toBe('{"schemaVersion":1,"items":{"Q');
  });

  it('a file from a newer schema is refused, and left as it was', async () => {
    writeFileSync(join(dir, DATA_FILE), '{"schemaVersion":99}');
    await expect(createLowdbStore(dir)).rejects.toThrow(/版本 99/);
  });

  it('leftover temp files from a crash are cleaned at start-up; the data survives a reopen', async () => {
    const a = await createLowdbStore(dir);
    await a.transact((d) => {
      d.seq = 42;
    });
    await a.close();
    writeFileSync(join(dir, `.${DATA_FILE}.123.1.tmp`), '{"partial');
    const b = await createLowdbStore(dir);
    expect(b.data.seq).toBe(42);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await b.close();
  });
});
