import { charCount, INPUT_LIMITS } from './limits.ts';

/** A Lark event reduced to what the bot acts on, whichever transport brought it. */
export type Inbound =
  | {
      kind: 'message';
      eventId: string;
      messageId: string;
      chatId: string;
      chatType: 'p2p' | 'group';
      sender: string;
      /** At most INPUT_LIMITS.message + 1 characters: what is longer is refused, not kept or parsed. */
      text: string;
      /** The length of the text as sent, when it was cut. */
      textLength?: number;
      /** In a group, whether the bot was @mentioned (it only answers then). */
      mentionedBot: boolean;
      createTime: number;
    }
  | { kind: 'menu'; eventId: string; sender: string; key: string; createTime: number }
  | {
      kind: 'card';
      eventId: string;
      operator: string;
      messageId: string;
      chatId: string;
      value: unknown;
      formValue?: Record<string, unknown>;
      /** The callback's update token: one per tap, the same when Lark delivers that tap again. */
      token?: string;
      createTime: number;
    }
  /** A change in Lark's directory (someone joined, left or changed; a department's leaders changed). */
  | { kind: 'directory'; eventId: string; eventType: string; createTime: number };

/** The contact change events the org sync follows (when the app subscribes to them). */
export const CONTACT_EVENT_TYPES = [
  'contact.user.created_v3',
  'contact.user.updated_v3',
  'contact.user.deleted_v3',
  'contact.department.updated_v3',
] as const;

export interface Envelope {
  header: { event_id?: string; event_type?: string; create_time?: string; token?: string };
  event: Record<string, unknown>;
}

type Mention = { key?: string; id?: { open_id?: string } };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Text of a text or rich-text (post) message; post content may come with or without a locale wrapper. */
export function messageText(messageType: string, content: string, botKeys: Set<string>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return '';
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  if (messageType === 'text') {
    let text = str((parsed as { text?: unknown }).text);
    for (const key of botKeys) text = text.split(key).join(' ');
    return text.replace(/\s+/g, ' ').trim();
  }
  if (messageType === 'post') {
    const p = parsed as Record<string, unknown>;
    const body = (
      Array.isArray(p.content)
        ? p
        : (Object.values(p).find((v) => Array.isArray((v as { content?: unknown } | null)?.content)) ?? {})
    ) as {
      content?: unknown;
    };
    const lines = Array.isArray(body.content) ? body.content : [];
    const text = lines
      .map((line) =>
        (Array.isArray(line) ? line.filter((el) => el !== null && typeof el === 'object') : [])
          .map((el: { tag?: string; text?: string; user_id?: string }) =>
            el.tag === 'text' || el.tag === 'a'
              ? str(el.text)
              : el.tag === 'at' && !botKeys.has(str(el.user_id))
                ? `@${str(el.user_id)}`
                : ' ',
          )
          .join(''),
      )
      .join('\n');
    return text.replace(/[ \t]+/g, ' ').trim();
  }
  return '';
}

/** Turns a schema 2.0 envelope into an Inbound; undefined for events the bot does not handle. */
export function normalise(env: Envelope, botOpenId: string): Inbound | undefined {
  const h = env.header;
  const e = env.event;
  const eventId = str(h.event_id);
  const createTime = Number(h.create_time) || Date.now();
  switch (h.event_type) {
    case 'im.message.receive_v1': {
      const m = (e.message ?? {}) as Record<string, unknown>;
      const sender = (e.sender ?? {}) as { sender_id?: { open_id?: string }; sender_type?: string };
      if (sender.sender_type && sender.sender_type !== 'user') return undefined;
      const mentions = (Array.isArray(m.mentions) ? m.mentions.filter((x) => x !== null) : []) as Mention[];
      const botKeys = new Set(mentions.filter((x) => x.id?.open_id === botOpenId).map((x) => str(x.key)));
      const chatType = m.chat_type === 'group' ? 'group' : 'p2p';
      const text = messageText(str(m.message_type), str(m.content), botKeys);
      const cut = text.length > INPUT_LIMITS.message;
      return {
        kind: 'message',
        eventId,
        messageId: str(m.message_id),
        chatId: str(m.chat_id),
        chatType,
        sender: str(sender.sender_id?.open_id),
        text: cut ? text.slice(0, INPUT_LIMITS.message + 1) : text,
        ...(cut ? { textLength: charCount(text) } : {}),
        mentionedBot: botKeys.size > 0,
        createTime,
      };
    }
    case 'application.bot.menu_v6': {
      const op = (e.operator ?? {}) as { operator_id?: { open_id?: string } };
      return {
        kind: 'menu',
        eventId,
        sender: str(op.operator_id?.open_id),
        key: str(e.event_key),
        createTime,
      };
    }
    case 'card.action.trigger': {
      const op = (e.operator ?? {}) as { open_id?: string };
      const action = (e.action ?? {}) as { value?: unknown; form_value?: Record<string, unknown> };
      const ctx = (e.context ?? {}) as { open_message_id?: string; open_chat_id?: string };
      return {
        kind: 'card',
        eventId,
        operator: str(op.open_id),
        messageId: str(ctx.open_message_id),
        chatId: str(ctx.open_chat_id),
        value: action.value,
        formValue: action.form_value,
        ...(typeof e.token === 'string' && e.token ? { token: e.token } : {}),
        createTime,
      };
    }
    default:
      return (CONTACT_EVENT_TYPES as readonly string[]).includes(str(h.event_type))
        ? { kind: 'directory', eventId, eventType: str(h.event_type), createTime }
        : undefined;
  }
}

/**
 * Keys under which an inbound is remembered: Lark may re-push with a new event_id, so messages use
 * message_id too, and taps their callback token.
 */
export function dedupeKeys(inb: Inbound): string[] {
  const keys = [`e:${inb.eventId}`];
  if (inb.kind === 'message' && inb.messageId) keys.push(`m:${inb.messageId}`);
  // A tap delivered again under a fresh event_id keeps its callback token: honoured once.
  if (inb.kind === 'card' && inb.token) keys.push(`t:${inb.token}`);
  return keys.filter((k) => k.length > 2);
}
