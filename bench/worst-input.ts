import { normalise } from '../src/bot/inbound.ts';
import { buttonValue, cardsIn, tap } from '../test/helpers/cards.ts';
import { BOT_OPEN_ID, type Harness, startHarness } from '../test/helpers/harness.ts';
import { type BenchResult, summary } from './stats.ts';

/**
 * Issue 12: "no handler may spend more than a few ms of CPU on one input". The worst input we know of
 * for each command — at its length limit (what its parser may be given) and far beyond it (what is
 * refused by length) — one at a time: the handler's own time (normalise + dispatch + the durable write
 * of its answer, what holds the event loop for everyone else), and through the real pipeline, event →
 * reply delivered (signing, HTTP, the outbox and the sandbox Lark included).
 */
const FIN = { head: 'yang-fan', deputy: 'zhu-li' };
const LEADER = 'chen-lixin';

type Case = [label: string, who: string, text: string];

const CASES: Case[] = [
  ['/我是谁 (baseline)', 'cao-min', '/我是谁'],
  ['/请假 + 20,000 “一” (refused)', 'cao-min', `/请假 ${'一'.repeat(20_000)}`],
  ['/请假 + 100,000 digits (refused)', 'cao-min', `/请假 ${'1'.repeat(100_000)}`],
  ['/请假 at its limit, 2,100 “一”', 'cao-min', `/请假 ${'一'.repeat(2099)}`],
  ['/请假 at its limit, dates repeated', 'cao-min', `/请假 ${'12月1日至12月3日'.repeat(190)}`],
  ['/批示 at its limit, 紧急: repeated', LEADER, `/批示 ${'紧急:12月3日 '.repeat(250)}`],
  ['/批示 at its limit, 协办: 450 names', LEADER, `/批示 协办:${'区财政局、'.repeat(450)} 请研究`],
  ['/反馈 at its limit, 2,200 characters', FIN.deputy, `/反馈 I0001 进展 ${'已'.repeat(2190)}`],
  ['/延期 at its limit, a 590-character date', FIN.deputy, `/延期 I0001 ${'一'.repeat(590)} 理由`],
  ['/建议提案 at its limit, 限期: repeated', LEADER, `/建议提案 人大 ${'限期:12月3日 '.repeat(250)}`],
  ['/市级会议 at its limit', 'cao-min', `/市级会议 ${'一'.repeat(199)}`],
  ['/台账 at its limit, 40 words', LEADER, `/台账 ${'区财政局 '.repeat(40)}`],
  ['/出访报告 at its limit', 'cao-min', `/出访报告 ${'访'.repeat(2000)}`],
  ['/帮助 + 5,000 characters (refused)', 'cao-min', `/帮助 ${'帮'.repeat(5000)}`],
  // Issues 13 and 14: the audit export's date range and the holiday arrangement's year, at their limit.
  ['/留痕导出 at its limit, dates repeated', 'zheng-hong', `/留痕导出 ${'2026-11-01 '.repeat(18)}`],
  ['/节假日 at its limit, years repeated', 'cao-min', `/节假日 ${'2027年 '.repeat(33)}`],
];

/** The dispatcher handling one message, as the transports hand it over. */
async function handlerMs(h: Harness, who: string, text: string, i: number): Promise<number> {
  const t0 = performance.now();
  const inb = normalise(
    {
      header: {
        event_id: `bench-${i}`,
        event_type: 'im.message.receive_v1',
        create_time: String(Date.now()),
      },
      event: {
        sender: { sender_id: { open_id: h.who(who).openId }, sender_type: 'user' },
        message: {
          message_id: `om_bench_${i}`,
          chat_id: `oc_p2p_${h.who(who).openId}`,
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text }),
        },
      },
    },
    BOT_OPEN_ID,
  );
  if (!inb) throw new Error('not a message');
  await h.bot.dispatcher.handle(inb);
  return performance.now() - t0;
}

async function timed(h: Harness, who: string, send: () => Promise<unknown>): Promise<number> {
  const chat = `oc_p2p_${h.who(who).openId}`;
  const delivered = new Promise<number>((resolve) => {
    const on = (m: { chatId?: string }) => {
      if (m.chatId !== chat) return;
      h.lark.events.off('message', on);
      resolve(performance.now());
    };
    h.lark.events.on('message', on);
  });
  const t0 = performance.now();
  await send();
  return (await delivered) - t0;
}

export async function benchWorstInput(n = 10): Promise<BenchResult[]> {
  const h = await startHarness({
    clock: () => new Date('2026-11-26T10:00:00+08:00'),
    sendLimits: { perKey: 1e9, perApp: 1e9, windowMs: 1000 },
    floodLimits: { messagesPerMinute: 1e9, tapsPerMinute: 1e9 },
  });
  const out: BenchResult[] = [];
  try {
    await h.say(LEADER, '/批示 牵头:区财政局 请研究老旧小区改造资金');
    const ack = cardsIn(h, FIN.head).at(-1)!;
    await tap(h, FIN.head, ack.messageId, buttonValue(ack.content, '签收'), { responsible: FIN.deputy });
    let seq = 0;
    for (const [label, who, text] of CASES) {
      const from = h.who(who).openId;
      const handler: number[] = [];
      const reply: number[] = [];
      for (let i = 0; i < n + 2; i++) {
        const ms = await handlerMs(h, who, text, seq++);
        await h.settle();
        const e2e = await timed(h, who, () => h.events.sendText({ from, chatType: 'p2p', text }));
        await h.settle();
        if (i < 2) continue; // warm-up
        handler.push(ms);
        reply.push(e2e);
      }
      const a = summary(handler);
      const r = summary(reply);
      out.push({
        name: `worst input: ${label}`,
        metrics: {
          n,
          chars: [...text].length,
          handler_median_ms: a.median,
          handler_max_ms: a.max,
          reply_median_ms: r.median,
        },
      });
    }
  } finally {
    await h.stop();
  }
  return out;
}
