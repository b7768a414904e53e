import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventSender, type EventSender } from '../../src/sandbox/event-sender.ts';
import { silent } from './support.ts';

const KEYS = {
  encryptKey: 'sandbox-encrypt-key',
  verificationToken: 'sandbox-verification-token',
  appId: 'cli_a1b2c3d4e5f60718',
  botOpenId: 'ou_bot',
  botName: '督办助手',
};

interface Captured {
  headers: IncomingHttpHeaders;
  raw: string;
}

let server: Server;
let captured: Captured[];
let answer: unknown;
let sender: EventSender;

beforeEach(async () => {
  captured = [];
  answer = { toast: { type: 'success', content: '已收到' } };
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    captured.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  sender = createEventSender({ ...KEYS, eventsUrl: `http://127.0.0.1:${port}/lark/events` });
});
afterEach(() => new Promise((resolve) => server.close(resolve)));

const last = (): Captured => captured.at(-1) as Captured;
interface Envelope {
  schema: string;
  header: Record<string, string>;
  event: {
    sender?: unknown;
    message: { content: string; mentions?: unknown; message_id: string; message_type: string };
  };
}

const decrypted = (c: Captured): Envelope =>
  JSON.parse(new lark.AESCipher(KEYS.encryptKey).decrypt(JSON.parse(c.raw).encrypt));

