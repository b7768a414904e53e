import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cardActions, commands } from '../../commands/index.ts';
import { defineCardAction, toast } from '../../src/bot/card-action.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const echoAction = defineCardAction({
  action: 'test.echo',
  schema: z.object({
    action: z.literal('test.echo'),
    n: z.number(),
    form: z.record(z.string(), z.unknown()),
  }),
  async run(ctx, v) {
    return toast('success', `echo ${v.n} from ${ctx.actor.person.name}`, {
      schema: '2.0',
      body: { elements: [] },
    });
  },
});

let h: Harness;
let someone: string;
beforeEach(async () => {
  h = await startHarness({
    // The webhook's own rules (signatures, HTTP answers) even under TEST_TRANSPORT=websocket.
    transport: 'webhook',
    cardActions: [...cardActions, echoAction],
    commands,
    adminToken: 'admin-token-0123456789',
  });
  someone = h.org.head().id;
});
afterEach(async () => {
  await h.stop();
});

const texts = (h: Harness, id: string) =>
  h.inbox(id).flatMap((m) => (m.msgType === 'text' ? [(m.content as { text: string }).text] : []));

describe('POST /lark/events — security', () => {
  it('answers the URL challenge, encrypted and plain', async () => {
    const enc = await h.events.challenge('ch-enc', { encrypt: true });
    expect(enc.status).toBe(200);
    expect(enc.headers['content-type']).toMatch(/application\/json/);
    expect(enc.json).toEqual({ challenge: 'ch-enc' });
    const plain = await h.events.challenge('ch-plain', { encrypt: false });
    expect(plain.json).toEqual({ challenge: 'ch-plain' });
  });

  it('refuses a forged signature, a tampered body and a stale timestamp, and changes nothing', async () => {
    const from = h.who(someone).openId;
    const before = JSON.stringify(h.store.data);
    const forged = await h.events.sendText(
      { from, chatType: 'p2p', text: '/帮助' },
      { signature: 'f'.repeat(64) },
    );
    const tampered = await h.events.sendText(
      { from, chatType: 'p2p', text: '/帮助' },
      { mutateRaw: (raw) => raw.replace(/.$/, ' }') },
    );
    const stale = await h.events.sendText(
      { from, chatType: 'p2p', text: '/帮助' },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    const unsigned = await h.events.sendText(
      { from, chatType: 'p2p', text: '/帮助' },
      { encrypt: false, signature: '' },
    );
    for (const r of [forged, tampered, stale, unsigned]) expect(r.response.status).toBe(401);
    await h.settle();
    expect(JSON.stringify(h.store.data)).toBe(before);
    expect(h.lark.messages).toHaveLength(0);
  });

  it('handles the same event delivered three times once', async () => {
    const from = h.who(someone).openId;
    const first = await h.events.sendText({ from, chatType: 'p2p', text: '/我是谁' });
    await h.events.sendText({
      from,
      chatType: 'p2p',
      text: '/我是谁',
      messageId: first.messageId,
      eventId: first.eventId,
    });
    // Lark may also re-push the same message under a new event_id.
    await h.events.sendText({ from, chatType: 'p2p', text: '/我是谁', messageId: first.messageId });
    await h.settle();
    expect(texts(h, someone)).toHaveLength(1);
  });

  it('refuses a body over 1 MB with 413 before parsing it', async () => {
    const res = await fetch(`${h.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"encrypt":"${'a'.repeat(1024 * 1024 + 10)}"}`,
    });
    expect(res.status).toBe(413);
  });
});

