import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LarkError } from '../../src/lark/errors.ts';
import type { LarkGateway, Target } from '../../src/lark/gateway.ts';
import { enqueue, textContent } from '../../src/lark/outbox.ts';
import { createRateLimiter, LARK_SEND_LIMITS } from '../../src/lark/rate-limiter.ts';
import { createSender, type Sender } from '../../src/lark/sender.ts';
import { createLogger } from '../../src/logger.ts';
import { createLowdbStore, readCommitted } from '../../src/store/lowdb.ts';
import { createMemoryStore } from '../../src/store/memory.ts';

interface Call {
  op: string;
  key: string;
  uuid?: string;
  content?: string;
  at: number;
}

function fakeGateway(fail: (c: Call, n: number) => LarkError | undefined = () => undefined) {
  const calls: Call[] = [];
  let seq = 0;
  const record = (op: string, key: string, uuid?: string, content?: string) => {
    const c = { op, key, uuid, content, at: Date.now() };
    calls.push(c);
    const err = fail(c, calls.filter((x) => x.uuid === uuid && x.op === op).length);
    if (err) throw err;
  };
  const gw: LarkGateway = {
    async send(to: Target, _t, content, uuid) {
      record('send', 'chatId' in to ? to.chatId : to.openId, uuid, content);
      return { messageId: `om_${++seq}` };
    },
    async reply(messageId, _t, content, uuid) {
      record('reply', messageId, uuid, content);
      return { messageId: `om_${++seq}` };
    },
    async patch(messageId, content) {
      record('patch', messageId, undefined, content);
    },
    async urgent(messageId) {
      record('urgent', messageId);
    },
    async uploadFile() {
      return 'file_1';
    },
    async botInfo() {
      return { openId: 'ou_bot', name: 'bot' };
    },
    async resolveIds() {
      return { byMobile: {}, byEmail: {} };
    },
  };
  return { gw, calls };
}

let sender: Sender | undefined;
afterEach(async () => {
  await sender?.stop();
  sender = undefined;
});

const logger = createLogger('silent');

describe('rate limiter', () => {
  it('allows 5 per key and 50 per app in any second', () => {
    const rl = createRateLimiter({ perKey: 5, perApp: 50, windowMs: 1000 });
    for (let i = 0; i < 5; i++) expect(rl.take('a', 1000)).toBe(0);
    expect(rl.take('a', 1000)).toBe(1000);
    expect(rl.take('a', 1999)).toBe(1);
    expect(rl.take('a', 2000)).toBe(0);
    const app = createRateLimiter({ perKey: 5, perApp: 50, windowMs: 1000 });
    for (let i = 0; i < 50; i++) expect(app.take(`k${i}`, 0)).toBe(0);
    expect(app.take('k-new', 500)).toBe(500);
  });

  it('keeps to 1000 a minute per app and API as well (Lark: 1000/min and 50/s, either throttles)', () => {
    expect(LARK_SEND_LIMITS.perAppMinute).toBe(1000);
    const rl = createRateLimiter(LARK_SEND_LIMITS);
    let t = 0;
    // 50 a second to 50 different people: the second windows always have room, the minute fills up.
    for (let sent = 0; sent < 1000; t += 1250) {
      for (let i = 0; i < 50 && sent < 1000; i++, sent++) expect(rl.take(`user:${sent}`, t, 'send')).toBe(0);
    }
    const last = t - 1250;
    const wait = rl.take('user:late', t, 'send');
    expect(wait).toBeGreaterThan(1000);
    expect(rl.appWait('send', t)).toBe(wait);
    // Another API has its own windows.
    expect(rl.take('msg:x', t, 'patch')).toBe(0);
    // Once the oldest sends are a minute old, the next goes.
    expect(rl.take('user:late', t + wait, 'send')).toBe(0);
    expect(t + wait - 61_000).toBeLessThanOrEqual(last);
  });
});

