import { randomBytes } from 'node:crypto';
import { cardEvent, messageEvent, textContent } from '../../src/sandbox/event-bodies.ts';
import { tenantKeyOf } from '../../src/sandbox/ids.ts';
import { BOT_NAME, BOT_OPEN_ID, type Harness } from './harness.ts';

// The harness's app id (events carry it; the bot does not check it, the signature covers it).
const APP_ID = 'cli_0123456789abcdef';

/** One signed, encrypted request exactly as it went over the wire, so it can be sent again byte for byte. */
export interface RawRequest {
  body: string;
  headers: Record<string, string>;
}

export function signedRequest(h: Harness, envelope: unknown, timestampSec = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify({ encrypt: h.events.encrypt(envelope) });
  const nonce = randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'X-Lark-Request-Timestamp': String(timestampSec),
      'X-Lark-Request-Nonce': nonce,
      'X-Lark-Signature': h.events.sign(timestampSec, nonce, body),
    },
  } satisfies RawRequest;
}

export async function sendRaw(h: Harness, r: RawRequest): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h.url}/lark/events`, { method: 'POST', headers: r.headers, body: r.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

/** A p2p text message event from `openId`; the message is registered with the sandbox so replies land. */
export function messageEnvelope(h: Harness, openId: string, text: string) {
  const bot = { botOpenId: BOT_OPEN_ID, botName: BOT_NAME, tenantKey: tenantKeyOf(APP_ID) };
  const input = { from: openId, chatType: 'p2p' as const, text };
  const event = messageEvent(bot, input, 'text', textContent(input));
  const m = event.message as { message_id: string; chat_id: string };
  h.lark.recordUserMessage({
    messageId: m.message_id,
    chatId: m.chat_id,
    from: openId,
    msgType: 'text',
    content: textContent(input),
  });
  return { envelope: h.events.envelope('im.message.receive_v1', event), messageId: m.message_id };
}

export function tapEnvelope(
  h: Harness,
  o: {
    operator: string;
    messageId: string;
    chatId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
  },
) {
  const event = cardEvent(tenantKeyOf(APP_ID), o, `c-${randomBytes(16).toString('hex')}`);
  return h.events.envelope('card.action.trigger', event);
}
