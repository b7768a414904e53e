import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { splitCommand } from '../../src/bot/command.ts';
import { INTERNAL_ERROR } from '../../src/bot/replies.ts';
import { buttons } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Whatever an official types comes back as text: never a ping to everyone (`<at id=all>` in cards,
// `<at user_id="all">` in text messages) and never as markdown. Every free-text field is reached: the
// argument of every command's usage line, every input of every form card the bot sends, and the comment
// of every step card, pressed by whoever the card was sent to.
const PAYLOAD = '<at user_id="all"></at><at id=all></at>**粗**[链](x)';
const RAW_AT = /<\s*at\b/i;
const RAW_MARKDOWN = ['**粗**', '[链](x)'];
const ESCAPED = '&#42;&#42;粗&#42;&#42;';

type Json = Record<string, unknown>;
let now = new Date('2026-11-26T10:00:00+08:00');
let h: Harness;
/** Cards the bot answered taps with (they replace the tapped card in place). */
const toastCards: unknown[] = [];
const toastTexts: string[] = [];

beforeAll(async () => {
  h = await startHarness({
    clock: () => now,
    floodLimits: { messagesPerMinute: 1000, tapsPerMinute: 1000 },
    // Lark's send limits only slow this sweep down; they are tested in test/faults.
    sendLimits: { perKey: 1000, perApp: 1000, windowMs: 1000 },
  });
});
afterAll(async () => {
  await h.stop();
});

/** Usage lines as typed (the trailing （…） or — note removed). */
const usageLines = commands.flatMap((c) =>
  c.usage.map((u) =>
    u
      .replace(/[\s\u3000]*（[^）]*）\s*$/, '')
      .replace(/\s+—\s.*$/, '')
      .trim(),
  ),
);

/** The first of a few people the command lets in (most are for anyone, some for leaders only). */
function senderFor(text: string): string {
  const word = splitCommand(text)?.word ?? '';
  const command = commands.find((c) => [c.name, ...c.aliases].includes(word));
  return (
    ['yang-fan', 'zhou-jianguo', 'zheng-hong', 'li-mingyuan'].find((id) => {
      const person = h.org.person(id)!;
      const actor = { person, openId: h.org.openIdOf(id)!, role: h.org.primaryRole(id) };
      return command?.who.allows({ actor, org: h.org }) ?? true;
    }) ?? 'yang-fan'
  );
}

/** form_value for a submit button: every input holds the payload, every choice its first option. */
function formValueFor(card: unknown, button: Json): Json | undefined {
  let found: Json | undefined;
  const walk = (node: unknown, form: Json | undefined) => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x, form);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    const inForm = n.tag === 'form' ? n : form;
    if (n === button) found = inForm;
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v, inForm);
  };
  walk(card, undefined);
  if (!found) return undefined;
  const values: Json = {};
  const fill = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(fill);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    const name = n.name as string | undefined;
    const first = (n.options as Array<{ value: string }> | undefined)?.[0]?.value;
    if (name && n.tag === 'input') {
      // Typed dates stay dates, or the submission stops at the date check before the text is used.
      values[name] = /date|start|end|due|until/i.test(name)
        ? '2026-12-15'
        : [...PAYLOAD].slice(0, Number(n.max_length) || 1000).join('');
    }
    if (name && n.tag === 'select_static') values[name] = (n.initial_option as string) ?? first;
    if (name && n.tag === 'multi_select_static') values[name] = first ? [first] : [];
    if (name && n.tag === 'date_picker') values[name] = `${(n.initial_date as string) ?? '2026-12-15'} +0800`;
    for (const v of Object.values(n)) if (typeof v === 'object') fill(v);
  };
  fill(found.elements);
  return values;
}

const pressed = new Set<string>();

