import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Koa from 'koa';
import { STEP_DECIDE } from '../cards/step-card.ts';
import { readRawBody } from '../src/http/raw-body.ts';
import type { CardTapInput } from '../src/sandbox/event-sender.ts';
import {
  APP_ID,
  BOT_NAME,
  BOT_OPEN_ID,
  ENCRYPT_KEY,
  startHarness,
  VERIFICATION_TOKEN,
} from '../test/helpers/harness.ts';
import { cardsOf, DEPARTMENTS, openLeave, writeArchive } from './fixtures.ts';
import { type BenchResult, summary } from './stats.ts';
import { writeSyntheticOrg } from './synthetic-org.ts';
import type { TapBatch, TapBatchResult, TapClientData } from './tap-client.ts';

// Warm-up rounds (not measured): compile the hot paths, let the heap settle, fold the set-up into a
// snapshot and open the keep-alive connections a Lark gateway keeps to the bot. One round was not
// enough: the first harness in a process stayed ~40 % slower than the ones after it.
const WARM_UP = [200, 200];

/** A worker thread's bootstrap that loads a TypeScript module through tsx, as the main thread does. */
function tsWorker(module: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
}

/** Lark's side on its own thread; `batch` posts taps all at once and resolves with their timings. */
function tapClient(eventsUrl: string) {
  const client = new Worker(tsWorker(new URL('./tap-client.ts', import.meta.url)), {
    eval: true,
    workerData: {
      eventsUrl,
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
      appId: APP_ID,
      botOpenId: BOT_OPEN_ID,
      botName: BOT_NAME,
    } satisfies TapClientData,
  });
  const batch = (taps: CardTapInput[], url?: string) =>
    new Promise<TapBatchResult>((resolve, reject) => {
      client.once('message', resolve);
      client.once('error', reject);
      client.postMessage({ taps, url } satisfies TapBatch);
    });
  return { client, batch };
}

/**
 * The floor under the tap numbers: the same client, the same signed and encrypted bodies, posted to a
 * bare koa handler that only echoes them (HTTP and the client's own cost, no bot).
 */
export async function benchTapFloor(concurrencies: number[]): Promise<BenchResult[]> {
  const app = new Koa();
  app.use(async (ctx) => {
    ctx.body = await readRawBody(ctx.req, 1024 * 1024);
  });
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  const { batch, client } = tapClient(url);
  const out: BenchResult[] = [];
  try {
    for (const [round, c] of [...WARM_UP, ...concurrencies].entries()) {
      const taps = Array.from({ length: c }, (_, i) => ({
        operator: `ou_${i}`,
        messageId: `om_${i}`,
        chatId: `oc_${i}`,
        value: { action: STEP_DECIDE, item: `L${i}`, step: 's1', round: 1, answer: 'approve' },
      }));
      const r = await batch(taps, url);
      if (round < WARM_UP.length) continue; // warming up
      const s = summary(r.latencies);
      out.push({
        name: `floor: ${c} taps at once to a bare koa echo`,
        metrics: { p50_ms: s.median, p99_ms: s.p99, max_ms: s.max },
      });
    }
  } finally {
    await client.terminate();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  return out;
}

/**
 * Card taps through POST /lark/events with `open` items in the hot file and `archived` in the archive:
 * p50/p99 of the tap's JSON answer (the decision is durable before it is sent), at `concurrency` taps at once.
 */
export async function benchTaps(
  open: number,
  archived: number,
  concurrencies: number[],
): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-taps-'));
  mkdirSync(join(dataDir, 'archive'), { recursive: true });
  writeArchive(dataDir, archived, '2025-06-01T02:00:00.000Z');
  const h = await startHarness({
    store: 'lowdb',
    dataDir,
    orgFile: writeSyntheticOrg(DEPARTMENTS),
    clock: () => new Date('2026-11-26T10:00:00+08:00'),
    floodLimits: { messagesPerMinute: 1e9, tapsPerMinute: 1e9 },
    // Lark's real send limits: the card patches each tap queues go out at Lark's pace meanwhile, as in use.
  });
  const out: BenchResult[] = [];
  try {
    // The cards of the items to be tapped are real messages in the sandbox Lark, so their patches land.
    const tapped = [...WARM_UP, ...concurrencies].reduce((a, b) => a + b, 0);
    await h.store.transact((data) => {
      for (let i = 0; i < open; i++) {
        const it = openLeave(i);
        data.items[it.id] = it;
        for (const [ref, rec] of Object.entries(cardsOf(it))) {
          const chat = `oc_p2p_${h.who(rec.person!).openId}`;
          data.cards[ref] = i < tapped ? { ...rec, messageId: h.lark.seedCard(chat, {}) } : rec;
        }
      }
    });
    const { batch, client } = tapClient(`${h.url}/lark/events`);
    try {
      let next = 0;
      for (const [round, c] of [...WARM_UP, ...concurrencies].entries()) {
        const taps = Array.from({ length: c }, () => {
          const it = openLeave(next++);
          const approver = h.who(it.steps[0]!.parties[0]!).openId;
          return {
            operator: approver,
            messageId: h.store.data.cards[`${it.id}/step`]!.messageId!,
            chatId: `oc_p2p_${approver}`,
            value: { action: STEP_DECIDE, item: it.id, step: 's1', round: 1, answer: 'approve' },
          };
        });
        const r = await batch(taps);
        if (r.refused.length > 0) throw new Error(`tap refused: ${r.refused[0]}`);
        await h.store.settled();
        if (round < WARM_UP.length) continue; // warming up
        const s = summary(r.latencies);
        out.push({
          name: `card taps, ${c} at once, ${open} open + ${archived} archived`,
          metrics: { p50_ms: s.median, p99_ms: s.p99, max_ms: s.max },
        });
      }
    } finally {
      await client.terminate();
    }
  } finally {
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
