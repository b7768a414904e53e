import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind, SandboxMessage } from '../../src/sandbox/lark-server.ts';
import { buttons, cardsIn } from '../helpers/cards.ts';
import { prng, seedFromEnv, shuffle } from '../helpers/faults-prng.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing (a working day: the digest is due).
const NOW = new Date('2026-11-26T10:00:00+08:00');
const SEED = seedFromEnv(30);
const KINDS: FaultKind[] = ['http500', 'rate429', 'chat230020', 'code11232', 'timeout'];

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW, timeoutMs: 300, store: 'lowdb' });
});
afterEach(async () => {
  await h.stop();
});

/** Like h.settle, with room for the sender's back-off after several failures in a row. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await h.bot.intake.idle();
    await h.bot.sender.drained(120_000);
  }
}

type Json = Record<string, unknown>;
const decideValue = (content: unknown): Json | undefined => {
  const b = buttons(content).find(
    (x) => (x.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value?.action === 'step.decide',
  );
  return (b?.behaviors as Array<{ value: Json }> | undefined)?.[0]?.value;
};

/** Every card still waiting on its recipient, with the value of its first (approving) button. */
function openCards(): Array<{ m: SandboxMessage; value: Json; recipient: string }> {
  return h.lark.messages.flatMap((m) => {
    const value = m.chatId.startsWith('oc_p2p_')
      ? decideValue(h.lark.currentContent(m.messageId))
      : undefined;
    if (!value) return [];
    const recipient = h.org.personByOpenId(m.chatId.slice('oc_p2p_'.length))!.id;
    return [{ m, value, recipient }];
  });
}

describe('Lark API faults: 30% of calls fail during a burst', () => {
  it('delivers everything exactly once, within the per-chat limits', async () => {
    const started = performance.now();
    const rng = prng(SEED);
    h.lark.faults.setRandom({ rate: 0.3, kinds: KINDS, seed: SEED });

    // 60 filings from the department people (the first few twice, on other days), all at once.
    const filers = h.org.departments().flatMap((d) => [d.mainHead, ...d.deputies, ...d.staff]);
    const filings = [
      ...filers.map((who, i) => ({ who, text: `/请假 12月${1 + (i % 20)}日 北京 参加培训` })),
      ...filers
        .slice(0, 60 - filers.length)
        .map((who) => ({ who, text: '/请假 12月28日至12月29日 沈阳 汇报工作' })),
    ];
    expect(filings).toHaveLength(60);
    const sent = await Promise.all(
      shuffle(rng, filings).map(async (f) => {
        const r = await h.events.sendText({ from: h.who(f.who).openId, chatType: 'p2p', text: f.text });
        expect(r.response.status).toBe(200);
        return { ...f, messageId: r.messageId };
      }),
    );
    await settle();
    expect(Object.keys(h.store.data.items)).toHaveLength(60);

    // The digest goes to the groups while most steps still wait.
    const tick = await fetch(`${h.url}/admin/tick`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
      body: JSON.stringify({ at: NOW.toISOString() }),
    });
    expect(tick.status).toBe(200);

    // Two rounds of approvals, every approver tapping at once; every 7th first step is refused.
    let taps = 0;
    for (let round = 0; round < 2; round++) {
      await settle();
      const open = openCards();
      const answers = await Promise.all(
        open.map(async ({ m, value, recipient }, i) => {
          const reject = round === 0 && i % 7 === 3;
          const r = await h.events.tapCard({
            operator: h.who(recipient).openId,
            messageId: m.messageId,
            chatId: m.chatId,
            value: { ...value, answer: reject ? 'reject' : 'approve' },
            formValue: { comment: reject ? '该时段有重要会议' : '' },
          });
          return (r.response.json as { toast?: { type?: string } }).toast?.type;
        }),
      );
      taps += answers.length;
      expect(answers.every((t) => t === 'success')).toBe(true);
    }
    await settle();
    h.lark.faults.clear();
    const injected = h.lark.faults.injected;

    // Everything decided and delivered; the outbox is empty.
    const items = Object.values(h.store.data.items);
    expect(items.filter((it) => it.status !== 'approved' && it.status !== 'rejected')).toEqual([]);
    expect(h.store.data.outbox).toEqual([]);
    expect(openCards()).toEqual([]);

    // Exactly once: one message per uuid, every recorded card delivered once and nothing else sent as a card.
    const uuids = h.lark.messages.map((m) => m.uuid);
    expect(uuids.every(Boolean)).toBe(true);
    expect(new Set(uuids).size).toBe(uuids.length);
    const cardMessages = h.lark.messages.filter((m) => m.msgType === 'interactive');
    const recorded = Object.values(h.store.data.cards).filter((c) => c.itemId);
    const byMessage = new Map(recorded.map((c) => [c.messageId, c]));
    expect(recorded.every((c) => c.messageId && h.lark.messageById(c.messageId))).toBe(true);
    const stray = cardMessages.filter((m) => !byMessage.has(m.messageId));
    // The only cards not recorded against an item: the digest, once in each group.
    expect(stray.map((m) => m.chatId).sort()).toEqual(
      [h.org.chat('leaders').chatId, h.org.chat('supervision').chatId].sort(),
    );
    const perCard = new Map<string, number>();
    for (const m of cardMessages) {
      const c = byMessage.get(m.messageId);
      if (!c) continue;
      const key = `${c.itemId}|${c.view}|${c.stepId ?? ''}|${c.person ?? c.chat ?? ''}`;
      perCard.set(key, (perCard.get(key) ?? 0) + 1);
    }
    expect([...perCard].filter(([, n]) => n !== 1)).toEqual([]);

    // Every filing answered once; every decision told to its submitter once; every card shows the outcome.
    for (const s of sent) expect(h.lark.messages.filter((m) => m.replyTo === s.messageId)).toHaveLength(1);
    for (const it of items) {
      const told = h.inbox(it.submitter).filter((m) => {
        const text = (m.content as { text?: string }).text ?? '';
        return text.includes(`（${it.id}，`) && /已获批准|未获批准/.test(text);
      });
      expect(told, it.id).toHaveLength(1);
    }
    for (const c of recorded) {
      expect(cardsIn(h, c.person ? c.person : h.org.chat(c.chat as never).chatId).length).toBeGreaterThan(0);
      expect(decideValue(h.lark.currentContent(c.messageId!))).toBeUndefined();
    }

    // Lark's limits held although every failure was retried: 5 a second per chat, 50 per app.
    expect(h.lark.rateViolations()).toEqual([]);
    for (const kind of KINDS)
      expect(
        injected.some((f) => f.kind === kind),
        kind,
      ).toBe(true);
    console.log(
      `lark faults (seed ${SEED}): ${h.lark.messages.length} messages, ${taps} taps, ${injected.length} injected faults, ` +
        `${[...h.lark.uuidHits.values()].filter((n) => n > 1).length} uuids retried after a lost answer, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 240_000);
});
