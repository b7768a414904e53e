import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardActions, commands } from '../commands/index.ts';
import { createBot } from './app.ts';
import { loadCalendar } from './calendar-loader.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createApprovalGateway } from './lark/approval-gateway.ts';
import { botApplink } from './lark/approval-payload.ts';
import { createLarkGateway, createSdkClient } from './lark/gateway.ts';
import { startWebSocket } from './lark/ws.ts';
import { createLogger } from './logger.ts';
import { loadOrg } from './org-loader.ts';
import { createSandboxClock } from './sandbox/clock.ts';
import { createSandboxLark } from './sandbox/lark-server.ts';
import { type SandboxWeb, startSandboxPage } from './sandbox/web/index.ts';
import { sandboxDirectory } from './sandbox-directory.ts';
import { createJobs } from './scheduler/jobs.ts';
import { createLowdbStore } from './store/lowdb.ts';

const BOT_NAME = '政务督办助手';

/** The composition root: configuration, then the parts, then the transports. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const sandbox =
    config.mode === 'sandbox'
      ? createSandboxLark({
          appId: config.appId,
          appSecret: config.appSecret,
          botOpenId: 'ou_sandbox_bot_0000000000000000000',
          botName: BOT_NAME,
          ...(() => {
            const d = sandboxDirectory(config.orgFile);
            return { directory: d.people, chats: d.chats };
          })(),
        })
      : undefined;

  let page: SandboxWeb | undefined;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end('starting');
  };
  const server = createServer((req, res) => {
    if (sandbox && req.url?.startsWith('/open-apis/')) return sandbox.handle(req, res);
    if (page?.owns(req.url)) return page.handle(req, res);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const domain = config.domain ?? `http://127.0.0.1:${port}`;

  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const client = createSdkClient({ appId: config.appId, appSecret: config.appSecret, domain });
  const gateway = createLarkGateway(client);
  const { index: org, warnings } = await loadOrg(config.orgFile, (q) => gateway.resolveIds(q));
  for (const w of warnings) logger.warn(w);
  const calendar = loadCalendar(config.calendarFile);
  const store = await createLowdbStore(config.dataDir);
  // The sandbox page moves this clock to try the scheduler ("next working day 08:30").
  const clock = sandbox ? createSandboxClock(calendar) : undefined;

  const bot = createBot({
    mode: config.mode,
    encryptKey: config.encryptKey,
    verificationToken: config.verificationToken,
    adminToken: config.adminToken,
    org,
    calendar,
    store,
    gateway,
    logger,
    commands,
    cardActions,
    jobs: createJobs({ archiveAfterDays: config.archiveAfterDays }),
    ...(clock ? { clock: () => clock.now() } : {}),
    ...(config.approvalCenter ? { approvalCenter: approvalCenterDeps(config, client, url) } : {}),
  });
  handler = bot.http.callback();
  await bot.start();
  const ws =
    config.mode === 'websocket'
      ? startWebSocket({
          appId: config.appId,
          appSecret: config.appSecret,
          domain,
          intake: bot.intake,
          botOpenId: bot.botOpenId,
          logger,
        })
      : undefined;

  if (sandbox && clock) {
    page = startSandboxPage({
      lark: sandbox,
      url,
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
    });
  }
  const ms = Math.round(performance.now() - started);
  if (config.mode === 'sandbox') {
    console.log(
      `\n  打开 Open:  ${url}/   ← 在浏览器中试用机器人 (the sandbox chat page)\n\n` +
        `${BOT_NAME} 已启动 — SANDBOX mode (no Lark credentials): an embedded imitation of Lark runs on the same port.\n` +
        `  Bot:        ${url}   (events: POST ${url}/lark/events, health: ${url}/healthz)\n` +
        `  Org file:   ${config.orgFile}\n  Data:       ${store.file}\n  Started in ${ms} ms\n`,
    );
  } else {
    logger.info({ mode: config.mode, url, domain, ms }, `${BOT_NAME} started`);
  }
  // After the banner: the catch-up run of jobs missed while the bot was down may log, and the page
  // link must stay the first thing a newcomer sees.
  await bot.scheduler.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    ws?.close();
    page?.close();
    server.close();
    await bot.stop();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
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

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(`启动失败 (start-up failed): ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
