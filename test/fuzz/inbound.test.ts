import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Envelope, messageText, normalise } from '../../src/bot/inbound.ts';
import { larkSignature, verifyRequest } from '../../src/http/verify.ts';
import { encryptEvent } from '../../src/sandbox/lark-crypto.ts';
import { anyValue, mixedText } from '../helpers/faults-arbitraries.ts';
import { seedFromEnv } from '../helpers/faults-prng.ts';

// Random envelopes, message contents, bodies and headers: the transport answers with a value (an
// Inbound, nothing, or a refusal with its status), never a throw.
const RUNS = { numRuns: 10_000, seed: seedFromEnv(20261128) };
const KEY = 'fuzz-encrypt-key';
const TOKEN = 'fuzz-token';
const BOT = 'ou_bot';
const EVENT_TYPES = [
  'im.message.receive_v1',
  'card.action.trigger',
  'application.bot.menu_v6',
  'im.chat.member.bot.added_v1',
];

/** JSON shaped like Lark's text and post contents, with anything where a field should be. */
const postElement = fc.oneof(
  fc.record(
    { tag: fc.constantFrom('text', 'a', 'at', 'img', 'emotion'), text: anyValue, user_id: anyValue },
    { requiredKeys: [] },
  ),
  anyValue,
);
const postBody = fc.record(
  {
    title: anyValue,
    content: fc.oneof(fc.array(fc.array(postElement, { maxLength: 4 }), { maxLength: 3 }), anyValue),
  },
  { requiredKeys: [] },
);
const content = fc.oneof(
  mixedText(),
  fc.record({ text: fc.oneof(mixedText(), anyValue) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  postBody.map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('zh_cn', 'en_us', 'ja_jp', 'x'), postBody).map((v) => JSON.stringify(v)),
  anyValue.map((v) => JSON.stringify(v) ?? 'undefined'),
);
const botKeys = fc
  .array(fc.constantFrom('@_user_1', '@_user_2', '', '@'), { maxLength: 2 })
  .map((k) => new Set(k));

const event = fc.oneof(
  fc.record(
    {
      sender: fc.oneof(
        fc.record(
          { sender_id: fc.oneof(fc.record({ open_id: anyValue }), anyValue), sender_type: anyValue },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      message: fc.oneof(
        fc.record(
          {
            message_id: anyValue,
            chat_id: anyValue,
            chat_type: fc.constantFrom('p2p', 'group', 'topic', 7),
            message_type: fc.constantFrom('text', 'post', 'image', 'interactive'),
            content: fc.oneof(content, anyValue),
            mentions: fc.oneof(
              fc.array(
                fc.record(
                  {
                    key: anyValue,
                    id: fc.oneof(fc.record({ open_id: fc.constantFrom(BOT, 'ou_x') }), anyValue),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 3 },
              ),
              anyValue,
            ),
          },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      operator: anyValue,
      action: fc.oneof(fc.record({ value: anyValue, form_value: anyValue }, { requiredKeys: [] }), anyValue),
      context: anyValue,
      event_key: anyValue,
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(mixedText(3), anyValue),
);
const envelope = fc.record({
  header: fc.record(
    {
      event_id: anyValue,
      event_type: fc.oneof(fc.constantFrom(...EVENT_TYPES), anyValue),
      create_time: anyValue,
      token: anyValue,
    },
    { requiredKeys: [] },
  ),
  event,
});

describe('fuzz: inbound normalisation', () => {
  it('messageText always answers a string', () => {
    fc.assert(
      fc.property(fc.constantFrom('text', 'post', 'image', ''), content, botKeys, (type, c, keys) => {
        expect(typeof messageText(type, c, keys)).toBe('string');
      }),
      RUNS,
    );
  });

  it('normalise answers an Inbound with string fields, or nothing', () => {
    fc.assert(
      fc.property(envelope, (env) => {
        const r = normalise(env as unknown as Envelope, BOT);
        if (r === undefined) return;
        expect(['message', 'menu', 'card']).toContain(r.kind);
        expect(typeof r.eventId).toBe('string');
        expect(typeof r.createTime).toBe('number');
        if (r.kind === 'message')
          expect(typeof r.text + typeof r.sender + typeof r.messageId).toBe('stringstringstring');
      }),
      RUNS,
    );
  });
});

describe('fuzz: request verification', () => {
  const headerValue = fc.oneof(
    mixedText(4),
    fc.array(mixedText(3), { maxLength: 2 }),
    fc.constant(undefined),
    fc.integer({ min: 0, max: 2e9 }).map(String),
  );
  const headers = fc.record(
    {
      'x-lark-request-timestamp': headerValue,
      'x-lark-request-nonce': headerValue,
      'x-lark-signature': headerValue,
      'content-type': headerValue,
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    mixedText().map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    anyValue.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
    fc
      .oneof(mixedText(), fc.base64String({ maxLength: 120 }))
      .map((s) => Buffer.from(JSON.stringify({ encrypt: s }))),
    fc
      .record(
        {
          type: fc.constantFrom('url_verification', 'event_callback'),
          token: fc.constantFrom(TOKEN, 'x'),
          challenge: anyValue,
        },
        { requiredKeys: [] },
      )
      .map((v) => Buffer.from(JSON.stringify(v))),
  );
  const NOW = 1_780_000_000_000;

  it('answers a refusal with its status, or an event, for any body and headers', () => {
    fc.assert(
      fc.property(body, headers, (raw, h) => {
        const r = verifyRequest(raw, h as Record<string, string | string[] | undefined>, {
          encryptKey: KEY,
          verificationToken: TOKEN,
          nowMs: NOW,
        });
        if (!r.ok) expect([400, 401]).toContain(r.status);
      }),
      RUNS,
    );
  });

  it('a correctly signed body of any shape is verified and normalised without a throw', () => {
    const signed = fc.oneof(
      envelope.map((e) => ({ schema: '2.0', ...e, header: { ...(e.header as object), token: TOKEN } })),
      anyValue,
    );
    fc.assert(
      fc.property(signed, fc.boolean(), (value, encrypt) => {
        const obj = value ?? null;
        const raw = Buffer.from(
          JSON.stringify(encrypt ? { encrypt: encryptEvent(KEY, obj) } : obj) ?? 'null',
        );
        const ts = String(Math.floor(NOW / 1000));
        const headers = {
          'x-lark-request-timestamp': ts,
          'x-lark-request-nonce': 'n',
          'x-lark-signature': larkSignature(ts, 'n', KEY, raw),
        };
        const r = verifyRequest(raw, headers, { encryptKey: KEY, verificationToken: TOKEN, nowMs: NOW });
        if (r.ok && r.kind === 'event') normalise(r.envelope, BOT);
      }),
      RUNS,
    );
  });
});
