import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  centerOf,
  type PersonCenter,
  type QuickApprovalInput,
  type QuickApprovalResult,
  quickApprove,
} from './approval-center.ts';
import { approvalRoutes, userIdOfUser } from './approval-routes.ts';
import { ApprovalStore } from './approval-store.ts';
import { type ContactDirectory, createContactDirectory } from './contact-directory.ts';
import { contactRoutes } from './contact-routes.ts';
import { createFaults, type Faults, faultReply } from './faults.ts';
import { asRecord, BodyTooLargeError, parseJson, readBody, sendJson } from './http-io.ts';
import { newCardToken, tenantKeyOf, tenantTokenFor } from './ids.ts';
import { imRoutes } from './im-routes.ts';
import { createLongConnection, type SandboxLongConnection, WS_PATH } from './long-connection.ts';
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
  UserMessage,
} from './types.ts';

export type { ContactDirectory } from './contact-directory.ts';
export type { FaultKind, FaultOp, Faults, RandomFaults } from './faults.ts';
export { p2pChatId } from './ids.ts';
export type { LongConnectionConfig, PushResult, SandboxLongConnection } from './long-connection.ts';
export type { RateViolation } from './rate-monitor.ts';
export type {
  CardUpdate,
  DirectoryDepartment,
  DirectoryUser,
  ReceiveIdType,
  SandboxChat,
  SandboxEvents,
  SandboxFile,
  SandboxLarkOptions,
  SandboxMessage,
  UserMessage,
} from './types.ts';

export interface SandboxLark {
  /** Node request listener: serves /open-apis/* and the long connection's endpoint, 404 JSON for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Node `upgrade` listener: the long connection's WebSocket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Whether a request path is Lark's (when the sandbox shares a port with the bot). */
  owns(url: string | undefined): boolean;
  /** The long connection (长连接): endpoint, socket, frames, and Lark's side of delivering events. */
  readonly longConnection: SandboxLongConnection;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly tenantAccessToken: string;
  readonly messages: readonly SandboxMessage[];
  messageById(messageId: string): SandboxMessage | undefined;
  currentContent(messageId: string): unknown;
  /** Only the bot's messages; user messages are in `userMessages`. */
  messagesIn(chatId: string): SandboxMessage[];
  /** Registers a message a user sent, so the bot can reply to it (the event sender calls this when linked). */
  recordUserMessage(message: Omit<UserMessage, 'createdAt'>): void;
  /** A tap's answer carried a card: Lark shows it in place of the tapped one (the event sender calls this). */
  applyTapAnswer(messageId: string, card: unknown): void;
  /** A card the bot sent before this sandbox started (a benchmark starts from a district in use); its message_id. */
  seedCard(chatId: string, card: object): string;
  readonly userMessages: readonly UserMessage[];
  readonly uuidHits: Map<string, number>;
  readonly files: Map<string, SandboxFile>;
  readonly cardUpdates: readonly CardUpdate[];
  /** Mints a card-update token bound to a message; `/interactive/v1/card/update` with it patches that message. */
  cardToken(messageId: string): string;
  addUser(user: DirectoryUser): void;
  addChat(chat: SandboxChat): void;
  /** The tenant's contact tree (departments, leaders, permission range) behind contact v3. */
  readonly contact: ContactDirectory;
  readonly faults: Faults;
  rateViolations(limits?: { perTarget?: number; perApp?: number }): RateViolation[];
  readonly events: EventEmitter<SandboxEvents>;
  /** The Approval Center (三方审批) as the sandbox keeps it. */
  readonly approvals: ApprovalStore;
  /** A person's 待办 / 已办 / 已发起 / 抄送我. */
  approvalCenterOf(openId: string): PersonCenter;
  /** A tap on 同意 / 拒绝 in a person's Approval Center: the callback goes to the definition's URL. */
  quickApprove(q: Omit<QuickApprovalInput, 'userId'>): Promise<QuickApprovalResult>;
}

