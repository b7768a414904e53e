import {
  type CardTapInput,
  cardEvent,
  type MenuInput,
  type MessageEventInput,
  menuEvent,
  messageEvent,
  newEventId,
  type PostEventInput,
  postContent,
  textContent,
} from './event-bodies.ts';
import { newCardToken, randomHex, tenantKeyOf } from './ids.ts';
import { encryptEvent, signEvent } from './lark-crypto.ts';
import type { PushResult, SandboxLongConnection } from './long-connection.ts';

export type { CardTapInput, MenuInput, MessageEventInput, PostEventInput } from './event-bodies.ts';

export interface EventSenderOptions {
  /** the bot's webhook, e.g. http://127.0.0.1:3000/lark/events (not needed with a `transport`) */
  eventsUrl?: string;
  encryptKey: string;
  verificationToken: string;
  appId: string;
  botOpenId: string;
  botName: string;
  tenantKey?: string;
  /** how long to wait for the bot's answer (Lark itself gives up after 3 s) */
  timeoutMs?: number;
  /** The sandbox Lark the bot talks to: user messages are registered there so the bot can reply to them. */
  lark?: UserMessageSink;
  /** How messages, taps and menu clicks reach the bot when not through `eventsUrl` (the long connection). */
  transport?: EventTransport;
}

/** A way for events to reach the bot other than its webhook; answers in the webhook's terms. */
export interface EventTransport {
  deliver(envelope: EventEnvelope): Promise<PostResult>;
}

/**
 * Events through the sandbox's long connection, the answer told as the webhook would: 200 with the
 * ACK's data, the ACK's own code when the handler failed, 504 when no ACK came within Lark's 3 s,
 * 503 when no connection was open (Lark keeps an event for later; a tap is lost).
 */
export function longConnectionTransport(lc: SandboxLongConnection): EventTransport {
  const statusOf = (r: PushResult) => {
    if (r.acked) return r.code ?? 200;
    return r.delivered ? 504 : 503;
  };
  return {
    async deliver(envelope) {
      const r = await lc.push(envelope);
      const text = r.data === undefined ? '' : JSON.stringify(r.data);
      return { status: statusOf(r), headers: {}, text, ...(r.data === undefined ? {} : { json: r.data }) };
    },
  };
}

export interface UserMessageSink {
  /** A tap answered with a card: shown in place of the tapped card, as Lark does. */
  applyTapAnswer?(messageId: string, card: unknown): void;
  recordUserMessage(message: {
    messageId: string;
    chatId: string;
    from: string;
    msgType: string;
    content: unknown;
  }): void;
}

export interface EventHeader {
  event_id: string;
  event_type: string;
  create_time: string;
  token: string;
  app_id: string;
  tenant_key: string;
}

export interface EventEnvelope {
  schema: '2.0';
  header: EventHeader;
  event: unknown;
}

export interface PostOptions {
  encrypt?: boolean;
  /** seconds */
  timestamp?: number;
  nonce?: string;
  /** sent instead of the real signature (forgery tests) */
  signature?: string;
  /** tampers with the body after it was signed */
  mutateRaw?: (raw: string) => string;
}

export interface PostResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json?: unknown;
}

export interface EventSender {
  envelope(eventType: string, event: unknown, overrides?: Partial<EventHeader>): EventEnvelope;
  encrypt(obj: unknown): string;
  sign(timestamp: number | string, nonce: string, rawBody: string | Buffer): string;
  post(obj: unknown, opts?: PostOptions): Promise<PostResult>;
  /** The bytes and headers `post` would send, without sending them (load generators time only the request). */
  prepare(obj: unknown, opts?: PostOptions): { body: string; headers: Record<string, string> };
  /** The envelope of a card tap, as `tapCard` posts it. */
  tapEnvelope(input: CardTapInput): EventEnvelope;
  sendText(
    input: MessageEventInput,
    opts?: PostOptions,
  ): Promise<{ eventId: string; messageId: string; response: PostResult }>;
  sendPost(
    input: PostEventInput,
    opts?: PostOptions,
  ): Promise<{ eventId: string; messageId: string; response: PostResult }>;
  tapCard(
    input: CardTapInput,
    opts?: PostOptions,
  ): Promise<{ eventId: string; token: string; response: PostResult }>;
  menu(input: MenuInput, opts?: PostOptions): Promise<{ eventId: string; response: PostResult }>;
  challenge(value: string, opts?: { encrypt?: boolean }): Promise<PostResult>;
}

