import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardActions, commands } from '../commands/index.ts';
import { type Bot, createBot } from './app.ts';
import { loadCalendar } from './calendar-loader.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createApprovalGateway } from './lark/approval-gateway.ts';
import { botApplink } from './lark/approval-payload.ts';
import { logBotChats } from './lark/bot-chats.ts';
import { createLarkGateway, createSdkClient, proxyAgent } from './lark/gateway.ts';
import { type LongConnection, startWebSocket } from './lark/ws.ts';
import { createLogger } from './logger.ts';
import { startControl } from './ops/control.ts';
import { loadOrg } from './org-loader.ts';
import { createContactApi } from './org-sync/contact-api.ts';
import { createLiveOrg } from './org-sync/live-org.ts';
import { createOrgSync, type OrgSync } from './org-sync/sync.ts';
import type { SandboxLark } from './sandbox/lark-server.ts';
import type { SandboxWeb } from './sandbox/web/index.ts';
import { createJobs } from './scheduler/jobs.ts';
import { closeServer, handleSignals, Stopping } from './shutdown.ts';
import { FolderLockedError } from './store/folder-lock.ts';
import { FolderOwnerError } from './store/folder-owner.ts';
import { createLowdbStore, type LowdbStore } from './store/lowdb.ts';

const BOT_NAME = '政务督办助手';
/**
 * sysexits' EX_CONFIG: start-up refused for a reason a restart cannot fix (bad configuration, the data
 * folder held by another instance or belonging to another mode or app). The systemd unit does not
 * restart on it; any other failure (Lark unreachable…) exits 1 and is retried.
 */
const EX_CONFIG = 78;

/** Everything start-up opened so far, closed in reverse on shutdown. */
interface Parts {
  store?: LowdbStore;
  sandbox?: SandboxLark;
  server?: Server;
  bot?: Bot;
  ws?: LongConnection;
  orgSync?: OrgSync;
  page?: SandboxWeb;
  control?: { close(): Promise<void> };
}