export function createSandboxLark(opts: SandboxLarkOptions): SandboxLark {
  const users = new Map((opts.directory ?? []).map((u) => [u.openId, u]));
  const contact = createContactDirectory(opts.departments ?? [], users);
  const state: SandboxState = {
    opts,
    token: tenantTokenFor(opts.appId, opts.appSecret),
    tenantKey: tenantKeyOf(opts.appId),
    users,
    chats: new Map((opts.chats ?? []).map((c) => [c.chatId, c])),
    store: new MessageStore(),
    files: new Map(),
    cardUpdates: [],
    cardTokens: new Map(),
    rate: createRateMonitor(),
    events: new EventEmitter<SandboxEvents>(),
    approvals: new ApprovalStore((openId) => users.has(openId)),
  };
  const longConnection = createLongConnection({
    appId: opts.appId,
    appSecret: opts.appSecret,
    config: opts.longConnection,
  });
  const routes: Route[] = [
    ...openRoutes(state),
    ...imRoutes(state),
    ...contactRoutes(state, contact),
    ...approvalRoutes(state),
    {
      method: 'POST',
      pattern: /^\/callback\/ws\/endpoint$/,
      auth: false,
      run: ({ json, headers }) => longConnection.endpoint(json, headers.host),
    },
  ];
  const faults = createFaults();
  const held = new Set<ServerResponse>();
  let server: Server | undefined;
  let baseUrl: string | undefined;

  function match(method: string, path: string): { route: Route; params: string[] } | undefined {
    for (const route of routes) {
      const found = route.method === method ? route.pattern.exec(path) : null;
      if (found) return { route, params: found.slice(1) };
    }
    return undefined;
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const matched = match(method, url.pathname);
    if (!matched) {
      req.resume();
      return sendJson(res, 404, { code: 404, msg: `sandbox lark: no route for ${method} ${url.pathname}` });
    }
    const { route, params } = matched;
    const body = await readBody(req);
    if (route.auth && req.headers.authorization !== `Bearer ${state.token}`) {
      // The status is unconfirmed (200 in some reports, 400 in others); 400 is the case where the SDK throws.
      return sendJson(res, 400, { code: 99991663, msg: 'Invalid access token for authorization' });
    }
    const fault = route.op ? faults.draw(route.op) : undefined;
    if (fault && fault !== 'timeout') return send(res, faultReply(fault));
    const json = asRecord(parseJson(body));
    const reply = route.run({ params, query: url.searchParams, headers: req.headers, body, json });
    send(res, fault === 'timeout' ? 'hold' : reply);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    dispatch(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = err instanceof BodyTooLargeError ? 413 : 500;
      sendJson(res, status, { code: status, msg: `sandbox lark: ${String(err)}` });
    });
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

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    longConnection.upgrade(req, socket, head);
  }

  return {
    handle,
    handleUpgrade,
    owns: (url) =>
      url !== undefined &&
      (url.startsWith('/open-apis/') || url === '/callback/ws/endpoint' || url.startsWith(`${WS_PATH}?`)),
    longConnection,
    async listen(port = 0, host = '127.0.0.1') {
      if (baseUrl) return baseUrl;
      const s = createServer(handle);
      s.on('upgrade', handleUpgrade);
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
      longConnection.close();
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
    recordUserMessage(message) {
      const recorded = { ...message, createdAt: Date.now() };
      state.store.addUserMessage(recorded);
      state.events.emit('userMessage', recorded);
    },
    applyTapAnswer(messageId, card) {
      const message = state.store.get(messageId);
      if (message?.msgType === 'interactive')
        message.patches.push({ content: card, at: Date.now(), by: 'tap' });
    },
    seedCard(chatId, card) {
      return state.store.add({ chatId, msgType: 'interactive', content: card }).messageId;
    },
    userMessages: state.store.userMessages,
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
    contact,
    faults,
    rateViolations: (limits) => state.rate.violations(limits),
    events: state.events,
    approvals: state.approvals,
    approvalCenterOf: (openId) => centerOf(state.approvals, openId),
    quickApprove(q) {
      const user = users.get(q.openId);
      if (!user) return Promise.resolve({ sent: false as const, error: 'no such user' });
      return quickApprove(state.approvals, { ...q, userId: userIdOfUser(user) });
    },
  };
}
