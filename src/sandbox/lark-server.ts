import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaults, type Faults, faultReply } from './faults.ts';
import { asRecord, BodyTooLargeError, parseJson, readBody, sendJson } from './http-io.ts';
import { newCardToken, tenantKeyOf, tenantTokenFor } from './ids.ts';
import { imRoutes } from './im-routes.ts';
import { MessageStore } from './message-store.ts';
import { openRoutes } from './open-routes.ts';
import { createRateMonitor, type RateViolation } from './rate-monitor.ts';
import type { Route, SandboxState } from './state.ts';
import type {
  CardUpdate,
  DirectoryUser,
  Reply,
  SandboxChat,
  SandboxEvents,
  SandboxFile,
  SandboxLarkOptions,
  SandboxMessage,
} from './types.ts';

export type { FaultKind, FaultOp, Faults, RandomFaults } from './faults.ts';
export { p2pChatId } from './ids.ts';
export type { RateViolation } from './rate-monitor.ts';
export type * from './types.ts';

export interface SandboxLark {
  /** Node request listener: serves /open-apis/*, answers 404 JSON for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly tenantAccessToken: string;
  readonly messages: readonly SandboxMessage[];
  messageById(messageId: string): SandboxMessage | undefined;
  currentContent(messageId: string): unknown;
  messagesIn(chatId: string): SandboxMessage[];
  readonly uuidHits: Map<string, number>;
  readonly files: Map<string, SandboxFile>;
  readonly cardUpdates: readonly CardUpdate[];
  /** Mints a card-update token bound to a message; `/interactive/v1/card/update` with it patches that message. */
  cardToken(messageId: string): string;
  addUser(user: DirectoryUser): void;
  addChat(chat: SandboxChat): void;
  readonly faults: Faults;
  rateViolations(limits?: { perTarget?: number; perApp?: number }): RateViolation[];
  readonly events: EventEmitter<SandboxEvents>;
}

export function createSandboxLark(opts: SandboxLarkOptions): SandboxLark {
  const state: SandboxState = {
    opts,
    token: tenantTokenFor(opts.appId, opts.appSecret),
    tenantKey: tenantKeyOf(opts.appId),
    users: new Map((opts.directory ?? []).map((u) => [u.openId, u])),
    chats: new Map((opts.chats ?? []).map((c) => [c.chatId, c])),
    store: new MessageStore(),
    files: new Map(),
    cardUpdates: [],
    cardTokens: new Map(),
    rate: createRateMonitor(),
    events: new EventEmitter<SandboxEvents>(),
  };
  const routes: Route[] = [...openRoutes(state), ...imRoutes(state)];
  const faults = createFaults();
  const held = new Set<ServerResponse>();
  let server: Server | undefined;
  let baseUrl: string | undefined;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route) {
      req.resume();
      return sendJson(res, 404, { code: 404, msg: `sandbox lark: no route for ${method} ${url.pathname}` });
    }
    const body = await readBody(req);
    if (route.auth && req.headers.authorization !== `Bearer ${state.token}`) {
      return sendJson(res, 400, { code: 99991663, msg: 'Invalid access token for authorization' });
    }
    const fault = route.op ? faults.draw(route.op) : undefined;
    if (fault && fault !== 'timeout') return send(res, faultReply(fault));
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1);
    const json = asRecord(parseJson(body));
    const reply = route.run({ params, query: url.searchParams, headers: req.headers, body, json });
    send(res, fault === 'timeout' ? 'hold' : reply);
  }

  function send(res: ServerResponse, reply: Reply): void {
    if (reply !== 'hold') {
      sendJson(res, reply.status, reply.body, reply.headers);
      return;
    }
    // The work is done but the answer never comes: the client sees a timeout, the late success stays.
    held.add(res);
    res.on('close', () => held.delete(res));
  }

  return {
    handle(req, res) {
      dispatch(req, res).catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        const tooLarge = err instanceof BodyTooLargeError;
        sendJson(res, tooLarge ? 413 : 500, {
          code: tooLarge ? 413 : 500,
          msg: `sandbox lark: ${String(err)}`,
        });
      });
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (baseUrl) return baseUrl;
      const s = createServer((req, res) => this.handle(req, res));
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => resolve());
      });
      server = s;
      const { port: bound } = s.address() as AddressInfo;
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      return baseUrl;
    },
    async close() {
      for (const res of held) res.destroy();
      held.clear();
      const s = server;
      server = undefined;
      baseUrl = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    tenantAccessToken: state.token,
    messages: state.store.messages,
    messageById: (id) => state.store.get(id),
    currentContent: (id) => state.store.currentContent(id),
    messagesIn: (chatId) => state.store.in(chatId),
    uuidHits: state.store.uuidHits,
    files: state.files,
    cardUpdates: state.cardUpdates,
    cardToken(messageId) {
      const token = newCardToken();
      state.cardTokens.set(token, messageId);
      return token;
    },
    addUser: (user) => void state.users.set(user.openId, user),
    addChat: (chat) => void state.chats.set(chat.chatId, chat),
    faults,
    rateViolations: (limits) => state.rate.violations(limits),
    events: state.events,
  };
}
