import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot } from '../../app.ts';
import type { Command } from '../../bot/command.ts';
import type { Calendar } from '../../domain/calendar.ts';
import type { OrgIndex } from '../../domain/org.ts';
import type { Logger } from '../../logger.ts';
import type { OrgSync } from '../../org-sync/sync.ts';
import type { Store } from '../../store/port.ts';
import type { SandboxClock } from '../clock.ts';
import type { EventSender } from '../event-sender.ts';
import { asRecord, parseJson, readBody, sendJson } from '../http-io.ts';
import type { SandboxLark } from '../lark-server.ts';
import { createActions } from './actions.ts';
import { createApprovalPage } from './approvals.ts';
import { createDriver, DriverError } from './driver.ts';
import { Feed } from './feed.ts';
import { createOrgActions } from './org-actions.ts';
import { pageCommands, pageDirectory } from './people.ts';
import { serveStatic } from './static.ts';

export interface SandboxWebDeps {
  lark: SandboxLark;
  events: EventSender;
  org: OrgIndex;
  calendar: Calendar;
  store: Store;
  clock: SandboxClock;
  bot: Pick<Bot, 'intake' | 'sender' | 'scheduler' | 'approvalCenter'>;
  commands: readonly Command<unknown>[];
  botName: string;
  logger: Logger;
  /** The running minute cron (main's bot.scheduler), paused while the demo walks the clock through the past. */
  cron?: { stop(): void; start(): Promise<void> };
  /** Follows the sandbox tenant's directory (the 通讯录 tools); absent, those tools say so. */
  orgSync?: OrgSync;
}

export interface SandboxWeb {
  /** Whether a request is the page's (`/` and `/sandbox/*`); everything else belongs to the bot. */
  owns(url: string | undefined): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;

/**
 * DNS rebinding: a web page on some name that resolves to 127.0.0.1 could drive the page's API from the
 * user's browser (reset the data, move the clock). The browser sends that name as Host, so the page
 * answers only to localhost and to IP addresses (which no rebinding name is), with any port.
 */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (name === 'localhost') return true;
  if (/^\[[0-9a-f:.]+\]$/.test(name)) return true; // [::1], [2001:db8::1]
  const quad = name.split('.');
  return quad.length === 4 && quad.every((n) => /^\d{1,3}$/.test(n) && Number(n) <= 255);
}

/** The sandbox chat page: its files, its JSON API and its live event stream, on the bot's own port. */
export function createSandboxWeb(d: SandboxWebDeps): SandboxWeb {
  const feed = new Feed(d.lark, () => d.clock.now());
  const driver = createDriver({ lark: d.lark, events: d.events, org: d.org, bot: d.bot, feed });
  const actions = createActions({ ...d, feed, driver });
  const orgActions = createOrgActions({
    ...d,
    settle: () => driver.settle(),
    // The org can change while the page is open: every page reloads who is who.
    changed: () => feed.broadcast({ type: 'org' }),
  });
  const approvals = createApprovalPage({ ...d, driver });
  const onApproval = (e: { instanceId: string }) =>
    feed.broadcast({ type: 'approval', instanceId: e.instanceId });
  d.lark.events.on('approval', onApproval);

  const posts = new Map<string, Handler>([
    ['send', actions.send],
    ['tap', actions.tap],
    ['clock/tick', actions.tick],
    ['clock/next-morning', actions.nextMorning],
    ['clock/set', actions.setClock],
    ['clock/now', actions.realTime],
    ['reset', actions.reset],
    ['demo', actions.demo],
    ['org/refresh', orgActions.refresh],
    ['org/main-head', orgActions.mainHead],
    ['approval/act', approvals.act],
  ]);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLocalHost(req.headers.host)) {
      return sendJson(res, 403, { error: 'the sandbox page answers only to localhost or an IP address' });
    }
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    if (req.method === 'GET') {
      if (path === '/' || path === '/index.html') {
        if (await serveStatic('index.html', res)) return;
      }
      const asset = /^\/sandbox\/static\/([^/]+)$/.exec(path);
      if (asset && (await serveStatic(asset[1]!, res))) return;
      if (path === '/sandbox/api/state') return sendJson(res, 200, state());
      if (path === '/sandbox/api/messages') return sendJson(res, 200, { messages: feed.all() });
      if (path === '/sandbox/api/events') return feed.subscribe(res);
      if (path === '/sandbox/api/approvals')
        return sendJson(res, 200, approvals.view(url.searchParams.get('as') ?? ''));
      const file = /^\/sandbox\/api\/files\/([\w-]+)$/.exec(path);
      if (file) return sendFile(file[1]!, res);
      return sendJson(res, 404, { error: 'not found' });
    }
    const handler = req.method === 'POST' ? posts.get(path.replace(/^\/sandbox\/api\//, '')) : undefined;
    if (!handler || !path.startsWith('/sandbox/api/')) return sendJson(res, 404, { error: 'not found' });
    // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
    if (!req.headers['content-type']?.startsWith('application/json')) {
      return sendJson(res, 415, { error: 'application/json expected' });
    }
    const body = asRecord(parseJson(await readBody(req)));
    try {
      sendJson(res, 200, await handler(body));
    } catch (err) {
      if (err instanceof DriverError) return sendJson(res, err.status, { error: err.message });
      d.logger.error({ err, path }, 'sandbox page request failed');
      sendJson(res, 500, { error: (err as Error).message });
    }
  }

  function state() {
    // Drawn from the org in use at each load: the directory may have changed since the last.
    return {
      botName: d.botName,
      ...pageDirectory(d.org),
      units: d.org.departments().map((u) => ({
        id: u.id,
        name: u.name,
        mainHead: u.mainHead,
        people: [u.mainHead, ...u.deputies, ...u.staff],
      })),
      orgSync: d.orgSync?.importMode() ?? false,
      clock: { offsetMs: d.clock.offsetMs, digestTime: d.org.digestTime() },
      items: Object.keys(d.store.data.items).length,
      commands: pageCommands(d.commands, d.org),
      demo: actions.busy(),
      // How the page's messages and taps reach the bot: over the long connection when it is open.
      longConnection: {
        connections: d.lark.longConnection.connections.length,
        deliveries: d.lark.longConnection.deliveries.length,
      },
    };
  }

  function sendFile(key: string, res: ServerResponse): void {
    const f = d.lark.files.get(key);
    if (!f) {
      sendJson(res, 404, { error: 'no such file' });
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': f.bytes.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    });
    res.end(f.bytes);
  }

  return {
    owns: (url) => url === '/' || url?.startsWith('/?') === true || url?.startsWith('/sandbox/') === true,
    handle(req, res) {
      route(req, res).catch((err: unknown) => {
        d.logger.error({ err }, 'sandbox page request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    },
    close: () => {
      d.lark.events.off('approval', onApproval);
      feed.close();
    },
  };
}
