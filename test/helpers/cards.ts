import { checkCard } from '../../src/lark/card-rules.ts';
import type { Harness } from './harness.ts';

/** A whole card a test looks at (a builder's output) is checked against Card JSON 2.0 as well. */
function checked(card: unknown): void {
  if ((card as { schema?: unknown } | null)?.schema === '2.0') checkCard(card, 'a built');
}

type Json = Record<string, unknown>;

/** Every button in a card (inside forms and columns too). */
export function buttons(card: unknown): Json[] {
  checked(card);
  const out: Json[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.tag === 'button') out.push(n);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

export function buttonValue(card: unknown, label: string): Json {
  const b = buttons(card).find((x) => (x.text as { content?: string })?.content === label);
  if (!b) throw new Error(`no button "${label}" in card: ${JSON.stringify(card).slice(0, 400)}`);
  return ((b.behaviors as Array<{ value: Json }>)[0]?.value ?? {}) as Json;
}

/** All markdown/plain text of a card, joined, for assertions. */
export function cardText(card: unknown): string {
  checked(card);
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n.content === 'string') parts.push(n.content);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return parts.join('\n');
}

/** The interactive messages in a person's p2p chat (or a chat id), newest last. */
export function cardsIn(h: Harness, personOrChat: string) {
  return h.inbox(personOrChat).filter((m) => m.msgType === 'interactive');
}

/** Taps a button on a message as a person; returns the bot's JSON answer. */
export async function tap(
  h: Harness,
  personId: string,
  messageId: string,
  value: Json,
  formValue?: Json,
  opts: { eventId?: string } = {},
) {
  const msg = h.lark.messageById(messageId);
  const r = await h.events.tapCard({
    operator: h.who(personId).openId,
    messageId,
    chatId: msg?.chatId ?? 'oc_unknown',
    value,
    formValue,
    eventId: opts.eventId,
  });
  await h.settle();
  return {
    ...(r.response.json as { toast: { type: string; content: string }; card?: { data: unknown } }),
    eventId: r.eventId,
  };
}
