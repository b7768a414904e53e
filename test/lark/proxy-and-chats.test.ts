import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/bot/inbound.ts';
import { logBotChats } from '../../src/lark/bot-chats.ts';
import { createLarkGateway, createSdkClient, proxyAgent } from '../../src/lark/gateway.ts';
import { startWebSocket } from '../../src/lark/ws.ts';
import { createLogger } from '../../src/logger.ts';
import { createEventSender, longConnectionTransport } from '../../src/sandbox/event-sender.ts';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';

const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'proxy-test-secret';

/**
 * A minimal HTTP CONNECT proxy, as an office's outbound proxy: it records every tunnel it opens, and the
 * request lines it sees pass through them (the sandbox's Lark speaks plain HTTP inside the tunnel).
 */
function connectProxy(): { server: Server; tunnels: string[]; bytes: { up: number }; requests: string[] } {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const bytes = { up: 0 };
  const server = createServer((client) => {
    client.once('data', (head: Buffer) => {
      const line = head.toString('latin1').split('\r\n')[0] ?? '';
      const m = /^CONNECT (\S+):(\d+) HTTP/.exec(line);
      if (!m) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      tunnels.push(`${m[1]}:${m[2]}`);
      const upstream = connect(Number(m[2]), m[1]!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.on('data', (b: Buffer) => {
          bytes.up += b.length;
          for (const m of b.toString('latin1').matchAll(/^(GET|POST) (\S+) HTTP\/1\.1\r\n/gm))
            requests.push(`${m[1]} ${m[2]!.split('?')[0]}`);
        });
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  return { server, tunnels, bytes, requests };
}

let lark: SandboxLark;
let larkUrl: string;
const proxy = connectProxy();
let proxyUrl: string;
beforeAll(async () => {
  lark = createSandboxLark({
    appId: APP_ID,
    appSecret: APP_SECRET,
    botOpenId: 'ou_proxy_bot',
    botName: 'bot',
  });
  larkUrl = await lark.listen();
  await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await lark.close();
  proxy.server.close();
});

describe('HTTPS_PROXY: every call to Lark goes through the office proxy', () => {
  it('the Open API calls and the long connection’s endpoint request both tunnel through it', async () => {
    const larkHost = new URL(larkUrl).host;
    const gateway = createLarkGateway(
      createSdkClient({ appId: APP_ID, appSecret: APP_SECRET, domain: larkUrl, proxy: proxyUrl }),
    );
    expect((await gateway.botInfo()).openId).toBe('ou_proxy_bot');
    expect(proxy.tunnels).toContain(larkHost);
    const before = proxy.bytes.up;
    const ws = startWebSocket({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: larkUrl,
      intake: { accept: async () => ({ duplicate: false }), resume: async () => {}, idle: async () => {} },
      botOpenId: () => 'ou_proxy_bot',
      logger: createLogger('silent'),
      agent: proxyAgent(proxyUrl),
    });
    try {
      // The WSClient first asks {domain}/callback/ws/endpoint for its socket address: through the proxy
      // (in the tunnel already open to that host: the agent keeps it alive).
      for (let i = 0; i < 200 && proxy.bytes.up === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(proxy.bytes.up).toBeGreaterThan(before);
      expect(new Set(proxy.tunnels)).toEqual(new Set([larkHost]));
    } finally {
      ws.close();
    }
  });
});

describe('HTTPS_PROXY: the long connection itself', () => {
  it('the WSClient opens its WebSocket through the proxy and receives an event over it', async () => {
    const larkHost = new URL(larkUrl).host;
    const tunnelsBefore = proxy.tunnels.length;
    const requestsBefore = proxy.requests.length;
    const accepted: Inbound[] = [];
    // The previous test's client may still be closing; Lark would push to either (cluster mode).
    for (let i = 0; i < 400 && lark.longConnection.connections.length > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(lark.longConnection.connections).toEqual([]);
    const since = Date.now();
    const ws = startWebSocket({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: larkUrl,
      intake: {
        accept: async (inbound) => {
          accepted.push(inbound);
          return { duplicate: false };
        },
        resume: async () => {},
        idle: async () => {},
      },
      botOpenId: () => 'ou_proxy_bot',
      logger: createLogger('silent'),
      agent: proxyAgent(proxyUrl),
    });
    try {
      const ours = () => lark.longConnection.connections.some((c) => c.openedAt >= since);
      for (let i = 0; i < 400 && (!ours() || ws.status().state !== 'connected'); i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(ours()).toBe(true);
      expect(ws.status().state).toBe('connected');
      // The endpoint request and then the WebSocket upgrade, both inside tunnels to Lark.
      const seen = proxy.requests.slice(requestsBefore);
      expect(seen).toContain('POST /callback/ws/endpoint');
      expect(seen).toContain('GET /ws/v2');
      expect(proxy.tunnels.length).toBeGreaterThan(tunnelsBefore);
      expect(new Set(proxy.tunnels)).toEqual(new Set([larkHost]));
      const events = createEventSender({
        appId: APP_ID,
        botOpenId: 'ou_proxy_bot',
        botName: 'bot',
        encryptKey: '',
        verificationToken: '',
        lark,
        transport: longConnectionTransport(lark.longConnection),
      });
      const r = await events.sendText({
        from: 'ou_official_0000000000000000000000',
        chatType: 'p2p',
        text: '/我是谁',
      });
      expect(r.response.status).toBe(200);
      expect(accepted).toHaveLength(1);
      expect(accepted[0]).toMatchObject({ kind: 'message', messageId: r.messageId });
    } finally {
      ws.close();
    }
  });
});

describe('the start-up line listing the bot’s group chats', () => {
  const fakeClient = (
    pages: Array<{ items: Array<{ chat_id: string; name: string }>; has_more: boolean; page_token?: string }>,
  ) => {
    const asked: Array<string | undefined> = [];
    const client = {
      im: {
        v1: {
          chat: {
            list: async (req: { params: { page_token?: string } }) => {
              asked.push(req.params.page_token);
              return { code: 0, data: pages[asked.length - 1] };
            },
          },
        },
      },
    };
    return { client: client as never, asked };
  };
  const logged = () => {
    const lines: Array<{ level: string; obj: unknown; msg: string }> = [];
    const logger = {
      info: (obj: unknown, msg: string) => lines.push({ level: 'info', obj, msg }),
      warn: (obj: unknown, msg: string) => lines.push({ level: 'warn', obj, msg }),
    };
    return { logger: logger as never, lines };
  };

  it('pages through the chat list and names the org file’s chats the bot is not in', async () => {
    const { client, asked } = fakeClient([
      { items: [{ chat_id: 'oc_leaders', name: '区政府领导群' }], has_more: true, page_token: 'p2' },
      { items: [{ chat_id: 'oc_super', name: '督查室工作群' }], has_more: false },
    ]);
    const { logger, lines } = logged();
    await logBotChats(
      client,
      [
        { kind: 'leaders', chatId: 'oc_leaders', name: '区政府领导群' },
        { kind: 'governmentOffice', chatId: 'oc_office', name: '区政府办公室工作群' },
      ],
      logger,
    );
    expect(asked).toEqual([undefined, 'p2']);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'the bot is in 2 group chat(s): 区政府领导群 oc_leaders; 督查室工作群 oc_super',
    });
    expect(lines[1]).toMatchObject({
      level: 'warn',
      msg: expect.stringContaining(
        "governmentOffice chat oc_office (区政府办公室工作群) is not among the bot's chats",
      ),
    });
  });

  it('a missing scope is a warning, not a failed start', async () => {
    const client = {
      im: { v1: { chat: { list: async () => ({ code: 99991672, msg: 'Access denied' }) } } },
    } as never;
    const { logger, lines } = logged();
    await logBotChats(client, [], logger);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('im:chat:readonly') }),
    ]);
  });
});