export function createEventSender(options: EventSenderOptions): EventSender {
  const { encryptKey, verificationToken, appId, botOpenId, botName } = options;
  const tenantKey = options.tenantKey ?? tenantKeyOf(appId);
  const bot = { botOpenId, botName, tenantKey };

  const sender: EventSender = {
    envelope: (eventType, event, overrides = {}) => ({
      schema: '2.0',
      header: {
        event_id: newEventId(),
        event_type: eventType,
        create_time: String(Date.now()),
        token: verificationToken,
        app_id: appId,
        tenant_key: tenantKey,
        ...overrides,
      },
      event,
    }),
    encrypt: (obj) => encryptEvent(encryptKey, obj),
    sign: (timestamp, nonce, rawBody) => signEvent(String(timestamp), nonce, encryptKey, rawBody),
    post: (obj, opts = {}) => post(obj, opts),
    prepare: (obj, opts = {}) => prepare(obj, opts),
    tapEnvelope: (input) =>
      envelopeWithId(
        'card.action.trigger',
        cardEvent(tenantKey, input, input.token ?? newCardToken()),
        input.eventId,
      ),
    sendText: (input, opts) => sendMessage(input, 'text', textContent(input), opts),
    sendPost: (input, opts) => sendMessage(input, 'post', postContent(input, botName), opts),
    async tapCard(input, opts) {
      const token = input.token ?? newCardToken();
      const body = envelopeWithId('card.action.trigger', cardEvent(tenantKey, input, token), input.eventId);
      const response = await deliver(body, opts);
      // Lark shows a card the answer carries in place of the tapped one (only an answer that arrived).
      const answer = response.json as { card?: { type?: string; data?: unknown } } | undefined;
      if (response.status === 200 && answer?.card?.type === 'raw' && answer.card.data !== undefined)
        options.lark?.applyTapAnswer?.(input.messageId, answer.card.data);
      return { eventId: body.header.event_id, token, response };
    },
    async menu(input, opts) {
      const body = envelopeWithId('application.bot.menu_v6', menuEvent(input), input.eventId);
      return { eventId: body.header.event_id, response: await deliver(body, opts) };
    },
    challenge: (value, { encrypt = true } = {}) =>
      post({ challenge: value, token: verificationToken, type: 'url_verification' }, { encrypt }),
  };

  function envelopeWithId(eventType: string, event: unknown, eventId: string | undefined): EventEnvelope {
    return sender.envelope(eventType, event, eventId ? { event_id: eventId } : {});
  }

  async function sendMessage(
    input: MessageEventInput,
    messageType: 'text' | 'post',
    content: unknown,
    opts: PostOptions | undefined,
  ) {
    const event = messageEvent(bot, input, messageType, content);
    const body = envelopeWithId('im.message.receive_v1', event, input.eventId);
    const { message_id: messageId, chat_id: chatId } = event.message as {
      message_id: string;
      chat_id: string;
    };
    options.lark?.recordUserMessage({ messageId, chatId, from: input.from, msgType: messageType, content });
    return { eventId: body.header.event_id, messageId, response: await deliver(body, opts) };
  }

  // Signing and encryption options belong to the webhook; the long connection carries plain JSON.
  function deliver(body: EventEnvelope, opts: PostOptions | undefined): Promise<PostResult> {
    return options.transport ? options.transport.deliver(body) : post(body, opts);
  }

  function prepare(obj: unknown, opts: PostOptions = {}): { body: string; headers: Record<string, string> } {
    const { encrypt = true, timestamp = Math.floor(Date.now() / 1000), nonce = randomHex(8) } = opts;
    const signed = JSON.stringify(encrypt ? { encrypt: sender.encrypt(obj) } : obj);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = opts.signature ?? (encryptKey ? sender.sign(timestamp, nonce, signed) : undefined);
    if (signature !== undefined) {
      Object.assign(headers, {
        'X-Lark-Request-Timestamp': String(timestamp),
        'X-Lark-Request-Nonce': nonce,
        'X-Lark-Signature': signature,
      });
    }
    return { body: opts.mutateRaw ? opts.mutateRaw(signed) : signed, headers };
  }

  async function post(obj: unknown, opts: PostOptions = {}): Promise<PostResult> {
    const { body, headers } = prepare(obj, opts);
    if (!options.eventsUrl) throw new Error('this event sender has no webhook (eventsUrl) to post to');
    const res = await fetch(options.eventsUrl, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), text, ...parsed(text) };
  }

  return sender;
}

function parsed(text: string): { json?: unknown } {
  try {
    return text ? { json: JSON.parse(text) } : {};
  } catch {
    return {};
  }
}
