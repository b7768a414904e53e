import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../src/sandbox/lark-server.ts';
import { buttons } from '../helpers/cards.ts';
import { pick, prng, seedFromEnv } from '../helpers/faults-prng.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// A Lark-side disconnect storm: the gateway drops the bot's long connection every few dozen
// milliseconds while people keep sending and tapping; ACKs get lost; after some drops the gateway
// pushes before the SDK listens. Lark re-pushes whatever was not acknowledged. Nothing may be lost or
// done twice. FAULT_SEED=<n> replays a schedule.
const SEED = seedFromEnv(18);
const OPS = 240;
const WORKERS = 4;
const NOW = new Date('2026-11-26T10:00:00+08:00');

type Json = Record<string, unknown>;
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const decideValue = (content: unknown): Json | undefined => {
  const b = buttons(content).find(
    (x) => (x.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value?.action === 'step.decide',
  );
  return (b?.behaviors as Array<{ value: Json }> | undefined)?.[0]?.value;
};

describe('the long connection in a disconnect storm', () => {
  it(`loses and duplicates nothing over ${OPS} operations (seed ${SEED})`, async () => {
    const started = performance.now();
    h = await startHarness({
      clock: () => NOW,
      transport: 'websocket',
      store: 'lowdb',
      longConnection: {
        pingIntervalMs: 200,
        reconnectIntervalMs: 30,
        reconnectNonceMs: 30,
        ackTimeoutMs: 3_000,
        retryAfterMs: Array.from({ length: 30 }, () => 250),
      },
    });
    const lc = h.lark.longConnection;
    const rng = prng(SEED);
    const filers = h.org.departments().flatMap((d) => [d.mainHead, ...d.deputies, ...d.staff]);
    const everyone = h.org.people().map((p) => p.id);

    // ---- the storm: drops at random moments, lost ACKs, an eager gateway now and then.
    let storming = true;
    let drops = 0;
    const storm = (async () => {
      while (storming) {
        await new Promise((r) => setTimeout(r, 30 + Math.floor(rng() * 170)));
        if (!storming) break;
        const r = rng();
        if (r < 0.15) lc.loseAcks(1);
        else if (r < 0.25) lc.dropAfterPush(1);
        lc.configure({ waitForPing: rng() < 0.7 });
        drops += lc.drop();
      }
    })();

    // ---- people at work.
    const sent: Array<{ messageId: string; text: string }> = [];
    const confirmed: Array<{ item: string; step: string; actor: string }> = [];
    const filings = new Map<string, number>();
    let next = 0;
    const openCards = (): Array<{ m: SandboxMessage; value: Json; recipient: string }> =>
      h.lark.messages.flatMap((m) => {
        const value = m.chatId.startsWith('oc_p2p_')
          ? decideValue(h.lark.currentContent(m.messageId))
          : undefined;
        if (!value) return [];
        return [{ m, value, recipient: h.org.personByOpenId(m.chatId.slice('oc_p2p_'.length))!.id }];
      });
    const op = async () => {
      const r = rng();
      if (r < 0.55) {
        const from = r < 0.35 ? pick(rng, filers) : pick(rng, everyone);
        const k = filings.get(from) ?? 0;
        const text =
          r < 0.35
            ? `/请假 12月${1 + ((k * 3) % 27)}日 北京 第${k + 1}次公务出差`
            : pick(rng, ['/我是谁', '/在岗', '/帮助']);
        if (r < 0.35) filings.set(from, k + 1);
        const s = await h.events.sendText({ from: h.who(from).openId, chatType: 'p2p', text });
        sent.push({ messageId: s.messageId, text });
      } else {
        const open = openCards();
        if (open.length === 0) return;
        const { m, value, recipient } = open[Math.floor(rng() * open.length)]!;
        const res = await h.events.tapCard({
          operator: h.who(recipient).openId,
          messageId: m.messageId,
          chatId: m.chatId,
          value: { ...value, answer: 'approve' },
        });
        const toast = (res.response.json as { toast?: { type?: string } } | undefined)?.toast;
        if (res.response.status === 200 && toast?.type === 'success') {
          confirmed.push({ item: String(value.item), step: String(value.step), actor: recipient });
        }
      }
    };
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next++ < OPS) {
          await op();
          // People take a moment between messages; the storm goes on meanwhile.
          await new Promise((r) => setTimeout(r, 40 + Math.floor(rng() * 120)));
        }
      }),
    );
    storming = false;
    await storm;
    lc.configure({ waitForPing: true });
    await lc.waitForConnection();
    await lc.idle(60_000);
    // The group chat's send limit makes the filings' notices queue for a while.
    for (let i = 0; i < 3; i++) {
      await h.bot.intake.idle();
      await h.bot.sender.drained(120_000);
    }

    // ---- Lark got an ACK for every event in the end, none given up, and the protocol was kept.
    const events = lc.deliveries.filter((d) => !d.callback);
    expect(events.filter((d) => d.state !== 'acked').map((d) => `${d.eventId}: ${d.state}`)).toEqual([]);
    expect(lc.protocolErrors).toEqual([]);

    // ---- every message answered exactly once.
    const replies = new Map<string, number>();
    for (const m of h.lark.messages) if (m.replyTo) replies.set(m.replyTo, (replies.get(m.replyTo) ?? 0) + 1);
    expect(
      sent
        .filter((s) => replies.get(s.messageId) !== 1)
        .map((s) => `${s.text} ×${replies.get(s.messageId) ?? 0}`),
    ).toEqual([]);

    // ---- every confirmed tap stands, once.
    const data = h.store.data;
    const lost = confirmed.filter((t) => {
      const step = data.items[t.item]?.steps.find((s) => s.id === t.step);
      return (
        step?.responses.filter((x) => h.org.person(x.actor)?.id === t.actor && x.answer === 'approve')
          .length !== 1
      );
    });
    expect(lost).toEqual([]);

    // ---- nothing sent twice: one message per outbox id, one card per step, round and person.
    const perUuid = new Map<string, number>();
    for (const m of h.lark.messages) if (m.uuid) perUuid.set(m.uuid, (perUuid.get(m.uuid) ?? 0) + 1);
    expect([...perUuid].filter(([, n]) => n > 1)).toEqual([]);
    const cardKeys = new Map<string, number>();
    for (const m of h.lark.messages) {
      const v = decideValue(m.content);
      if (!v) continue;
      const key = `${m.chatId}|${String(v.item)}|${String(v.step)}|${String(v.round)}`;
      cardKeys.set(key, (cardKeys.get(key) ?? 0) + 1);
    }
    expect([...cardKeys].filter(([, n]) => n > 1)).toEqual([]);
    expect(data.inbox).toEqual([]);

    const attempts = events.reduce((n, d) => n + d.attempts.length, 0);
    const taps = lc.deliveries.filter((d) => d.callback);
    console.log(
      `disconnect storm (seed ${SEED}): ${OPS} ops in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `${drops} drops, ${lc.endpointCalls.length} endpoint calls, ${events.length} events in ${attempts} pushes, ` +
        `${taps.length} taps (${taps.filter((d) => d.state === 'acked').length} answered in time, ${confirmed.length} confirmed), ` +
        `${sent.length} messages answered once each`,
    );
    expect(drops).toBeGreaterThanOrEqual(20);
    expect(attempts).toBeGreaterThan(events.length);
  }, 300_000);
});