/** The composition root: configuration, then the parts, then the transports. */
async function start(config: Config, parts: Parts, life: ReturnType<typeof handleSignals>): Promise<void> {
  const started = performance.now();
  const logger = createLogger(config.logLevel);
  // The data folder first: a second instance on the same folder stops here, before it binds a port.
  parts.store = await createLowdbStore(config.dataDir, {
    owner: config.mode === 'sandbox' ? { kind: 'sandbox' } : { kind: 'lark', appId: config.appId },
    purpose: `bot (${config.mode})`,
  });
  const store = parts.store;
  // npm run backup asks the running bot for its data through this socket (a consistent hot backup).
  parts.control = await startControl(store.lock.dir, () => store.capture(), logger);
  life.checkpoint();

  // The sandbox's code is loaded only in sandbox mode.
  const sandboxMods =
    config.mode === 'sandbox'
      ? await Promise.all([
          import('./sandbox/lark-server.ts'),
          import('./sandbox/web/index.ts'),
          import('./sandbox/clock.ts'),
          import('./sandbox-directory.ts'),
        ])
      : undefined;
  if (sandboxMods) {
    const [{ createSandboxLark }, , , { sandboxDirectory }] = sandboxMods;
    const d = sandboxDirectory(config.orgFile);
    parts.sandbox = createSandboxLark({
      appId: config.appId,
      appSecret: config.appSecret,
      botOpenId: 'ou_sandbox_bot_0000000000000000000',
      botName: BOT_NAME,
      directory: d.people,
      departments: d.departments,
      chats: d.chats,
    });
  }
  const sandbox = parts.sandbox;

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ready: false, state: life.state().state }));
  };
  const server = createServer((req, res) => {
    if (sandbox?.owns(req.url)) return sandbox.handle(req, res);
    if (parts.page?.owns(req.url)) return parts.page.handle(req, res);
    handler(req, res);
  });
  // The sandbox's long connection: the WebSocket upgrade on the URL its endpoint hands out.
  if (sandbox) server.on('upgrade', (req, socket, head) => sandbox.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  parts.server = server;
  life.checkpoint();
  const port = (server.address() as AddressInfo).port;
  const domain = config.domain ?? `http://127.0.0.1:${port}`;
  // The bot's own address: the sandbox's quick-approval callback and the page are reached through it.
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  // The sandbox's Lark is in this process, on this machine: an office proxy (HTTPS_PROXY set for the
  // whole host) must not carry calls to 127.0.0.1.
  const proxy = sandbox ? undefined : config.httpsProxy;
  const client = createSdkClient({ appId: config.appId, appSecret: config.appSecret, domain, proxy });
  const gateway = createLarkGateway(client);
  const resolveIds = (q: { mobiles: string[]; emails: string[] }) => gateway.resolveIds(q);
  const loaded = await loadOrg(config.orgFile, resolveIds);
  for (const w of loaded.warnings) logger.warn(w);
  const calendar = loadCalendar(config.calendarFile);
  // The sandbox page moves this clock to try the scheduler ("next working day 08:30").
  const clock = sandboxMods ? sandboxMods[2].createSandboxClock(calendar) : undefined;
  // The org in use can change while the bot runs (Lark's directory, an edit of the org or roles file):
  // every part holds the live index and sees the change at once.
  const live = createLiveOrg(loaded.org);
  const org = live.index;
  let wake = () => {};
  const orgSync = createOrgSync({
    live,
    orgFile: config.orgFile,
    rolesFile: config.orgRolesFile,
    api: createContactApi(client),
    resolveIds,
    store,
    calendar,
    logger,
    clock: () => clock?.now() ?? new Date(),
    onQueued: () => wake(),
    writeOrgFile: config.mode !== 'sandbox',
    // The sandbox page waits for the refresh a contact event causes.
    ...(sandbox ? { debounceMs: 300 } : {}),
  });
  parts.orgSync = orgSync;
  life.checkpoint();

  // The sandbox too receives over the long connection (to the embedded Lark), so every demo runs the
  // production default; only webhook mode goes without it.
  const longConnection = config.mode !== 'webhook';
  let ws: LongConnection | undefined;
  const wsSince = Date.now();
  const bot = createBot({
    mode: config.mode,
    encryptKey: config.encryptKey,
    verificationToken: config.verificationToken,
    adminToken: config.adminToken,
    org,
    calendar,
    calendarFile: config.calendarFile,
    store,
    gateway,
    logger,
    commands,
    cardActions,
    jobs: [...createJobs({ archiveAfterDays: config.archiveAfterDays }), orgSync.job],
    ...(clock ? { clock: () => clock.now() } : {}),
    onDirectoryChange: (e) => orgSync.onContactEvent(e),
    ...(longConnection
      ? { connection: () => ws?.status() ?? { state: 'connecting' as const, since: wsSince } }
      : {}),
    dataFolder: { dir: store.lock.dir, lastWriteError: () => store.lastWriteError() },
    outboxMaxAgeMs: config.outboxAlertMinutes * 60_000,
    processMetrics: true,
    ready: () => life.state(),
    ...(config.approvalCenter ? { approvalCenter: approvalCenterDeps(config, client, url) } : {}),
  });
  parts.bot = bot;
  wake = () => bot.sender.wake();
  handler = bot.http.callback();
  await bot.start();
  life.checkpoint();
  if (longConnection) {
    ws = startWebSocket({
      appId: config.appId,
      appSecret: config.appSecret,
      domain,
      encryptKey: config.encryptKey || undefined,
      intake: bot.intake,
      botOpenId: bot.botOpenId,
      logger,
      ...(proxy ? { agent: proxyAgent(proxy) } : {}),
    });
    parts.ws = ws;
  }

  if (sandboxMods && sandbox && clock) {
    parts.page = sandboxMods[1].startSandboxPage({
      lark: sandbox,
      url,
      longConnection: sandbox.longConnection,
      appId: config.appId,
      encryptKey: config.encryptKey,
      verificationToken: config.verificationToken,
      botName: BOT_NAME,
      bot,
      org,
      calendar,
      store,
      clock,
      commands,
      logger,
      orgSync,
    });
  }
  const ms = Math.round(performance.now() - started);
  if (config.mode === 'sandbox') {
    console.log(
      `\n  打开 Open:  ${url}/   ← 在浏览器中试用机器人 (the sandbox chat page)\n\n` +
        `${BOT_NAME} 已启动 — SANDBOX mode (no Lark credentials): an embedded imitation of Lark runs on the same port.\n` +
        `  Bot:        ${url}   (events: over the long connection 长连接, as in production; webhook POST ${url}/lark/events; health: ${url}/healthz)\n` +
        `  Org file:   ${config.orgFile}\n  Data:       ${store.file}\n  Started in ${ms} ms\n`,
    );
  } else {
    logger.info(
      { mode: config.mode, url, domain, data: store.lock.dir, pid: process.pid, ms },
      `${BOT_NAME} started`,
    );
    // Where the operator finds the three group chat ids (the bot must be a member of each).
    const wanted = (['leaders', 'supervision', 'governmentOffice'] as const).flatMap((kind) => {
      const c = org.chat(kind);
      return c ? [{ kind, chatId: c.chatId, name: c.name }] : [];
    });
    void logBotChats(client, wanted, logger);
  }
  // After the banner: the catch-up run of jobs missed while the bot was down may log, and the page
  // link must stay the first thing a newcomer sees.
  await bot.scheduler.start();
  orgSync.start();
  life.checkpoint();
  life.ready();
}

