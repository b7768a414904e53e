import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { INTERNAL_ERROR } from '../../src/bot/replies.ts';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { buttons, cardsIn, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Issue 12, point 5: no typed word reaches JavaScript internals. Every command and every form field
// gets the property names of Object.prototype; no answer may show "undefined", "NaN" or "[object", no
// record may hold a prototype, and the process's Object.prototype stays as it was.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'])];
const LEADER = 'chen-lixin';
const FIN = { head: 'yang-fan', deputy: 'zhu-li' };

let h: Harness;
const answers: string[] = [];

beforeAll(async () => {
  h = await startHarness({
    clock: () => NOW,
    floodLimits: { messagesPerMinute: 100_000, tapsPerMinute: 100_000 },
    sendLimits: { perKey: 10_000, perApp: 10_000, windowMs: 1000 },
  });
  // An instruction signed by finance, so /反馈 and /延期 reach their parsers and the report form is live.
  await h.say(LEADER, '/批示 牵头:区财政局 请研究老旧小区改造资金');
  const ack = cardsIn(h, FIN.head).at(-1)!;
  await tap(h, FIN.head, ack.messageId, tapValue(ack.content, '签收'), { responsible: FIN.deputy });
  // A leave waiting on a vice head, so a step card with a comment field is live.
  await h.say('cao-min', '/请假 12月1日至12月3日 北京 参加培训');
});
afterAll(async () => {
  await h.stop();
});

function tapValue(card: unknown, label: string): Record<string, unknown> {
  const b = buttons(card).find((x) => (x.text as { content?: string }).content === label)!;
  return (b.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
}

/** Names of every input of a card's forms. */
function fieldNames(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.name === 'string' && o.tag !== 'button' && o.tag !== 'form') out.push(o.name);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

const BAD = ['undefined', 'NaN', '[object'];
const badIn = (s: string) => BAD.filter((b) => s.includes(b));

describe('Object.prototype’s property names typed anywhere', () => {
  it('every command, with a prototype name in each position it reads a word from', async () => {
    const lines: string[] = [];
    for (const name of NAMES) {
      lines.push(`/${name}`, `/${name} ${name}`);
      for (const c of commands) lines.push(`/${c.aliases[0]} ${name}`);
      lines.push(
        `/反馈 I0001 ${name} 已完成排查`,
        `/反馈 ${name} 已完成排查`,
        `/批示 ${name} 牵头:区财政局 请研究`,
        `/批示 牵头:${name} 请研究`,
        `/批示 领导:${name} 牵头:区财政局 请研究`,
        `/批示 紧急:${name} 牵头:区财政局 请研究`,
        `/建议提案 ${name} 第1号 牵头:区教育局 关于学位的建议`,
        `/建议提案 人大 第1号 牵头:区教育局 限期:${name} 关于学位的建议`,
        `/台账 ${name}:${name}`,
        `/台账 状态:${name}`,
        `/请假 ${name} 12月1日 北京 培训`,
        `/请假 12月1日 ${name} ${name}`,
        `/延期 I0001 ${name} 理由`,
        `/市级会议 ${name} 部门:${name}`,
        `/市级会议 ${name}`,
      );
    }
    const who = ['yang-fan', 'zhu-li', LEADER, 'zheng-hong', 'cao-min', 'he-xin'];
    const before = h.lark.messages.length;
    for (let i = 0; i < lines.length; i += 20) {
      await Promise.all(
        lines
          .slice(i, i + 20)
          .map((text, k) =>
            h.events.sendText({ from: h.who(who[(i + k) % who.length]!).openId, chatType: 'p2p', text }),
          ),
      );
      await h.settle();
    }
    const replies = h.lark.messages.slice(before).map((m) => JSON.stringify(m.content));
    answers.push(...replies);
    expect(replies.length).toBeGreaterThanOrEqual(lines.length);
    const wrong = replies.filter((r) => badIn(r).length > 0 || r.includes(INTERNAL_ERROR('').slice(0, 12)));
    expect(wrong.slice(0, 5)).toEqual([]);
    // Nothing typed became a report kind or a class outside the closed sets.
    const it0 = h.store.data.items.I0001 as InstructionItem;
    for (const r of it0.fields.parts.flatMap((p) => p.reports))
      expect(['progress', 'completion']).toContain(r.kind);
    for (const it of Object.values(h.store.data.items) as InstructionItem[])
      if (it.kind === 'instruction' && it.fields.class)
        expect(['ordinary', 'complex', 'year_long', 'urgent']).toContain(it.fields.class);
  }, 180_000);

  it('every form field, and every form key, set to a prototype name', async () => {
    // The forms: /请假, /批示, /议题, /会议纪要, and the live step cards (report, extension, leave approval).
    for (const [who, text] of [
      ['cao-min', '/请假'],
      [LEADER, '/批示'],
      ['cao-min', '/议题'],
      ['he-xin', '/会议纪要'],
    ] as const)
      await h.say(who, text);
    const holders = ['cao-min', LEADER, 'he-xin', FIN.deputy, FIN.head, 'sun-haiyan'];
    const forms = holders.flatMap((who) =>
      cardsIn(h, who)
        .map((m) => ({ who, messageId: m.messageId, content: h.lark.currentContent(m.messageId) }))
        .filter((m) => buttons(m.content).length > 0),
    );
    expect(forms.length).toBeGreaterThanOrEqual(6);
    let taps = 0;
    for (const f of forms) {
      const fields = fieldNames(f.content);
      for (const b of buttons(f.content)) {
        const value = (b.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
        for (const name of NAMES) {
          const formValue: Record<string, unknown> = Object.fromEntries([
            ...fields.map((k) => [k, name]),
            [name, name],
          ]);
          const r = await tap(h, f.who, f.messageId, value, formValue);
          taps++;
          const text = JSON.stringify(r);
          answers.push(text);
          expect(badIn(text), `${value.action} ${name}: ${text.slice(0, 300)}`).toEqual([]);
          expect(r.toast.content).not.toContain(INTERNAL_ERROR('').slice(0, 12));
        }
      }
    }
    expect(taps).toBeGreaterThan(100);
  }, 180_000);

  it('leaves Object.prototype untouched and every message of the run free of internals', async () => {
    await h.settle();
    expect(Object.isFrozen(Object.prototype)).toBe(false);
    expect(Object.keys(Object.prototype)).toEqual([]);
    const all = h.lark.messages.map((m) => JSON.stringify(h.lark.currentContent(m.messageId)));
    expect(all.filter((s) => badIn(s).length > 0).slice(0, 3)).toEqual([]);
    expect(answers.length).toBeGreaterThan(500);
  });
});
