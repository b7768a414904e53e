import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxLark, p2pChatId, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import { APP, card, sdkClient, text, thrown } from './support.ts';

let sandbox: SandboxLark;
let url: string;
let client: lark.Client;

beforeEach(async () => {
  sandbox = createSandboxLark(APP);
  url = await sandbox.listen();
  client = sdkClient(url);
});
afterEach(() => sandbox.close());

describe('auth', () => {
  it('issues a tenant token for the right credentials only', async () => {
    const post = (body: unknown) =>
      fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    expect(await post({ app_id: APP.appId, app_secret: APP.appSecret })).toEqual({
      code: 0,
      msg: 'ok',
      tenant_access_token: sandbox.tenantAccessToken,
      expire: 7200,
    });
    expect(await post({ app_id: APP.appId, app_secret: 'wrong' })).toMatchObject({ code: 10014 });
    await expect(
      sdkClient(url, 'wrong').request({ url: '/open-apis/bot/v3/info', method: 'GET' }),
    ).rejects.toThrow();
  });

  it('rejects calls without the bearer token', async () => {
    const res = await fetch(`${url}/open-apis/bot/v3/info`);
    expect(await res.json()).toEqual({ code: 99991663, msg: 'Invalid access token for authorization' });
  });

  it('answers the bot info with a top-level bot', async () => {
    const info = await client.request({ url: '/open-apis/bot/v3/info', method: 'GET' });
    expect(info).toMatchObject({
      code: 0,
      bot: { open_id: 'ou_bot', app_name: APP.botName, activate_status: 2 },
    });
  });
});

describe('messages', () => {
  it('sends to a user by open id, by email, and to a chat', async () => {
    const toUser = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: text('你好') },
    });
    expect(toUser.code).toBe(0);
    expect(toUser.data?.message_id).toMatch(/^om_[0-9a-f]{32}$/);
    expect(toUser.data?.chat_id).toBe(p2pChatId('ou_alice'));
    const byEmail = await client.im.v1.message.create({
      params: { receive_id_type: 'email' },
      data: { receive_id: 'bob@example.gov.cn', msg_type: 'text', content: text('hi') },
    });
    expect(byEmail.data?.chat_id).toBe('oc_p2p_ou_bob');
    await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'interactive', content: card('周报') },
    });
    const stored = sandbox.messageById(toUser.data?.message_id ?? '');
    expect(stored).toMatchObject({
      chatId: 'oc_p2p_ou_alice',
      receiveIdType: 'open_id',
      content: { text: '你好' },
    });
    expect(sandbox.messagesIn('oc_group1')).toHaveLength(1);
    expect(new Set(sandbox.messages.map((m) => m.messageId)).size).toBe(3);
  });

  it('refuses unknown users and chats as Lark does (HTTP 400)', async () => {
    const err = await thrown(() =>
      client.im.v1.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_stranger', msg_type: 'text', content: text('x') },
      }),
    );
    expect(err.response.status).toBe(400);
    expect(err.response.data.code).toBe(230013);
    const chatErr = await thrown(() =>
      client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: 'oc_nowhere', msg_type: 'text', content: text('x') },
      }),
    );
    expect(chatErr.response.data.code).toBe(230002);
    expect(sandbox.messages).toHaveLength(0);
  });

  it('puts a reply in the chat of the original', async () => {
    const first = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'text', content: text('原文') },
    });
    const id = first.data?.message_id ?? '';
    const reply = await client.im.v1.message.reply({
      path: { message_id: id },
      data: { msg_type: 'text', content: text('回复'), uuid: 'r-1' },
    });
    expect(reply.data).toMatchObject({ chat_id: 'oc_group1', parent_id: id, root_id: id });
    expect(sandbox.messageById(reply.data?.message_id ?? '')).toMatchObject({ replyTo: id, uuid: 'r-1' });
  });

  it('replies to a message a user sent', async () => {
    sandbox.recordUserMessage({
      messageId: 'om_user1',
      chatId: p2pChatId('ou_bob'),
      from: 'ou_bob',
      msgType: 'text',
      content: { text: '/帮助' },
    });
    const reply = await client.im.v1.message.reply({
      path: { message_id: 'om_user1' },
      data: { msg_type: 'text', content: text('可用命令…') },
    });
    expect(reply.data).toMatchObject({
      chat_id: 'oc_p2p_ou_bob',
      root_id: 'om_user1',
      parent_id: 'om_user1',
    });
    expect(sandbox.messagesIn('oc_p2p_ou_bob')).toHaveLength(1);
    expect(sandbox.userMessages).toEqual([
      expect.objectContaining({ messageId: 'om_user1', from: 'ou_bob' }),
    ]);
    const unknown = await thrown(() =>
      client.im.v1.message.reply({
        path: { message_id: 'om_nobody' },
        data: { msg_type: 'text', content: text('x') },
      }),
    );
    expect(unknown.response.data.code).toBe(230011);
  });

  it('patches cards only, and tracks the current content', async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'interactive', content: card('v1') },
    });
    const id = sent.data?.message_id ?? '';
    const patches: unknown[] = [];
    sandbox.events.on('patch', (p) => patches.push(p.content));
    expect(
      await client.im.v1.message.patch({ path: { message_id: id }, data: { content: card('v2') } }),
    ).toMatchObject({ code: 0 });
    expect(sandbox.currentContent(id)).toEqual(JSON.parse(card('v2')));
    expect(patches).toHaveLength(1);

    const plain = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_alice', msg_type: 'text', content: text('t') },
    });
    const notCard = await thrown(() =>
      client.im.v1.message.patch({
        path: { message_id: plain.data?.message_id ?? '' },
        data: { content: card('x') },
      }),
    );
    expect(notCard.response.data.code).toBe(230001);
    const unknown = await thrown(() =>
      client.im.v1.message.patch({ path: { message_id: 'om_missing' }, data: { content: card('x') } }),
    );
    expect(unknown.response.data.code).toBe(230011);
  });

  it('buzzes chat members and reports the others as invalid', async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'text', content: text('请尽快处理') },
    });
    const id = sent.data?.message_id ?? '';
    const res = await client.im.v1.message.urgentApp({
      path: { message_id: id },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: ['ou_alice', 'ou_ghost'] },
    });
    expect(res).toMatchObject({ code: 0, data: { invalid_user_id_list: ['ou_ghost'] } });
    expect(sandbox.messageById(id)?.urgent).toEqual([['ou_alice']]);
  });

  it('emits every new message', async () => {
    const seen: string[] = [];
    sandbox.events.on('message', (m) => seen.push(m.messageId));
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_bob', msg_type: 'text', content: text('x') },
    });
    expect(seen).toEqual([sent.data?.message_id]);
  });
});