describe('dispatch through HTTP and the sandbox Lark', () => {
  it('/help in a p2p chat lists the commands', async () => {
    await h.say(someone, '/help');
    const [reply] = texts(h, someone);
    expect(reply).toContain('/帮助');
    expect(reply).toContain('/我是谁');
  });

  it('/帮助 in a group answers only when the bot is @mentioned', async () => {
    const chat = h.org.chat('leaders');
    const from = h.who(someone).openId;
    await h.events.sendText({ from, chatType: 'group', chatId: chat.chatId, text: '/帮助' });
    await h.settle();
    expect(h.lark.messagesIn(chat.chatId)).toHaveLength(0);
    await h.events.sendText({
      from,
      chatType: 'group',
      chatId: chat.chatId,
      text: '/帮助',
      mentionBot: true,
    });
    await h.settle();
    const msgs = h.lark.messagesIn(chat.chatId);
    expect(msgs).toHaveLength(1);
    expect((msgs[0]!.content as { text: string }).text).toContain('/我是谁');
    expect(msgs[0]!.replyTo).toBeDefined();
  });

  it('reads rich-text (post) messages with a mention', async () => {
    const chat = h.org.chat('leaders');
    await h.events.sendPost({
      from: h.who(someone).openId,
      chatType: 'group',
      chatId: chat.chatId,
      text: '/whoami',
      mentionBot: true,
    });
    await h.settle();
    expect((h.lark.messagesIn(chat.chatId)[0]!.content as { text: string }).text).toContain(
      h.who(someone).name,
    );
  });

  it('/我是谁 tells a department deputy their department and supervising vice head', async () => {
    const dept = h.org.departmentByFunction('justice')!;
    const deputy = dept.deputies[0]!;
    await h.say(deputy, '/我是谁');
    const [reply] = texts(h, deputy);
    expect(reply).toContain(dept.name);
    expect(reply).toContain(h.org.supervisingViceHead(dept.id).name);
  });

  it('an unknown command gets the closest command and the help hint', async () => {
    await h.say(someone, '/whoam');
    expect(texts(h, someone)[0]).toMatch(/没有 \/whoam 这个命令[\s\S]*\/我是谁[\s\S]*\/帮助/);
  });

  it('someone not in the org gets a polite refusal', async () => {
    await h.events.sendText({ from: 'ou_stranger_000000000000000000000', chatType: 'p2p', text: '/帮助' });
    await h.settle();
    const msgs = h.lark.messagesIn('oc_p2p_ou_stranger_000000000000000000000');
    expect((msgs[0]!.content as { text: string }).text).toContain('区政府办公室');
  });

  it('a menu click runs the command it names', async () => {
    await h.events.menu({ operator: h.who(someone).openId, key: 'whoami' });
    await h.settle();
    expect(texts(h, someone)[0]).toContain(h.who(someone).name);
  });

  it('a card tap reaches its handler and the answer comes back as JSON', async () => {
    const r = await h.events.tapCard({
      operator: h.who(someone).openId,
      messageId: 'om_x',
      chatId: 'oc_x',
      value: { action: 'test.echo', n: 7 },
    });
    expect(r.response.status).toBe(200);
    expect(r.response.headers['content-type']).toMatch(/application\/json/);
    expect(r.response.json).toMatchObject({
      toast: { type: 'success', content: `echo 7 from ${h.who(someone).name}` },
      card: { type: 'raw' },
    });
  });

  it('a card tap with an edited value is refused with a toast', async () => {
    const r = await h.events.tapCard({
      operator: h.who(someone).openId,
      messageId: 'om_x',
      chatId: 'oc_x',
      value: { action: 'test.echo', n: 'seven' },
    });
    expect(r.response.json).toMatchObject({ toast: { type: 'warning' } });
  });
});

describe('delivery', () => {
  it('retries a 500 and then a 429 with a reset header, and delivers exactly once', async () => {
    h.lark.faults.failNext('http500');
    h.lark.faults.failNext('rate429');
    await h.say(someone, '/我是谁');
    expect(texts(h, someone)).toHaveLength(1);
    const hits = [...h.lark.uuidHits.values()];
    expect(hits).toEqual([1]);
    expect(h.store.data.outbox).toHaveLength(0);
  }, 30_000);

  it('a response lost to a timeout is retried with the same uuid and not duplicated', async () => {
    h.lark.faults.failNext('timeout');
    await h.say(someone, '/我是谁');
    expect(texts(h, someone)).toHaveLength(1);
    expect([...h.lark.uuidHits.values()]).toEqual([2]);
  }, 30_000);
});

describe('operator routes', () => {
  it('/healthz reports mode, store and outbox backlog', async () => {
    const body = await (await fetch(`${h.url}/healthz`)).json();
    // The store the suite runs on: memory by default, lowdb under TEST_STORE=lowdb.
    const store = process.env.TEST_STORE === 'lowdb' ? 'lowdb' : 'memory';
    expect(h.store.kind).toBe(store);
    expect(body).toMatchObject({ ok: true, mode: 'sandbox', store, outbox: { pending: 0 } });
  });

  it('/admin/tick needs the bearer token', async () => {
    const tick = (auth?: string) =>
      fetch(`${h.url}/admin/tick`, {
        method: 'POST',
        headers: auth ? { authorization: auth } : {},
        body: JSON.stringify({ at: '2026-12-01T08:30:00+08:00' }),
      });
    expect((await tick()).status).toBe(401);
    const ok = await tick('Bearer admin-token-0123456789');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ at: '2026-12-01T00:30:00.000Z' });
  });
});

describe('flood', () => {
  it('a flood of 1,000 commands from one user is rate-limited with one polite reply; others are unaffected', async () => {
    const flooder = h.who('cao-min').openId;
    const other = h.org.head().id;
    const sends = Array.from({ length: 1000 }, (_, i) =>
      h.events.sendText({ from: flooder, chatType: 'p2p', text: `/我是谁 ${i}` }),
    );
    const results = await Promise.all(sends);
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    await h.say(other, '/我是谁');
    await h.settle();
    const replies = texts(h, 'cao-min');
    expect(replies.filter((t) => t.includes('姓名：'))).toHaveLength(20);
    expect(replies.filter((t) => t.includes('发送得太快'))).toHaveLength(1);
    expect(texts(h, other)).toHaveLength(1);
    expect(h.store.data.inbox).toHaveLength(0);
  }, 60_000);
});
