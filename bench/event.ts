import { startHarness } from '../test/helpers/harness.ts';
import { type BenchResult, summary } from './stats.ts';

/**
 * One signed, encrypted `/我是谁` message through POST /lark/events: the HTTP acknowledgement, and the
 * time until the reply reaches the sandbox Lark (dedupe, inbox, dispatch, outbox, SDK call).
 */
export async function benchEvent(n = 300): Promise<BenchResult[]> {
  // Lark's send limits lifted: 300 replies to one user would otherwise measure the 5/s limit, not the bot.
  // …and the per-person flood guard, which would (rightly) stop one person sending 300 commands.
  const h = await startHarness({
    sendLimits: { perKey: 1e9, perApp: 1e9, windowMs: 1000 },
    floodLimits: { messagesPerMinute: 1e9, tapsPerMinute: 1e9 },
  });
  const from = h.who('cao-min').openId;
  const ack: number[] = [];
  const reply: number[] = [];
  try {
    for (let i = 0; i < n + 20; i++) {
      const delivered = new Promise<number>((resolve) =>
        h.lark.events.once('message', () => resolve(performance.now())),
      );
      const t0 = performance.now();
      await h.events.sendText({ from, chatType: 'p2p', text: '/我是谁' });
      const t1 = performance.now();
      const t2 = await delivered;
      if (i >= 20) {
        ack.push(t1 - t0);
        reply.push(t2 - t0);
      }
      await h.settle();
    }
  } finally {
    await h.stop();
  }
  const a = summary(ack);
  const r = summary(reply);
  return [
    { name: 'event → HTTP 200 ack', metrics: { n, median_ms: a.median, p95_ms: a.p95 } },
    { name: 'event → reply delivered to Lark', metrics: { n, median_ms: r.median, p95_ms: r.p95 } },
  ];
}
