import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUPLICATE_TAP } from '../../src/bot/replies.ts';
import type { SandboxMessage } from '../../src/sandbox/lark-server.ts';
import { buttonValue, cardsIn } from '../helpers/cards.ts';
import { prng, seedFromEnv, shuffle } from '../helpers/faults-prng.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const SEED = seedFromEnv(8);

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW, store: 'lowdb' });
});
afterEach(async () => {
  await h.stop();
});

type Toast = { toast?: { type: string; content: string } };
const repliesTo = (h: Harness, messageId: string): SandboxMessage[] =>
  h.lark.messages.filter((m) => m.replyTo === messageId);

/** Each department main head files one leave; returns the vice heads' approval cards. */
async function fileLeaves(h: Harness, heads: string[]) {
  for (const [i, who] of heads.entries()) {
    await h.say(who, `/请假 12月${i + 1}日 北京 参加培训`);
  }
  return heads.map((who, i) => {
    const vice = h.org.supervisingViceHead(h.org.departmentOf(who)!.id).id;
    const card = cardsIn(h, vice).find((c) =>
      JSON.stringify(c.content).includes(`"Q${String(i + 1).padStart(4, '0')}"`),
    );
    if (!card) throw new Error(`no card for ${who}`);
    return { submitter: who, vice, card, item: `Q${String(i + 1).padStart(4, '0')}` };
  });
}

describe('duplicates: every event delivered three times, out of order', () => {
  it('handles each message and each tap once', async () => {
    const rng = prng(SEED);
    const depts = h.org.departments();
    const heads = depts.slice(0, 6).map((d) => d.mainHead);
    const cards = await fileLeaves(h, heads.slice(0, 3));
    const before = h.lark.messages.length;

    type Delivery = { key: string; send: () => Promise<unknown> };
    const deliveries: Delivery[] = [];
    const messages: Array<{ messageId: string; who: string; text: string }> = [];
    const people = depts.slice(3, 12).flatMap((d) => [d.mainHead, d.deputies[0]!]);
    people.forEach((who, i) => {
      const text = i % 3 === 0 ? `/请假 12月${10 + i}日 沈阳 汇报工作` : i % 3 === 1 ? '/我是谁' : '/在岗';
      const messageId = `om_dup_${i}`;
      const eventId = `ev_dup_${i}`;
      messages.push({ messageId, who, text });
      for (let k = 0; k < 3; k++) {
        deliveries.push({
          key: messageId,
          send: () =>
            h.events.sendText({ from: h.who(who).openId, chatType: 'p2p', text, messageId, eventId }),
        });
      }
    });
    const tapAnswers = new Map<string, Toast[]>();
    for (const c of cards) {
      const eventId = `ev_dup_tap_${c.item}`;
      tapAnswers.set(c.item, []);
      for (let k = 0; k < 3; k++) {
        deliveries.push({
          key: c.item,
          send: async () => {
            const r = await h.events.tapCard({
              operator: h.who(c.vice).openId,
              messageId: c.card.messageId,
              chatId: `oc_p2p_${h.who(c.vice).openId}`,
              value: buttonValue(c.card.content, '同意'),
              formValue: { comment: '' },
              eventId,
            });
            tapAnswers.get(c.item)!.push(r.response.json as Toast);
          },
        });
      }
    }
    // Out of order, and the copies race each other.
    await Promise.all(shuffle(rng, deliveries).map((d) => d.send()));
    await h.settle();

    for (const m of messages) {
      expect(repliesTo(h, m.messageId), `${m.who}: ${m.text}`).toHaveLength(1);
    }
    const leaveFilers = messages.filter((m) => m.text.startsWith('/请假')).map((m) => m.who);
    for (const who of leaveFilers) {
      expect(Object.values(h.store.data.items).filter((it) => it.submitter === who)).toHaveLength(1);
    }
    for (const c of cards) {
      const item = h.store.data.items[c.item]!;
      expect(item.steps[0]!.responses).toHaveLength(1);
      expect(item.trail.filter((t) => t.action === 'approve')).toHaveLength(1);
      const toasts = tapAnswers.get(c.item)!.map((a) => a.toast);
      expect(toasts.filter((t) => t?.type === 'success')).toHaveLength(1);
      expect(toasts.filter((t) => t?.content === DUPLICATE_TAP)).toHaveLength(2);
    }
    // Nothing the bot sent twice: one message per uuid, and each approval card once.
    const uuids = h.lark.messages.slice(before).map((m) => m.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    const stepCards = h.lark.messages.filter((m) => JSON.stringify(m.content).includes('step.decide'));
    const keys = stepCards.map((m) => {
      const v = JSON.stringify(m.content).match(/"item":"(Q\d+)","step":"(s\d+)"/);
      return `${m.chatId}|${v?.[1]}|${v?.[2]}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
  }, 60_000);
});

describe('races: 50 simultaneous taps on one approval card', () => {
  it('exactly one decision, by the assignee; everyone else gets a refusal toast', async () => {
    const rng = prng(SEED + 1);
    const [c] = await fileLeaves(h, ['cao-min']);
    const { vice, card, item } = c!;
    const approve = buttonValue(card.content, '同意');
    const reject = buttonValue(card.content, '不同意');
    const others = h.org
      .people()
      .map((p) => p.id)
      .filter((id) => id !== vice && h.org.openIdOf(id));
    // 10 taps by the assignee (approve and reject mixed), 40 by others (including the head and the submitter).
    const taps = [
      ...Array.from({ length: 10 }, (_, i) => ({
        who: vice,
        value: i % 2 ? reject : approve,
        comment: i % 2 ? '时间冲突' : '',
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        who: others[i % others.length]!,
        value: i % 2 ? reject : approve,
        comment: '不同意',
      })),
    ];
    const answers = await Promise.all(
      shuffle(rng, taps).map(async (t) => {
        const r = await h.events.tapCard({
          operator: h.who(t.who).openId,
          messageId: card.messageId,
          chatId: `oc_p2p_${h.who(vice).openId}`,
          value: t.value,
          formValue: { comment: t.comment },
        });
        return { who: t.who, answer: t.value.answer, toast: (r.response.json as Toast).toast };
      }),
    );
    await h.settle();

    const step = h.store.data.items[item]!.steps[0]!;
    expect(step.responses).toHaveLength(1);
    expect(step.responses[0]!.actor).toBe(vice);
    const won = answers.filter((a) => a.toast?.type === 'success');
    expect(won).toHaveLength(1);
    expect(won[0]!.who).toBe(vice);
    expect(step.responses[0]!.answer).toBe(won[0]!.answer);
    const refused = answers.filter((a) => a.toast?.type !== 'success');
    expect(refused).toHaveLength(49);
    for (const a of refused) expect(a.toast?.type, JSON.stringify(a)).toBe('warning');
    // Someone else is told it is not theirs, or (once decided) what already happened — never success.
    for (const a of refused.filter((x) => x.who !== vice)) {
      expect(a.toast?.content).toMatch(/不是这一步的办理人|已经办理过了/);
    }
    for (const a of refused.filter((x) => x.who === vice)) expect(a.toast?.content).toContain('已经办理过了');
    // One decision means one move along the route: the head got exactly one card (approve) or none (reject).
    const headCards = cardsIn(h, h.org.head().id).length;
    expect(headCards).toBe(won[0]!.answer === 'approve' ? 1 : 0);
  }, 60_000);
});