describe('outbox sender', () => {
  it('paces Approval Center calls by their own API window (50/s, 1000/min), apart from messages', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway();
    await store.transact((d) => {
      for (let i = 0; i < 60; i++)
        enqueue(d, { op: 'approval', call: 'check', keys: [`k${i}`], at: i } as never);
      enqueue(d, { op: 'send', to: { chatId: 'oc_1' }, msgType: 'text', content: textContent('after') });
    });
    const synced: number[] = [];
    sender = createSender({
      store,
      gateway: gw,
      logger,
      // Distinct keys per call, so only the app-wide window of the 'approval' API holds them back.
      limits: { ...LARK_SEND_LIMITS, perKey: 1000 },
      approval: {
        ready: () => true,
        async perform() {
          synced.push(Date.now());
        },
      },
    });
    sender.start();
    await sender.drained(10_000);
    expect(synced).toHaveLength(60);
    for (let i = 50; i < synced.length; i++) expect(synced[i]! - synced[i - 50]!).toBeGreaterThanOrEqual(999);
    // The message queued behind them did not wait for the approval window.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.at).toBeLessThan(synced[50]!);
  }, 15_000);

  it('keeps to 5 messages a second per chat while draining 20 to one chat', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway();
    await store.transact((d) => {
      for (let i = 0; i < 20; i++)
        enqueue(d, { op: 'send', to: { chatId: 'oc_1' }, msgType: 'text', content: textContent(`#${i}`) });
    });
    sender = createSender({ store, gateway: gw, logger });
    sender.start();
    await sender.drained(10_000);
    expect(calls).toHaveLength(20);
    for (let i = 5; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 5]!.at).toBeGreaterThanOrEqual(999);
  }, 15_000);

  it('removes a temporary file (an export) once Lark has it, and leaves any other file alone', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway();
    const dir = mkdtempSync(join(tmpdir(), 'govbot-export-test-'));
    const kept = join(tmpdir(), `govbot-kept-${process.pid}.txt`);
    writeFileSync(join(dir, 'a.xlsx'), 'x');
    writeFileSync(kept, 'y');
    await store.transact((d) => {
      const to = { openId: 'ou_1' };
      enqueue(d, {
        op: 'file',
        to,
        fileName: 'a.xlsx',
        fileType: 'xls',
        path: join(dir, 'a.xlsx'),
        temporary: true,
      });
      enqueue(d, { op: 'file', to, fileName: 'b.txt', fileType: 'stream', path: kept });
    });
    sender = createSender({ store, gateway: gw, logger });
    sender.start();
    await sender.drained(5_000);
    expect(calls.map((c) => c.op)).toEqual(['send', 'send']);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    rmSync(kept);
  });

  it('retries a retryable failure with the same uuid, honouring the reset header', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway((_c, n) =>
      n === 1 ? new LarkError(99991400, 'limit', true, 429, 300) : undefined,
    );
    await store.transact(
      (d) => void enqueue(d, { op: 'send', to: { openId: 'ou_1' }, msgType: 'text', content: '{}' }),
    );
    sender = createSender({ store, gateway: gw, logger });
    sender.start();
    await sender.drained(5000);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.uuid).toBe(calls[1]!.uuid);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(290);
    expect(store.data.outbox).toHaveLength(0);
  });

  it('keeps a non-retryable failure as failed instead of retrying it forever', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway(() => new LarkError(230002, 'bot not in chat', false));
    await store.transact(
      (d) => void enqueue(d, { op: 'send', to: { chatId: 'oc_x' }, msgType: 'text', content: '{}' }),
    );
    sender = createSender({ store, gateway: gw, logger });
    sender.start();
    await sender.drained(2000);
    expect(calls).toHaveLength(1);
    expect(store.data.outbox[0]).toMatchObject({ status: 'failed', lastError: '230002 bot not in chat' });
  });

  it('patches a card only after its send landed, and only with the newest content', async () => {
    const store = createMemoryStore();
    const { gw, calls } = fakeGateway((c, n) =>
      c.op === 'send' && n < 3 ? new LarkError(-1, 'timeout', true) : undefined,
    );
    await store.transact((d) => {
      d.cards.r1 = { itemId: 'i', view: 'v', sentAt: '' };
      enqueue(d, {
        op: 'send',
        to: { openId: 'ou_1' },
        msgType: 'interactive',
        content: '{"v":0}',
        ref: 'r1',
      });
      enqueue(d, { op: 'patch', ref: 'r1', content: '{"v":1}' });
      enqueue(d, { op: 'patch', ref: 'r1', content: '{"v":2}' });
    });
    expect(store.data.outbox).toHaveLength(2);
    sender = createSender({ store, gateway: gw, logger, maxBackoffMs: 50 });
    sender.start();
    await sender.drained(5000);
    expect(calls.map((c) => [c.op, c.content])).toEqual([
      ['send', '{"v":0}'],
      ['send', '{"v":0}'],
      ['send', '{"v":0}'],
      ['patch', '{"v":2}'],
    ]);
    expect(store.data.cards.r1?.messageId).toBe(calls[3]!.key);
  });

  it('resumes after a restart: what was queued before is sent by the next sender, with its uuid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-sender-restart-'));
    try {
      // The first run queues two messages; Lark times out on both, and the bot stops.
      const first = await createLowdbStore(dir);
      const down = fakeGateway(() => new LarkError(-1, 'timeout', true));
      const queued: string[] = [];
      await first.transact((d) => {
        for (const text of ['第一条', '第二条'])
          queued.push(
            enqueue(d, { op: 'send', to: { openId: 'ou_1' }, msgType: 'text', content: textContent(text) })
              .id,
          );
      });
      const before = createSender({ store: first, gateway: down.gw, logger, maxBackoffMs: 50 });
      before.start();
      await vi.waitFor(() => expect(down.calls.length).toBeGreaterThan(0));
      await before.stop();
      await first.close();

      // A new store over the same files and a new sender: both go out, in order, under their first uuids.
      const second = await createLowdbStore(dir);
      expect(second.data.outbox.map((e) => e.id)).toEqual(queued);
      expect(second.data.outbox[0]!.attempts).toBeGreaterThan(0);
      const up = fakeGateway();
      sender = createSender({ store: second, gateway: up.gw, logger });
      sender.start();
      await sender.drained(5000);
      expect(up.calls.map((c) => [c.uuid, JSON.parse(c.content!).text])).toEqual([
        [queued[0], '第一条'],
        [queued[1], '第二条'],
      ]);
      await sender.stop();
      sender = undefined;
      await second.close();
      expect(readCommitted(dir).outbox).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends nothing before the change that queued it is durable', async () => {
    const store = createMemoryStore();
    const durableAtSend: boolean[] = [];
    const { gw } = fakeGateway((c) => {
      durableAtSend.push(store.committed().outbox.some((e) => e.id === c.uuid));
      return undefined;
    });
    sender = createSender({ store, gateway: gw, logger });
    sender.start();
    for (let i = 0; i < 5; i++) {
      const write = store.transact(
        (d) =>
          void enqueue(d, {
            op: 'send',
            to: { openId: `ou_${i}` },
            msgType: 'text',
            content: textContent('x'),
          }),
      );
      // Something else wakes the sender while the write is in flight (another delivery, its timer).
      sender.wake();
      await write;
    }
    await sender.drained(5000);
    expect(durableAtSend).toEqual([true, true, true, true, true]);
  });
});
