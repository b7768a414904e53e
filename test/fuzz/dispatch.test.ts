import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_ERROR } from '../../src/bot/replies.ts';
import { commandish } from '../helpers/faults-arbitraries.ts';
import { seedFromEnv } from '../helpers/faults-prng.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// 300 random texts (seeded) through the real pipeline, from leaders, heads and staff alike: each gets
// exactly one answer (a result, a usage reply or the help hint), never the internal-error apology.
const SEED = seedFromEnv(20261129);
const NOW = new Date('2026-11-26T10:00:00+08:00');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    clock: () => NOW,
    floodLimits: { messagesPerMinute: 10_000, tapsPerMinute: 10_000 },
    sendLimits: { perKey: 1000, perApp: 1000, windowMs: 1000 },
  });
});
afterAll(async () => {
  await h.stop();
});

describe('fuzz: random text through the dispatcher', () => {
  it('answers each of 300 random messages once, and never with the internal-error apology', async () => {
    // Known command words with random arguments, so most texts reach a command's own parser.
    const words = [
      '请假',
      '销假',
      '在岗',
      '出访报告',
      '批示',
      '反馈',
      '延期',
      '市级会议',
      '建议提案',
      '台账',
      '我的待办',
      '议题',
      '会议纪要',
      '我是谁',
      '帮助',
      'leave',
      'help',
    ];
    const text = fc.oneof(
      commandish,
      fc.tuple(fc.constantFrom(...words), commandish).map(([w, t]) => `/${w} ${t}`),
    );
    const texts = fc.sample(text, { numRuns: 300, seed: SEED });
    const people = h.org
      .people()
      .map((p) => p.id)
      .filter((id) => h.org.openIdOf(id));
    const sent: Array<{ who: string; text: string; messageId: string }> = [];
    for (let i = 0; i < texts.length; i += 25) {
      const batch = texts.slice(i, i + 25).map(async (t, k) => {
        const who = people[(i + k) % people.length]!;
        const r = await h.events.sendText({ from: h.who(who).openId, chatType: 'p2p', text: t });
        expect(r.response.status).toBe(200);
        sent.push({ who, text: t, messageId: r.messageId });
      });
      await Promise.all(batch);
      await h.settle();
    }
    const apology = INTERNAL_ERROR('').slice(0, 12);
    const wrong = sent.flatMap((s) => {
      const replies = h.lark.messages.filter((m) => m.replyTo === s.messageId);
      const bad = replies.length !== 1 || replies.some((m) => JSON.stringify(m.content).includes(apology));
      return bad ? [{ ...s, replies: replies.map((m) => JSON.stringify(m.content).slice(0, 120)) }] : [];
    });
    expect(wrong).toEqual([]);
  }, 120_000);
});