/** Presses every button not pressed yet on every card in a person's chat, as that person. */
async function pressEverything(): Promise<number> {
  let count = 0;
  for (const m of [...h.lark.messages]) {
    if (m.msgType !== 'interactive' || !m.chatId.startsWith('oc_p2p_')) continue;
    const person = h.org.personByOpenId(m.chatId.slice('oc_p2p_'.length))?.id;
    if (!person) continue;
    const content = h.lark.currentContent(m.messageId);
    // Refusing answers first (they carry the comment), so the route is walked with text at every step.
    const all = buttons(content).sort((a, b) => weight(a) - weight(b));
    for (const b of all) {
      const value = (b.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value;
      const key = `${m.messageId}|${JSON.stringify(value)}`;
      if (!value || pressed.has(key)) continue;
      pressed.add(key);
      const r = await h.events.tapCard({
        operator: h.who(person).openId,
        messageId: m.messageId,
        chatId: m.chatId,
        value,
        formValue: formValueFor(content, b) ?? { comment: PAYLOAD },
      });
      const json = r.response.json as { toast?: { content?: string }; card?: { data?: unknown } };
      if (json.card?.data) toastCards.push(json.card.data);
      toastTexts.push(json.toast?.content ?? '');
      count++;
      await h.settle();
      break; // the card has changed; look at it again next round
    }
  }
  return count;
}

function weight(b: Json): number {
  const answer = ((b.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value?.answer as string) ?? '';
  return ['reject', 'disagree', 'agree_with_comments'].includes(answer) ? 0 : 1;
}

/** Every piece of text the bot ever sent: message contents, every patch, every card answered to a tap. */
function everythingSent(): Array<{ where: string; content: unknown }> {
  return [
    ...h.lark.messages.flatMap((m) => [
      { where: `${m.msgType} ${m.messageId} in ${m.chatId}`, content: m.content },
      ...m.patches.map((p, i) => ({ where: `patch ${i} of ${m.messageId}`, content: p.content })),
    ]),
    ...toastCards.map((c, i) => ({ where: `card answered to tap ${i}`, content: c })),
  ];
}

function markdownOf(content: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.tag === 'markdown' && typeof n.content === 'string') out.push(n.content);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(content);
  return out;
}

/**
 * The sweep every check below looks at, run once by whichever check comes first (so each check, also
 * run alone, sees what the bot sent): every command line and form with the payload, every button pressed.
 */
let swept: Promise<void> | undefined;
const sweep = () => {
  swept ??= sweepOnce();
  return swept;
};
async function sweepOnce(): Promise<void> {
  // A visit abroad that ends, so /出访报告 has something to report on (§67).
  await h.say('yang-fan', `/请假 出访 11月27日 香港 考察 ${PAYLOAD}`);
  for (let i = 0; i < 2; i++) {
    for (const who of ['liu-zhiqiang', 'zhou-jianguo']) {
      const card = h
        .inbox(who)
        .reverse()
        .find((m) => buttons(m.content).some((b) => JSON.stringify(b).includes('"approve"')));
      const approve = card && buttons(card.content).find((b) => JSON.stringify(b).includes('"approve"'));
      if (!card || !approve) continue;
      const value = (approve.behaviors as Array<{ value: Json }>)[0]!.value;
      await h.events.tapCard({
        operator: h.who(who).openId,
        messageId: card.messageId,
        chatId: `oc_p2p_${h.who(who).openId}`,
        value,
        formValue: { comment: '' },
      });
      await h.settle();
    }
  }
  now = new Date('2026-11-28T10:00:00+08:00');
  await h.say('yang-fan', '/销假');
  await h.say('yang-fan', `/出访报告 ${PAYLOAD}`);
  expect(h.lastText('yang-fan')).toContain('已提交出访工作总结');

  // Every command line with the payload as its free text; a leave whose destination is markdown.
  for (const line of usageLines) {
    // Bare commands answer with their form cards, which the sweep below fills in.
    if (!line.includes(' ')) await h.say(senderFor(line), line);
    await h.say(senderFor(line), `${line} ${PAYLOAD}`);
  }
  await h.say('cao-min', `/请假 12月20日 **北京**[链](x) ${PAYLOAD}`);
  await h.say('cao-min', `/${PAYLOAD}`);

  // Every button on every card, by its recipient, with every input filled with the payload.
  for (let round = 0; round < 6 && (await pressEverything()) > 0; round++) {}
}

// The sweep takes a while on a busy machine; whichever check runs first waits for it.
describe('markdown and @all injection in every free-text field', { timeout: 180_000 }, () => {
  it('reaches the fields: commands, forms, comments, the trip report', async () => {
    await sweep();
    expect(toastTexts.length).toBeGreaterThan(10);

    // The payload really went in where it should: a reject reason, a form's destination, a trip report.
    const items = Object.values(h.store.data.items);
    expect(items.some((it) => it.trail.some((t) => t.comment?.includes(PAYLOAD.slice(0, 20))))).toBe(true);
    const leaves = items.filter((it) => it.kind === 'leave') as Array<{ fields: Record<string, unknown> }>;
    expect(leaves.some((l) => String(l.fields.destination).includes('<at user_id'))).toBe(true);
    expect(leaves.some((l) => JSON.stringify(l.fields.tripReport ?? '').includes('<at user_id'))).toBe(true);
  });

  it('no message, patch or card the bot sent contains a raw <at built from user input', async () => {
    await sweep();
    // Reported once per kind of place (title of the card or start of the text, and the JSON path).
    const offending = new Set<string>();
    const walk = (node: unknown, path: string, label: string) => {
      if (typeof node === 'string') {
        if (RAW_AT.test(node))
          offending.add(`${label} ${path.replace(/\[\d+\]/g, '[]')}: ${node.slice(0, 50)}`);
      } else if (Array.isArray(node)) {
        for (const [i, x] of node.entries()) walk(x, `${path}[${i}]`, label);
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, label);
      }
    };
    const sent = everythingSent();
    expect(sent.length).toBeGreaterThan(100);
    // The payload reached what the bot sent (escaped), so the walk below has something to look at.
    expect(sent.filter((s) => JSON.stringify(s.content).includes('粗')).length).toBeGreaterThan(10);
    for (const s of sent) {
      const c = s.content as { header?: { title?: { content?: string } }; text?: string };
      walk(s.content, '', `«${(c.header?.title?.content ?? c.text ?? '').slice(0, 6)}»`);
    }
    expect([...offending].sort()).toEqual([]);
  });

  it('card markdown shows what was typed escaped, never as formatting or links', async () => {
    await sweep();
    const all = everythingSent().flatMap((s) => markdownOf(s.content).map((md) => ({ where: s.where, md })));
    expect(all.length).toBeGreaterThan(50);
    const raw = all.filter(({ md }) => RAW_MARKDOWN.some((r) => md.includes(r)));
    expect(raw.map((r) => `${r.where}: ${r.md.slice(0, 120)}`)).toEqual([]);
    expect(all.some(({ md }) => md.includes(ESCAPED))).toBe(true);
  });

  it('nothing in the sweep ended in the internal-error apology', async () => {
    await sweep();
    const apology = INTERNAL_ERROR('').slice(0, 12);
    const all = [...toastTexts, ...h.lark.messages.map((m) => JSON.stringify(m.content))];
    expect(toastTexts.length).toBeGreaterThan(10);
    expect(all.filter((t) => t.includes(apology))).toEqual([]);
  });
});