describe('wire format', () => {
  it('signs the raw bytes and encrypts the envelope as Lark does', async () => {
    const { eventId, messageId, response } = await sender.sendText({
      from: 'ou_alice',
      chatType: 'p2p',
      text: '/help',
    });
    const { headers, raw } = last();
    expect(headers['content-type']).toBe('application/json');
    const expected = createHash('sha256')
      .update(`${headers['x-lark-request-timestamp']}${headers['x-lark-request-nonce']}${KEYS.encryptKey}`)
      .update(Buffer.from(raw))
      .digest('hex');
    expect(headers['x-lark-signature']).toBe(expected);
    expect(Math.abs(Number(headers['x-lark-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(Object.keys(JSON.parse(raw))).toEqual(['encrypt']);

    const body = decrypted(last());
    expect(body.schema).toBe('2.0');
    expect(body.header).toMatchObject({
      event_id: eventId,
      event_type: 'im.message.receive_v1',
      token: KEYS.verificationToken,
      app_id: KEYS.appId,
    });
    expect(body.header.create_time).toMatch(/^\d{13}$/);
    expect(body.event.sender).toMatchObject({ sender_id: { open_id: 'ou_alice' }, sender_type: 'user' });
    expect(body.event.message).toMatchObject({
      message_id: messageId,
      chat_id: 'oc_p2p_ou_alice',
      chat_type: 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text: '/help' }),
    });
    expect(body.event.message.mentions).toBeUndefined();
    expect(response).toMatchObject({ status: 200, json: answer });
  });

  it('honours the overrides for forgery and replay tests', async () => {
    await sender.post(
      { hello: 1 },
      { encrypt: false, timestamp: 1700000000, nonce: 'n1', signature: 'forged' },
    );
    expect(last().raw).toBe('{"hello":1}');
    expect(last().headers).toMatchObject({
      'x-lark-request-timestamp': '1700000000',
      'x-lark-request-nonce': 'n1',
      'x-lark-signature': 'forged',
    });
    await sender.post({ hello: 2 }, { encrypt: false, mutateRaw: (raw) => raw.replace('2', '3') });
    const { headers, raw } = last();
    expect(raw).toBe('{"hello":3}');
    const stale = sender.sign(
      String(headers['x-lark-request-timestamp']),
      String(headers['x-lark-request-nonce']),
      '{"hello":2}',
    );
    expect(headers['x-lark-signature']).toBe(stale);
  });
});

describe('events', () => {
  it('mentions the bot in a group message', async () => {
    await sender.sendText({
      from: 'ou_alice',
      chatType: 'group',
      chatId: 'oc_group1',
      text: '/list',
      mentionBot: true,
    });
    const { message } = decrypted(last()).event;
    expect(JSON.parse(message.content)).toEqual({ text: '@_user_1 /list' });
    expect(message).toMatchObject({ chat_id: 'oc_group1', chat_type: 'group' });
    expect(message.mentions).toEqual([
      expect.objectContaining({
        key: '@_user_1',
        id: expect.objectContaining({ open_id: 'ou_bot' }),
        name: '督办助手',
      }),
    ]);
    await expect(sender.sendText({ from: 'ou_alice', chatType: 'group', text: 'x' })).rejects.toThrow(
      /chatId/,
    );
  });

  it('re-sends the same ids when asked (a Lark retry)', async () => {
    const first = await sender.sendText({ from: 'ou_bob', chatType: 'p2p', text: 'a' });
    await sender.sendText({ from: 'ou_bob', chatType: 'p2p', text: 'a', ...first });
    const [a, b] = captured.map(decrypted);
    expect(b?.header.event_id).toBe(a?.header.event_id);
    expect(b?.event.message.message_id).toBe(a?.event.message.message_id);
  });

  it('registers the user message with a linked sandbox before posting', async () => {
    const recorded: unknown[] = [];
    const linked = createEventSender({
      ...KEYS,
      eventsUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/lark/events`,
      lark: { recordUserMessage: (m) => recorded.push(m) },
    });
    const { messageId } = await linked.sendText({ from: 'ou_bob', chatType: 'p2p', text: '/帮助' });
    expect(recorded).toEqual([
      { messageId, chatId: 'oc_p2p_ou_bob', from: 'ou_bob', msgType: 'text', content: { text: '/帮助' } },
    ]);
  });

  it('builds rich-text posts with an at element', async () => {
    await sender.sendPost({
      from: 'ou_alice',
      chatType: 'group',
      chatId: 'oc_g',
      text: '/help',
      mentionBot: true,
    });
    const { message } = decrypted(last()).event;
    expect(message.message_type).toBe('post');
    expect(JSON.parse(message.content)).toEqual({
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '督办助手' },
          { tag: 'text', text: ' /help' },
        ],
      ],
    });
  });

  it('taps a card and returns the bot answer', async () => {
    answer = { toast: { type: 'success', content: '已确认' }, card: { type: 'raw', data: {} } };
    const { eventId, token, response } = await sender.tapCard({
      operator: 'ou_alice',
      messageId: 'om_1',
      chatId: 'oc_group1',
      value: { action: 'done', task: 7 },
      formValue: { note: '已完成' },
      name: 'submit',
    });
    const body = decrypted(last());
    expect(body.header).toMatchObject({ event_id: eventId, event_type: 'card.action.trigger' });
    expect(body.event).toMatchObject({
      operator: { open_id: 'ou_alice' },
      token,
      action: {
        value: { action: 'done', task: 7 },
        tag: 'button',
        name: 'submit',
        form_value: { note: '已完成' },
      },
      host: 'im_message',
      context: { open_message_id: 'om_1', open_chat_id: 'oc_group1' },
    });
    expect(token).toMatch(/^c-/);
    expect(response.json).toEqual(answer);
  });

  it('sends a bot menu event', async () => {
    await sender.menu({ operator: 'ou_bob', key: 'my_tasks' });
    const body = decrypted(last());
    expect(body.header.event_type).toBe('application.bot.menu_v6');
    expect(body.event).toMatchObject({
      operator: { operator_id: { open_id: 'ou_bob' } },
      event_key: 'my_tasks',
    });
  });

  it('sends the url_verification challenge, plain or encrypted', async () => {
    await sender.challenge('ch-1', { encrypt: false });
    expect(JSON.parse(last().raw)).toEqual({
      challenge: 'ch-1',
      token: KEYS.verificationToken,
      type: 'url_verification',
    });
    await sender.challenge('ch-2', { encrypt: true });
    expect(decrypted(last())).toMatchObject({ challenge: 'ch-2', type: 'url_verification' });
  });
});

describe('against the real SDK dispatcher', () => {
  it('is accepted by EventDispatcher, and a forged signature is not', async () => {
    const received: Array<{ message: { message_id: string } }> = [];
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEYS.encryptKey, logger: silent }).register({
      'im.message.receive_v1': async (data: { message: { message_id: string } }) => {
        received.push(data);
      },
    });
    const adapter = lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true });
    const bot = createServer((req, res) => void adapter(req, res));
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    const { port } = bot.address() as { port: number };
    try {
      const real = createEventSender({ ...KEYS, eventsUrl: `http://127.0.0.1:${port}/lark/events` });
      expect((await real.challenge('ch-9')).json).toEqual({ challenge: 'ch-9' });
      const { messageId } = await real.sendText({ from: 'ou_alice', chatType: 'p2p', text: '你好' });
      expect(received).toHaveLength(1);
      expect(received[0]?.message.message_id).toBe(messageId);
      await real.sendText({ from: 'ou_alice', chatType: 'p2p', text: 'evil' }, { signature: 'f'.repeat(64) });
      expect(received).toHaveLength(1);
    } finally {
      bot.closeAllConnections();
      await new Promise((resolve) => bot.close(resolve));
    }
  });
});
