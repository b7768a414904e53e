import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { messageEvent, textContent } from '../src/sandbox/event-bodies.ts';
import { createEventSender, type EventSender } from '../src/sandbox/event-sender.ts';
import type { SandboxLark } from '../src/sandbox/lark-server.ts';
import type { Store } from '../src/store/port.ts';
import type { StoreData } from '../src/store/schema.ts';
import {
  APP_ID,
  BOT_NAME,
  BOT_OPEN_ID,
  ENCRYPT_KEY,
  type Harness,
  startHarness,
  VERIFICATION_TOKEN,
} from '../test/helpers/harness.ts';
import { DEPARTMENTS } from './fixtures.ts';
import { type BenchResult, summary } from './stats.ts';
import { syntheticOrg, writeSyntheticOrg } from './synthetic-org.ts';

const WARM_UP = 200;
const COMMAND = '/我是谁';

interface Prepared {
  messageId: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * `n` text messages as Lark posts them (signed, encrypted), one sender after another from `people`;
 * prepared before the clock starts, so that the client's crypto is not measured (for either server).
 */
function prepare(events: EventSender, people: string[], n: number, lark?: SandboxLark): Prepared[] {
  const bot = { botOpenId: BOT_OPEN_ID, botName: BOT_NAME, tenantKey: '' };
  return Array.from({ length: n }, (_, i) => {
    const from = people[i % people.length]!;
    const input = { from, chatType: 'p2p' as const, text: COMMAND };
    const envelope = events.envelope('im.message.receive_v1', null);
    const event = messageEvent(
      { ...bot, tenantKey: envelope.header.tenant_key },
      input,
      'text',
      textContent(input),
    );
    const message = event.message as { message_id: string; chat_id: string };
    // The sandbox Lark must know the message the bot replies to, as events.sendText arranges.
    lark?.recordUserMessage({
      messageId: message.message_id,
      chatId: message.chat_id,
      from,
      msgType: 'text',
      content: textContent(input),
    });
    return { messageId: message.message_id, ...events.prepare({ ...envelope, event }) };
  });
}

/** The one HTTP client for both servers: keep-alive, one socket per request in flight. */
function client(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (url: string, p: Prepared) =>
    new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: p.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(p.body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * A closed loop: `concurrency` senders, each posting its next event once the previous one is `done`.
 * Returns events/s over the whole batch and each event's latency.
 */
async function closedLoop(
  batch: Prepared[],
  concurrency: number,
  send: (p: Prepared) => Promise<void>,
): Promise<{ perSecond: number; ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batch.length) {
        const p = batch[next++]!;
        const t = performance.now();
        await send(p);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - t0;
  return { perSecond: (batch.length / ms) * 1000, ms, latencies };
}

/** A bare koa app whose only work is to echo the body: the floor of HTTP + koa + the client. */
async function startEcho(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    ctx.type = 'application/json';
    ctx.body = Buffer.concat(chunks);
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lark/events`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * Calls `onReply(messageId)` once a transaction that queued a reply to that message is durable: the
 * point where the bot has taken the event in, dispatched it and committed its answer to the outbox.
 * (The store object is shared with the bot, which calls `store.transact` through it.)
 */
function watchOutbox(store: Store, onReply: (messageId: string) => void): void {
  const transact = store.transact.bind(store);
  store.transact = <T>(fn: (d: StoreData) => T): Promise<T> => {
    const replies: string[] = [];
    return transact((d) => {
      const before = d.outbox.length;
      const r = fn(d);
      for (const e of d.outbox.slice(before)) if (e.op === 'reply') replies.push(e.messageId);
      return r;
    }).then((r) => {
      for (const id of replies) onReply(id);
      return r;
    });
  };
}

async function benchBot(
  store: 'memory' | 'lowdb',
  orgFile: string,
  openIds: string[],
  count: number,
  concurrency: number,
) {
  // Lark's send limits and the per-person flood guard lifted, as in bench/event.ts: the bot is measured.
  const h: Harness = await startHarness({
    store,
    orgFile,
    sendLimits: { perKey: 1e9, perApp: 1e9, windowMs: 1000 },
    floodLimits: { messagesPerMinute: 1e9, tapsPerMinute: 1e9 },
  });
  const http = client(concurrency);
  const waiting = new Map<string, () => void>();
  watchOutbox(h.store, (id) => {
    waiting.get(id)?.();
    waiting.delete(id);
  });
  const url = `${h.url}/lark/events`;
  const send = async (p: Prepared) => {
    const replied = new Promise<void>((resolve) => waiting.set(p.messageId, resolve));
    const status = await http.post(url, p);
    if (status !== 200) throw new Error(`POST /lark/events answered ${status}`);
    await replied;
  };
  try {
    await closedLoop(prepare(h.events, openIds, WARM_UP, h.lark), concurrency, send);
    await h.settle();
    const delivered0 = h.lark.messages.length;
    const batch = prepare(h.events, openIds, count, h.lark);
    const t0 = performance.now();
    const r = await closedLoop(batch, concurrency, send);
    // …and until the last reply has reached Lark (the sender runs on the same thread meanwhile).
    await h.settle();
    const drainedMs = performance.now() - t0;
    const delivered = h.lark.messages.length - delivered0;
    if (delivered !== count) throw new Error(`${delivered} replies delivered for ${count} events`);
    return { ...r, drainedPerSecond: (count / drainedMs) * 1000 };
  } finally {
    http.close();
    await h.stop();
  }
}

async function benchEcho(openIds: string[], count: number, concurrency: number) {
  const echo = await startEcho();
  // The harness's keys, so the echo gets bodies of the same size and shape as the bot.
  const events = createEventSender({
    eventsUrl: echo.url,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    appId: APP_ID,
    botOpenId: BOT_OPEN_ID,
    botName: BOT_NAME,
  });
  const http = client(concurrency);
  const send = async (p: Prepared) => {
    const status = await http.post(echo.url, p);
    if (status !== 200) throw new Error(`echo answered ${status}`);
  };
  try {
    await closedLoop(prepare(events, openIds, WARM_UP), concurrency, send);
    return await closedLoop(prepare(events, openIds, count), concurrency, send);
  } finally {
    http.close();
    await echo.close();
  }
}

/**
 * Issue 8: signed, encrypted `/我是谁` messages from many people through POST /lark/events until the
 * reply is committed to the outbox, against a bare koa echo of the same bytes through the same client
 * at the same concurrency (a closed loop), in the same run. Ratio: bot events/s over echo events/s.
 */
export async function benchIngest(count = 2000, concurrency = 16): Promise<BenchResult[]> {
  const orgFile = writeSyntheticOrg(DEPARTMENTS);
  // Department heads, deputies and staff, in turn: many people, a few events each.
  const openIds = syntheticOrg(DEPARTMENTS)
    .people.filter((p) => p.id!.startsWith('d'))
    .map((p) => p.openId!);
  const echo = await benchEcho(openIds, count, concurrency);
  const memory = await benchBot('memory', orgFile, openIds, count, concurrency);
  const lowdb = await benchBot('lowdb', orgFile, openIds, count, concurrency);

  const row = (name: string, r: typeof memory | typeof echo) => {
    const s = summary(r.latencies);
    const drained = 'drainedPerSecond' in r ? Math.round(r.drainedPerSecond) : '—';
    return {
      name,
      metrics: {
        events: count,
        in_flight: concurrency,
        events_per_s: Math.round(r.perSecond),
        incl_delivery_per_s: drained,
        p50_ms: s.median,
        p99_ms: s.p99,
        vs_echo: Math.round((r.perSecond / echo.perSecond) * 1000) / 1000,
      },
    };
  };
  return [
    row('ingest: koa echo of the same bytes', echo),
    row('ingest: bot, memory store → reply in outbox', memory),
    row('ingest: bot, lowdb store → reply in outbox', lowdb),
  ];
}
