import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Envelope, messageText, normalise } from '../../src/bot/inbound.ts';
import { larkSignature, verifyRequest } from '../../src/http/verify.ts';
import { encryptEvent } from '../../src/sandbox/lark-crypto.ts';
import { anyValue, mixedText } from '../helpers/faults-arbitraries.ts';
import { runsFromEnv, seedFromEnv } from '../helpers/faults-prng.ts';

// Random envelopes, message contents, bodies and headers: the transport answers with a value (an
// Inbound, nothing, or a refusal with its status), never a throw — and the value is the right one: the
// fields the envelope carried, a forged or unsigned request refused, a correctly signed one accepted.
const RUNS = { numRuns: runsFromEnv(10_000), seed: seedFromEnv(20261128) };
/** For the properties that build their input with care (or hash and encrypt it): fewer cases do. */
const FEWER = { ...RUNS, numRuns: Math.min(RUNS.numRuns, 2000) };
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

/** A field of whatever came in, as the transport reads it (anything but an object has none). */
const field = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

describe('fuzz: inbound normalisation', () => {
  it('messageText answers the typed text, whitespace collapsed, without the bot’s @ keys', () => {
    fc.assert(
      fc.property(fc.constantFrom('text', 'post', 'image', ''), content, botKeys, (type, c, keys) => {
        const t = messageText(type, c, keys);
        expect(t).toBe(t.trim());
        if (type === 'text') expect(t).not.toMatch(/\s\s/);
        if (type === 'text' && !keys.has(''))
          for (const k of keys) if (k) expect(t.includes(k), `“${t}” still holds ${k}`).toBe(false);
        if (type === 'image' || type === '') expect(t).toBe('');
      }),
      RUNS,
    );
    // A text message without mentions keeps every character typed.
    fc.assert(
      fc.property(mixedText(), (typed) => {
        expect(messageText('text', JSON.stringify({ text: typed }), new Set())).toBe(
          typed.replace(/\s+/g, ' ').trim(),
        );
      }),
      FEWER,
    );
    // A post keeps its text runs in order, a line break between its lines, with or without a locale.
    const run = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((x) => !/\s/.test(x));
    fc.assert(
      fc.property(
        fc.array(fc.array(run, { maxLength: 3 }), { maxLength: 3 }),
        fc.boolean(),
        (lines, wrap) => {
          const body = { title: 't', content: lines.map((l) => l.map((r) => ({ tag: 'text', text: r }))) };
          const json = JSON.stringify(wrap ? { zh_cn: body } : body);
          expect(messageText('post', json, new Set())).toBe(
            lines
              .map((l) => l.join(''))
              .join('\n')
              .trim(),
          );
        },
      ),
      FEWER,
    );
  });

  it('normalise answers the envelope’s own ids and kind, or nothing for what the bot does not handle', () => {
    fc.assert(
      fc.property(envelope, (env) => {
        const r = normalise(env as unknown as Envelope, BOT);
        const type = env.header.event_type;
        const e = env.event as unknown;
        const eventId = text(env.header.event_id);
        if (type === 'im.message.receive_v1') {
          const sender = field(e, 'sender');
          const senderType = field(sender, 'sender_type');
          if (senderType && senderType !== 'user') {
            expect(r).toBeUndefined();
            return;
          }
          const m = field(e, 'message');
          const mentions = field(m, 'mentions');
          const mentioned =
            Array.isArray(mentions) && mentions.some((x) => field(field(x, 'id'), 'open_id') === BOT);
          expect(r).toMatchObject({
            kind: 'message',
            eventId,
            messageId: text(field(m, 'message_id')),
            chatId: text(field(m, 'chat_id')),
            chatType: field(m, 'chat_type') === 'group' ? 'group' : 'p2p',
            sender: text(field(field(sender, 'sender_id'), 'open_id')),
            mentionedBot: mentioned,
          });
        } else if (type === 'card.action.trigger') {
          const action = field(e, 'action');
          expect(r).toMatchObject({
            kind: 'card',
            eventId,
            operator: text(field(field(e, 'operator'), 'open_id')),
            messageId: text(field(field(e, 'context'), 'open_message_id')),
          });
          expect((r as { value: unknown }).value).toBe(field(action, 'value'));
        } else if (type === 'application.bot.menu_v6') {
          expect(r).toMatchObject({ kind: 'menu', eventId, key: text(field(e, 'event_key')) });
        } else {
          expect(r).toBeUndefined();
        }
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
  const first = (v: unknown) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')) as string;

  it('refuses every request not signed with the key: 401 for a wrong signature, never an event', () => {
    fc.assert(
      fc.property(body, headers, (raw, h) => {
        const r = verifyRequest(raw, h as Record<string, string | string[] | undefined>, {
          encryptKey: KEY,
          verificationToken: TOKEN,
          nowMs: NOW,
        });
        // Random signature headers never match the body's hash.
        const signed = ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'].every(
          (k) => first(h[k as keyof typeof h]) !== '',
        );
        if (signed) expect(r).toEqual({ ok: false, status: 401, reason: 'bad signature' });
        else if (r.ok) {
          // Only Lark's unsigned URL check passes, and only with the verification token.
          expect(r.kind).toBe('challenge');
          expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ type: 'url_verification', token: TOKEN });
        } else {
          expect([400, 401]).toContain(r.status);
        }
      }),
      RUNS,
    );
  });

  it('a correctly signed event is verified and normalised; one changed byte or a stale time is refused', () => {
    const ts = String(Math.floor(NOW / 1000));
    const sign = (raw: Buffer, at = ts) => ({
      'x-lark-request-timestamp': at,
      'x-lark-request-nonce': 'n',
      'x-lark-signature': larkSignature(at, 'n', KEY, raw),
    });
    const verify = (raw: Buffer, headers: Record<string, string>) =>
      verifyRequest(raw, headers, { encryptKey: KEY, verificationToken: TOKEN, nowMs: NOW });
    fc.assert(
      fc.property(envelope, fc.boolean(), fc.nat(), (e, encrypt, at) => {
        const obj = { schema: '2.0', ...e, header: { ...e.header, token: TOKEN } };
        const raw = Buffer.from(JSON.stringify(encrypt ? { encrypt: encryptEvent(KEY, obj) } : obj));
        const r = verify(raw, sign(raw));
        expect(r).toMatchObject({ ok: true, kind: 'event' });
        if (!r.ok || r.kind !== 'event') return;
        expect(r.envelope.header).toEqual(JSON.parse(JSON.stringify(obj.header)));
        const inbound = normalise(r.envelope, BOT);
        if (inbound) expect(inbound.eventId).toBe(text(obj.header.event_id));

        const tampered = Buffer.from(raw);
        const i = at % tampered.length;
        tampered[i] = tampered[i]! ^ 0x01;
        expect(verify(tampered, sign(raw))).toEqual({ ok: false, status: 401, reason: 'bad signature' });
        const stale = String(Number(ts) - 301 - (at % 10_000));
        expect(verify(raw, sign(raw, stale))).toEqual({
          ok: false,
          status: 401,
          reason: 'stale or future timestamp',
        });
      }),
      FEWER,
    );
  });

  it('a correctly signed body of any shape answers a value, never a throw', () => {
    fc.assert(
      fc.property(anyValue, fc.boolean(), (value, encrypt) => {
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
        // Signed but not a schema 2.0 event with the token: refused for what it is, not for the signature.
        if (!r.ok) expect(r.reason).not.toBe('bad signature');
        else if (r.kind === 'event') normalise(r.envelope, BOT);
      }),
      RUNS,
    );
  });
});
