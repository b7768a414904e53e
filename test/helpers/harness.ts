import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { cardActions as allCardActions, commands as allCommands } from '../../commands/index.ts';
import { type Bot, type BotDeps, createBot } from '../../src/app.ts';
import type { CardAction } from '../../src/bot/card-action.ts';
import type { Command } from '../../src/bot/command.ts';
import type { FloodLimits } from '../../src/bot/flood.ts';
import { type Calendar, createCalendar } from '../../src/domain/calendar.ts';
import type { OrgIndex, Person } from '../../src/domain/org.ts';
import { createApprovalGateway } from '../../src/lark/approval-gateway.ts';
import { botApplink } from '../../src/lark/approval-payload.ts';
import { createLarkGateway, createSdkClient, type LarkGateway } from '../../src/lark/gateway.ts';
import type { RateLimits } from '../../src/lark/rate-limiter.ts';
import { type LongConnection, startWebSocket } from '../../src/lark/ws.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { createContactApi } from '../../src/org-sync/contact-api.ts';
import { createLiveOrg, type LiveOrg } from '../../src/org-sync/live-org.ts';
import { createOrgSync, type OrgSync } from '../../src/org-sync/sync.ts';
import {
  createEventSender,
  type EventSender,
  longConnectionTransport,
} from '../../src/sandbox/event-sender.ts';
import {
  createSandboxLark,
  type LongConnectionConfig,
  type SandboxLark,
} from '../../src/sandbox/lark-server.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import type { Job } from '../../src/scheduler/job.ts';
import { createJobs } from '../../src/scheduler/jobs.ts';
import { createLowdbStore, type LowdbStore, readCommitted } from '../../src/store/lowdb.ts';
import { createMemoryStore, type MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/port.ts';

export const ORG_FILE = 'data/org.example.json';
export const BOT_OPEN_ID = 'ou_test_bot_00000000000000000000000';
export const BOT_NAME = '政务督办助手';

export interface HarnessOptions {
  store?: 'memory' | 'lowdb';
  dataDir?: string;
  clock?: () => Date;
  commands?: Command<unknown>[];
  cardActions?: CardAction<unknown>[];
  jobs?: Job[];
  adminToken?: string;
  timeoutMs?: number;
  sendLimits?: RateLimits;
  floodLimits?: FloodLimits;
  /** Another org file than the example (benchmarks use a synthetic district). */
  orgFile?: string;
  /** Start the scheduler as main does (cron, plus a catch-up tick at start-up). */
  startScheduler?: boolean;
  /** Another calendar than chinese-days' own (e.g. a live one loaded from an overrides file). */
  calendar?: Calendar;
  /** The overrides file the bot watches while it runs (CALENDAR_FILE), and how often it looks. */
  calendarFile?: string;
  calendarPollMs?: number;
  /** A logger to read what the bot logs (silent otherwise). */
  logger?: Logger;
  /**
   * Follow Lark's directory and edits of the org and roles files (`orgFile` and the roles file beside it,
   * which the test owns): `h.orgSync` then exists, with short debounce and watch intervals.
   */
  orgSync?: boolean;
  /**
   * How events reach the bot: its webhook (signed, encrypted HTTP), or the long connection — the real
   * WSClient against the sandbox's endpoint and socket. TEST_TRANSPORT=websocket switches the default.
   */
  transport?: 'webhook' | 'websocket';
  /** The sandbox's ClientConfig and delivery timing (short reconnect intervals in tests). */
  longConnection?: Partial<LongConnectionConfig>;
  /** How long the long connection may be away before /healthz answers 503. */
  connectionAlertAfterMs?: number;
  /** The long connection's restart after the SDK gave up, and its budget for answering a tap. */
  wsRestartAfterMs?: number;
  tapBudgetMs?: number;
  /** Wraps the store the bot gets (a slow disk). */
  wrapStore?: (store: Store) => Store;
  /** More of the bot's dependencies (health feeds, limits) as main would pass them. */
  bot?: Partial<BotDeps>;
  /** APPROVAL_CENTER=on, with the quick-approval callback at the bot's own URL (unless `callback: false`). */
  approvalCenter?: boolean | { callback?: boolean; key?: boolean };
  /** A sandbox Lark that outlives this bot (a restart keeps Lark's state); not closed by stop(). */
  lark?: SandboxLark;
}

export interface Harness {
  bot: Bot;
  lark: SandboxLark;
  events: EventSender;
  org: OrgIndex;
  /** The org in use; `org` is its live index. */
  live: LiveOrg;
  orgSync?: OrgSync;
  store: Store;
  url: string;
  dataDir?: string;
  /** A person of the example org by id, with their open_id. */
  who(id: string): Person & { openId: string };
  /** The bot's long connection (websocket transport only). */
  ws?: LongConnection;
  /** Sends a p2p text as that person and waits until it is handled and every reply delivered. */
  say(personId: string, text: string): Promise<{ eventId: string; messageId: string; status: number }>;
  /** Waits until every accepted message is handled and the outbox is empty. */
  settle(): Promise<void>;
  /** Messages the bot sent into a person's p2p chat (or a chat id), oldest first. */
  inbox(personIdOrChat: string): Array<{ messageId: string; msgType: string; content: unknown }>;
  lastText(personId: string): string;
  /** POST /admin/tick as the administrator would, then waits for the messages it caused. */
  tick(at: string | Date): Promise<unknown>;
  stop(): Promise<void>;
}

const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const APP_ID = 'cli_0123456789abcdef';
export const APPROVAL_TOKEN = 'test-approval-token-0123456789';
export const APPROVAL_KEY = 'test-approval-key-0123456789';
const APP_SECRET = 'test-secret';

/** A sandbox Lark as the harness makes one, to outlive a bot (`HarnessOptions.lark`, a restart). */
export function createHarnessLark(
  orgFile = ORG_FILE,
  o: Pick<HarnessOptions, 'longConnection' | 'clock'> = {},
): SandboxLark {
  const dir = sandboxDirectory(orgFile);
  return createSandboxLark({
    appId: APP_ID,
    appSecret: APP_SECRET,
    botOpenId: BOT_OPEN_ID,
    botName: BOT_NAME,
    directory: dir.people,
    departments: dir.departments,
    chats: dir.chats,
    longConnection: o.longConnection,
    clock: o.clock,
  });
}

/** The whole bot over real HTTP, signatures and encryption, talking to the sandbox Lark through the real SDK. */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const orgFile = o.orgFile ?? ORG_FILE;
  const transport = o.transport ?? (process.env.TEST_TRANSPORT === 'websocket' ? 'websocket' : 'webhook');
  const lark = o.lark ?? createHarnessLark(orgFile, o);
  const larkUrl = await lark.listen();
  const client = createSdkClient({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: larkUrl,
    timeoutMs: o.timeoutMs ?? 2000,
  });
  const larkGateway = createLarkGateway(client);
  // The bot's port is known before the bot is made: the Approval Center's callback URL is the bot's own.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ac = o.approvalCenter === true ? {} : o.approvalCenter || undefined;
  const resolveIds = (q: { mobiles: string[]; emails: string[] }) => larkGateway.resolveIds(q);
  // Every suite runs on the live org main uses, so a swap reaching every reader is tested everywhere.
  const live = createLiveOrg((await loadOrg(orgFile, resolveIds)).org);
  const org = live.index;
  let dataDir: string | undefined;
  let store: Store;
  let durable: LowdbStore | undefined;
  let memory: MemoryStore | undefined;
  // TEST_STORE=lowdb runs any suite on the durable store (snapshot + journal), checked at stop().
  if ((o.store ?? process.env.TEST_STORE) === 'lowdb') {
    dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'govbot-'));
    durable = await createLowdbStore(dataDir);
    store = durable;
  } else {
    store = memory = createMemoryStore();
  }
  // Every message sent on the memory store is checked against its committed data: an outbox entry
  // that leaves before its write completed would be lost to a crash with the message already out.
  const sentEarly: string[] = [];
  const durableFirst = (op: string, uuid: string | undefined) => {
    if (memory && uuid && !memory.committed().outbox.some((e) => e.id === uuid))
      sentEarly.push(`${op} ${uuid}`);
  };
  const gateway: LarkGateway = {
    ...larkGateway,
    send(to, msgType, content, uuid) {
      durableFirst('send', uuid);
      return larkGateway.send(to, msgType, content, uuid);
    },
    reply(messageId, msgType, content, uuid) {
      durableFirst('reply', uuid);
      return larkGateway.reply(messageId, msgType, content, uuid);
    },
  };
  if (o.wrapStore) store = o.wrapStore(store);
  const logger = o.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const calendar = o.calendar ?? createCalendar();
  let wake = () => {};
  const orgSync = o.orgSync
    ? createOrgSync({
        live,
        orgFile,
        rolesFile: orgFile.replace(/(\.json)?$/i, '.roles.json'),
        api: createContactApi(client),
        resolveIds,
        store,
        calendar,
        logger,
        clock: o.clock ?? (() => new Date()),
        onQueued: () => wake(),
        writeOrgFile: true,
        debounceMs: 20,
        watchIntervalMs: 50,
      })
    : undefined;
  let ws: LongConnection | undefined;
  const startedAt = Date.now();
  const bot = createBot({
    mode: 'sandbox',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    adminToken: o.adminToken ?? ADMIN_TOKEN,
    org,
    calendar,
    ...(o.calendarFile ? { calendarFile: o.calendarFile, calendarPollMs: o.calendarPollMs } : {}),
    store,
    gateway,
    logger,
    commands: o.commands ?? allCommands,
    cardActions: o.cardActions ?? allCardActions,
    jobs: o.jobs ?? createJobs(),
    clock: o.clock,
    sendLimits: o.sendLimits,
    floodLimits: o.floodLimits,
    onDirectoryChange: (e) => orgSync?.onContactEvent(e),
    // As main passes it: over the long connection its status feeds /healthz ('connecting' until started).
    ...(transport === 'websocket'
      ? { connection: () => ws?.status() ?? { state: 'connecting' as const, since: startedAt } }
      : {}),
    connectionAlertAfterMs: o.connectionAlertAfterMs,
    // As main passes it: the durable store's folder feeds the data-folder health check.
    ...(dataDir && durable
      ? { dataFolder: { dir: dataDir, lastWriteError: () => durable.lastWriteError() } }
      : {}),
    ...o.bot,
    ...(ac
      ? {
          approvalCenter: {
            gateway: createApprovalGateway(client),
            settings: {
              appId: APP_ID,
              link: botApplink(APP_ID, undefined),
              ...(ac.callback === false
                ? {}
                : {
                    callback: {
                      url: `${url}/lark/approval-callback`,
                      token: APPROVAL_TOKEN,
                      ...(ac.key === false ? {} : { key: APPROVAL_KEY }),
                    },
                  }),
            },
          },
        }
      : {}),
  });
  wake = () => bot.sender.wake();
  handler = bot.http.callback();
  await bot.start();
  if (o.startScheduler) await bot.scheduler.start();
  orgSync?.start();
  if (transport === 'websocket') {
    ws = startWebSocket({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: larkUrl,
      intake: bot.intake,
      botOpenId: bot.botOpenId,
      logger,
      restartAfterMs: o.wsRestartAfterMs,
      tapBudgetMs: o.tapBudgetMs,
    });
    await lark.longConnection.waitForConnection();
  }
  const events = createEventSender({
    eventsUrl: `${url}/lark/events`,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    appId: APP_ID,
    botOpenId: BOT_OPEN_ID,
    botName: BOT_NAME,
    lark,
    // Lark gives up after 3 s; a test on a busy shared machine (1,000 events at once, a mutation run)
    // waits longer so slowness shows in the benchmarks (bench/), not as a failed functional test.
    timeoutMs: 30_000,
    ...(transport === 'websocket' ? { transport: longConnectionTransport(lark.longConnection) } : {}),
  });

  const who = (id: string) => {
    const p = org.person(id);
    if (!p?.openId) throw new Error(`no person ${id} with an open_id in the example org`);
    return p as Person & { openId: string };
  };
  const settle = async () => {
    // Over the long connection, first whatever Lark still has to (re)deliver.
    if (transport === 'websocket') await lark.longConnection.idle();
    for (let i = 0; i < 3; i++) {
      await bot.intake.idle();
      await bot.sender.drained(15_000);
    }
  };
  const inbox = (idOrChat: string) => {
    const chatId = idOrChat.startsWith('oc_') ? idOrChat : `oc_p2p_${who(idOrChat).openId}`;
    return lark.messagesIn(chatId).map((m) => ({
      messageId: m.messageId,
      msgType: m.msgType,
      content: lark.currentContent(m.messageId),
    }));
  };

  return {
    bot,
    lark,
    events,
    org,
    live,
    orgSync,
    store,
    url,
    dataDir,
    ws,
    who,
    async say(personId, text) {
      const r = await events.sendText({ from: who(personId).openId, chatType: 'p2p', text });
      await settle();
      return { eventId: r.eventId, messageId: r.messageId, status: r.response.status };
    },
    settle,
    inbox,
    lastText(personId) {
      const texts = inbox(personId).filter((m) => m.msgType === 'text');
      return (texts.at(-1)?.content as { text?: string } | undefined)?.text ?? '';
    },
    async tick(at) {
      const res = await fetch(`${url}/admin/tick`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ at: at instanceof Date ? at.toISOString() : at }),
      });
      if (res.status !== 200) throw new Error(`tick failed: ${res.status} ${await res.text()}`);
      const body = await res.json();
      await settle();
      return body;
    },
    async stop() {
      orgSync?.stop();
      await orgSync?.idle();
      // The journal is checked in every lowdb test: what a restart would read is what the bot holds.
      let differs: string[] = [];
      // (Unless the test already removed the folder.)
      for (let i = 0; (memory || (dataDir && existsSync(dataDir))) && i < 10; i++) {
        await store.settled();
        const held = JSON.parse(JSON.stringify(store.data)) as Record<string, unknown>;
        const disk = (memory ? memory.committed() : readCommitted(dataDir!)) as unknown as Record<
          string,
          unknown
        >;
        differs = Object.keys(held).filter((k) => !isDeepStrictEqual(held[k], disk[k]));
        if (differs.length === 0) break;
        await new Promise((r) => setTimeout(r, 20)); // a send may still be landing
      }
      ws?.close();
      await bot.stop();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      if (!o.lark) await lark.close();
      if (dataDir && !o.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (differs.length > 0)
        throw new Error(
          `the data on disk (snapshot + journal) differs from memory in: ${differs.join(', ')}`,
        );
      if (sentEarly.length > 0)
        throw new Error(`sent before the outbox entry was durable: ${sentEarly.slice(0, 5).join('; ')}`);
    },
  };
}
