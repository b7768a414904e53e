import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_FILE, readCommitted } from '../../src/store/lowdb.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
});

describe('archiving settled items out of the hot data file', () => {
  it('moves an approved leave, 30 days after it ended, to archive-2026.json; open work stays', async () => {
    let now = new Date('2026-11-26T10:00:00+08:00');
    h = await startHarness({ store: 'lowdb', clock: () => now });
    await h.say('sun-haiyan', '/请假 12月1日至12月3日 大连 招商活动'); // vice head → head approves
    const [card] = cardsIn(h, 'zhou-jianguo');
    await tap(h, 'zhou-jianguo', card!.messageId, buttonValue(card!.content, '同意'));
    await h.say('cao-min', '/请假 12月20日至12月21日 北京 学习'); // still waiting: stays hot

    const archived = (tick: unknown) =>
      (tick as { result: Array<{ job: string; ran: boolean; result?: unknown }> }).result.find(
        (r) => r.job === 'archive-closed',
      );
    // Ended 12-03: not 30 days ago yet.
    expect(archived(await h.tick('2026-12-20T02:00:00+08:00'))).toMatchObject({
      ran: true,
      result: { archived: 0 },
    });
    expect(h.store.data.items.Q0001).toBeDefined();

    now = new Date('2027-01-05T02:00:00+08:00');
    expect(archived(await h.tick(now))).toMatchObject({ ran: true, result: { archived: 1 } });
    expect(h.store.data.items.Q0001).toBeUndefined();
    expect(h.store.data.items.Q0002).toBeDefined();
    expect(Object.values(h.store.data.cards).some((c) => c.itemId === 'Q0001')).toBe(false);
    expect((await h.store.archive.find('Q0001'))?.status).toBe('approved');
    expect(h.store.archive.years()).toEqual([2026]);
    const archiveFile = join(h.dataDir!, 'archive', 'archive-2026.json');
    expect(JSON.parse(readFileSync(archiveFile, 'utf8')).items.Q0001.submitter).toBe('sun-haiyan');
    const hot = readCommitted(h.dataDir!);
    expect(Object.keys(hot.items)).toEqual(['Q0002']);
    // The job folds its deletions into a fresh snapshot: the file a restart reads no longer holds them.
    expect(readFileSync(join(h.dataDir!, DATA_FILE), 'utf8')).not.toContain('"Q0001"');
    expect(existsSync(archiveFile)).toBe(true);

    // Archiving again (a re-run after a crash) changes nothing.
    await h.store.archive.add([(await h.store.archive.find('Q0001'))!]);
    expect(await h.store.archive.read(2026)).toHaveLength(1);
  });
});