describe('files, contacts and delayed card updates', () => {
  it('keeps the bytes of an uploaded file (stream and buffer)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-'));
    try {
      const path = join(dir, '周报.pdf');
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4\r\n--not-a-boundary\r\n'), Buffer.alloc(70_000, 7)]);
      await writeFile(path, bytes);
      const res = await client.im.v1.file.create({
        data: { file_type: 'pdf', file_name: '周报.pdf', file: fs.createReadStream(path) },
      });
      const key = res?.file_key ?? '';
      expect(sandbox.files.get(key)).toMatchObject({ name: '周报.pdf', type: 'pdf' });
      expect(sandbox.files.get(key)?.bytes.equals(bytes)).toBe(true);

      const fromBuffer = await client.im.v1.file.create({
        data: { file_type: 'stream', file_name: 'a.txt', file: Buffer.from('hello') },
      });
      expect(sandbox.files.get(fromBuffer?.file_key ?? '')?.bytes.toString()).toBe('hello');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('looks up open ids by email and mobile', async () => {
    const res = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: {
        emails: ['alice@example.gov.cn', 'nobody@example.gov.cn'],
        mobiles: ['13800000001', '+8613800000002'],
      },
    });
    expect(res.data?.user_list).toEqual([
      expect.objectContaining({ email: 'alice@example.gov.cn', user_id: 'ou_alice' }),
      { email: 'nobody@example.gov.cn' },
      expect.objectContaining({ mobile: '13800000001', user_id: 'ou_alice' }),
      expect.objectContaining({ mobile: '+8613800000002', user_id: 'ou_bob' }),
    ]);
  });

  it('records delayed card updates and applies bound tokens to their message', async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_group1', msg_type: 'interactive', content: card('v1') },
    });
    const id = sent.data?.message_id ?? '';
    const token = sandbox.cardToken(id);
    const newCard = JSON.parse(card('已办结'));
    const res = await client.request({
      method: 'POST',
      url: '/open-apis/interactive/v1/card/update',
      data: { token, card: newCard },
    });
    expect(res).toMatchObject({ code: 0 });
    expect(sandbox.cardUpdates).toEqual([expect.objectContaining({ token, card: newCard, messageId: id })]);
    expect(sandbox.currentContent(id)).toEqual(newCard);
  });
});

describe('mounting', () => {
  it('serves /open-apis through handle() and 404s anything else', async () => {
    const host = createServer((req, res) => {
      if (req.url?.startsWith('/open-apis/')) return sandbox.handle(req, res);
      res.end('bot');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const { port } = host.address() as { port: number };
    try {
      const mounted = sdkClient(`http://127.0.0.1:${port}`);
      const info = await mounted.request({ url: '/open-apis/bot/v3/info', method: 'GET' });
      expect(info).toMatchObject({ bot: { open_id: 'ou_bot' } });
      const res = await fetch(`${url}/lark/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 404 });
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});
