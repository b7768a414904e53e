import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type CardTapInput,
  createEventSender,
  type EventSenderOptions,
} from '../src/sandbox/event-sender.ts';

/**
 * The Lark side of the tap benchmark, on its own thread: it signs and encrypts every tap first, then
 * posts them all at once over keep-alive connections and times each answer, so the bot's thread is
 * measured doing only the bot's work (Lark's own cost is not the bot's).
 */
/** What the worker needs to sign and encrypt like Lark (plain data: it crosses to the worker thread). */
export type TapClientData = Pick<
  EventSenderOptions,
  'encryptKey' | 'verificationToken' | 'appId' | 'botOpenId' | 'botName'
> & { eventsUrl: string };
export interface TapBatch {
  taps: CardTapInput[];
  /** Post to this URL instead (a bare echo server: the floor of client + HTTP). */
  url?: string;
}
export interface TapBatchResult {
  latencies: number[];
  refused: string[];
}

const d = workerData as TapClientData;
const events = createEventSender({ ...d, timeoutMs: 60_000 });
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

parentPort?.on('message', async ({ taps, url }: TapBatch) => {
  const prepared = taps.map((t) => events.prepare(events.tapEnvelope(t)));
  const latencies: number[] = [];
  const refused: string[] = [];
  await Promise.all(
    prepared.map(async ({ body, headers }) => {
      const t0 = performance.now();
      const text = await post(url ?? d.eventsUrl, body, headers);
      latencies.push(performance.now() - t0);
      if (url) return;
      const toast = (JSON.parse(text) as { toast?: { type?: string } }).toast;
      if (toast?.type !== 'success') refused.push(text.slice(0, 200));
    }),
  );
  parentPort?.postMessage({ latencies, refused } satisfies TapBatchResult);
});