/** APPROVAL_CENTER=on: the sync, and the quick-approval callback where it has a URL (the sandbox's own). */
function approvalCenterDeps(config: Config, client: ReturnType<typeof createSdkClient>, url: string) {
  const c = config.approvalCenter!;
  const callbackUrl =
    c.callbackUrl ?? (config.mode === 'sandbox' ? `${url}/lark/approval-callback` : undefined);
  return {
    gateway: createApprovalGateway(client),
    settings: {
      appId: config.appId,
      link: botApplink(config.appId, config.domain),
      ...(callbackUrl && c.callbackToken
        ? { callback: { url: callbackUrl, token: c.callbackToken, key: c.callbackKey } }
        : {}),
    },
  };
}

/** Stops accepting, answers what is in flight, flushes the store and lets go of the data folder. */
async function close(parts: Parts): Promise<void> {
  parts.ws?.close();
  parts.orgSync?.stop();
  parts.page?.close();
  // A directory refresh in flight finishes first (no new one starts once stopped): in the sandbox it
  // reads from the Lark this very server serves, and a read cut short would be reported to the office
  // as Lark's failure; its outcome is written before the store closes.
  await parts.orgSync?.idle();
  if (parts.server) await closeServer(parts.server);
  await parts.control?.close();
  if (parts.bot) await parts.bot.stop();
  else await parts.store?.close();
  await parts.sandbox?.close();
}

export async function boot(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(EX_CONFIG);
  }
  const parts: Parts = {};
  let startup: Promise<void> = Promise.resolve();
  // Installed before anything listens: a signal at any moment of start-up ends in an orderly stop.
  const life = handleSignals({
    logger: createLogger(config.logLevel),
    close: () => close(parts),
    startup: () => startup,
  });
  startup = start(config, parts, life);
  try {
    await startup;
  } catch (err) {
    if (err instanceof Stopping) return; // the signal handler closes up and exits
    // One line an operator can act on: which folder, held by whom; or what start-up tripped over.
    const known = err instanceof FolderLockedError || err instanceof FolderOwnerError;
    console.error(
      known
        ? (err as Error).message
        : `启动失败 (start-up failed): ${err instanceof Error ? err.message : String(err)}`,
    );
    await close(parts).catch(() => undefined);
    process.exit(known ? EX_CONFIG : 1);
  }
}
