import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActions, commands } from '../../commands/index.ts';
import { createRegistry, splitCommand } from '../../src/bot/command.ts';
import { createDispatcher } from '../../src/bot/dispatch.ts';
import { FLOOD_LIMITS } from '../../src/bot/flood.ts';
import type { Inbound } from '../../src/bot/inbound.ts';
import { createIntake, type Intake } from '../../src/bot/intake.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import type { LarkGateway } from '../../src/lark/gateway.ts';
import { enqueue, textContent } from '../../src/lark/outbox.ts';
import { createSender } from '../../src/lark/sender.ts';
import { createLogger } from '../../src/logger.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import { createLowdbStore, readCommitted } from '../../src/store/lowdb.ts';
import type { Store } from '../../src/store/port.ts';
import type { StoreData } from '../../src/store/schema.ts';

// What kill -9 can leave behind is exactly the data files after some durable write. These tests look at
// the file after EVERY write, so the crash test's random kills become deterministic checks.

const NOW = new Date('2026-11-26T10:00:00+08:00');
const logger = createLogger('silent');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A lowdb store that keeps a copy of the file as it stands after each durable write. */
async function recordingStore(): Promise<{ store: Store; onDisk: StoreData[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-order-'));
  dirs.push(dir);
  const inner = await createLowdbStore(dir);
  const onDisk: StoreData[] = [];
  // Everything else (data, archive, close, …) is the real store's.
  const store = Object.create(inner) as Store;
  store.transact = async <T>(fn: (d: StoreData) => T): Promise<T> => {
    const r = await inner.transact(fn);
    onDisk.push(readCommitted(dir)); // the snapshot and the journal, as a restart would read them
    return r;
  };
  return { store, onDisk };
}

async function exampleOrg() {
  const dir = sandboxDirectory('data/org.example.json');
  const byMobile = Object.fromEntries(dir.people.flatMap((p) => (p.mobile ? [[p.mobile, p.openId]] : [])));
  const byEmail = Object.fromEntries(dir.people.flatMap((p) => (p.email ? [[p.email, p.openId]] : [])));
  return (await loadOrg('data/org.example.json', async () => ({ byMobile, byEmail }))).index;
}

/** Every usage line of every registered command, as typed (the trailing （…） note removed). */
const usageLines = commands.flatMap((c) =>
  c.usage.map((u) =>
    u
      .replace(/[\s\u3000]*（[^）]*）\s*$/, '')
      .replace(/\s+—\s.*$/, '')
      .trim(),
  ),
);

describe('a kill -9 after any durable write loses no answer', () => {
  let store: Store;
  let onDisk: StoreData[];
  let org: OrgIndex;
  let intake: Intake;
  beforeAll(async () => {
    ({ store, onDisk } = await recordingStore());
    org = await exampleOrg();
    const dispatcher = createDispatcher({
      org,
      calendar: createCalendar(),
      store,
      commands: createRegistry(commands),
      cardActions,
      logger,
      clock: () => NOW,
      onQueued: () => undefined,
      // Every usage line comes from a few people within one minute: the flood guard (test/bot/flood.test.ts)
      // would rightly leave the 21st unanswered, which is not what this test is about.
      floodLimits: { ...FLOOD_LIMITS, messagesPerMinute: 1_000 },
    });
    intake = createIntake({ store, dispatcher, logger });
  });
  afterAll(() => store.close());

  /** The first of a few people (a department head, the head, …) the command lets in. */
  const senderFor = (text: string): string => {
    const word = splitCommand(text)?.word ?? '';
    const command = commands.find((c) => [c.name, ...c.aliases].includes(word));
    const candidates = ['yang-fan', 'cao-min', 'zhou-jianguo', 'zheng-hong', 'li-mingyuan'];
    return (
      candidates.find((id) => {
        const person = org.person(id)!;
        const actor = { person, openId: org.openIdOf(id)!, role: org.primaryRole(id) };
        return command?.who.allows({ actor, org }) ?? true;
      }) ?? 'cao-min'
    );
  };

  // Run in order: a line may act on what an earlier one created (/批示 then /反馈 I0001).
  it.each(usageLines.map((text, i) => [i, text] as const))(
    'usage line %i “%s”: after each write the message is still in the inbox or its reply in the outbox',
    async (i, text) => {
      const person = senderFor(text);
      const messageId = `om_durable_order_${i}`;
      const inb: Inbound = {
        kind: 'message',
        eventId: `ev_durable_order_${i}`,
        messageId,
        chatId: `oc_p2p_${org.openIdOf(person)}`,
        chatType: 'p2p',
        sender: org.openIdOf(person)!,
        text,
        mentionedBot: false,
        createTime: NOW.getTime(),
      };
      onDisk.length = 0;
      await intake.accept(inb);
      await intake.idle();
      const answered = (d: StoreData) =>
        d.inbox.some((e) => e.inbound.kind === 'message' && e.inbound.messageId === messageId) ||
        d.outbox.some((e) => e.op === 'reply' && e.messageId === messageId);
      const lostAfterWrite = onDisk.flatMap((d, k) => (answered(d) ? [] : [k + 1]));
      expect(lostAfterWrite, `writes after which a crash loses the answer to “${text}” (${person})`).toEqual(
        [],
      );
      expect(onDisk.at(-1)?.outbox.filter((e) => e.op === 'reply' && e.messageId === messageId)).toHaveLength(
        1,
      );
    },
  );
});

describe('the outbox sends only what is durable', () => {
  it('an entry queued by a transaction that has not reached the disk yet is not sent', async () => {
    const { store } = await recordingStore();
    const order: string[] = [];
    const refuse = async (): Promise<never> => {
      throw new Error('not used');
    };
    const gateway: LarkGateway = {
      async send(_to, _t, _c, uuid) {
        order.push(`send ${uuid}`);
        return { messageId: `om_${uuid}` };
      },
      reply: refuse,
      patch: refuse,
      urgent: refuse,
      uploadFile: refuse,
      botInfo: refuse,
      resolveIds: refuse,
    };
    const sender = createSender({ store, gateway, logger });
    sender.start();
    let id = '';
    const write = store.transact((d) => {
      id = enqueue(d, {
        op: 'send',
        to: { openId: 'ou_x' },
        msgType: 'text',
        content: textContent('已提交'),
      }).id;
    });
    // Something else wakes the sender meanwhile (another delivery finished, its one-second timer).
    sender.wake();
    await write;
    order.push(`durable ${id}`);
    await sender.drained(5000);
    await sender.stop();
    expect(order).toEqual([`durable ${id}`, `send ${id}`]);
    await store.close();
  });
});
