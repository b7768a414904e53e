import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUPLICATE_TAP, NOT_IN_ORG } from '../../src/bot/replies.ts';
import { buttonValue, cardsIn } from '../helpers/cards.ts';
import { messageEnvelope, sendRaw, signedRequest, tapEnvelope } from '../helpers/faults-raw.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const STRANGER = 'ou_stranger_0000000000000000000000';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW });
});
afterEach(async () => {
  await h.stop();
});

const snapshot = () => JSON.stringify({ items: h.store.data.items, cards: h.store.data.cards });
const repliesTo = (messageId: string) => h.lark.messages.filter((m) => m.replyTo === messageId);

/** cao-min's leave, waiting on sun-haiyan: her card and its 同意 value. */
async function pendingLeave() {
  await h.say('cao-min', '/请假 12月1日至12月3日 北京 参加培训');
  const card = cardsIn(h, 'sun-haiyan')[0]!;
  return { card, approve: buttonValue(card.content, '同意'), chatId: `oc_p2p_${h.who('sun-haiyan').openId}` };
}

describe('forged and replayed requests', () => {
  it('refuses a request signed with another key, and a signed body edited afterwards', async () => {
    const { envelope } = messageEnvelope(h, h.who('cao-min').openId, '/请假 12月1日 北京 培训');
    const before = snapshot();
    const forged = signedRequest(h, envelope);
    forged.headers['X-Lark-Signature'] = forged.headers['X-Lark-Signature']!.replace(/^./, (c) =>
      c === 'a' ? 'b' : 'a',
    );
    expect((await sendRaw(h, forged)).status).toBe(401);
    const edited = signedRequest(h, envelope);
    edited.body = JSON.stringify({ encrypt: h.events.encrypt({ ...(envelope as object), event: {} }) });
    expect((await sendRaw(h, edited)).status).toBe(401);
    await h.settle();
    expect(snapshot()).toBe(before);
    expect(h.lark.messages).toHaveLength(0);
  });

  it('a replayed message (same bytes, same headers) is answered without a second effect', async () => {
    const { envelope, messageId } = messageEnvelope(h, h.who('cao-min').openId, '/请假 12月1日 北京 培训');
    const raw = signedRequest(h, envelope);
    expect((await sendRaw(h, raw)).status).toBe(200);
    await h.settle();
    const after = snapshot();
    for (let i = 0; i < 3; i++) expect((await sendRaw(h, raw)).status).toBe(200);
    await h.settle();
    expect(snapshot()).toBe(after);
    expect(Object.keys(h.store.data.items)).toEqual(['Q0001']);
    expect(repliesTo(messageId)).toHaveLength(1);
  });

  it('a replayed tap is answered with a duplicate toast and decides nothing twice', async () => {
    const { card, approve, chatId } = await pendingLeave();
    const raw = signedRequest(
      h,
      tapEnvelope(h, {
        operator: h.who('sun-haiyan').openId,
        messageId: card.messageId,
        chatId,
        value: approve,
      }),
    );
    const first = await sendRaw(h, raw);
    expect(first.json).toMatchObject({ toast: { type: 'success' } });
    await h.settle();
    const after = snapshot();
    const again = await sendRaw(h, raw);
    expect(again.json).toEqual({ toast: { type: 'info', content: DUPLICATE_TAP } });
    await h.settle();
    expect(snapshot()).toBe(after);
    expect(h.store.data.items.Q0001!.steps[0]!.responses).toHaveLength(1);
  });

  it('refuses a captured request replayed after the time window, and one whose timestamp was rewritten', async () => {
    const { card, approve, chatId } = await pendingLeave();
    const before = snapshot();
    const sent = h.lark.messages.length;
    const tap = tapEnvelope(h, {
      operator: h.who('sun-haiyan').openId,
      messageId: card.messageId,
      chatId,
      value: approve,
    });
    // Captured six minutes ago (signature valid for that moment).
    const old = signedRequest(h, tap, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(await sendRaw(h, old)).toMatchObject({ status: 401 });
    // The same capture with its timestamp moved to now: the signature no longer matches.
    const moved = {
      ...old,
      headers: { ...old.headers, 'X-Lark-Request-Timestamp': String(Math.floor(Date.now() / 1000)) },
    };
    expect(await sendRaw(h, moved)).toMatchObject({ status: 401 });
    // An old message event too.
    const { envelope } = messageEnvelope(h, h.who('xu-wenjie').openId, '/请假 12月2日 沈阳 汇报');
    expect(await sendRaw(h, signedRequest(h, envelope, Math.floor(Date.now() / 1000) - 3600))).toMatchObject({
      status: 401,
    });
    await h.settle();
    expect(snapshot()).toBe(before);
    expect(h.lark.messages).toHaveLength(sent);
  });
});

describe('oversized bodies', () => {
  it('refuses 1 MB with 413, whether the length is declared or streamed', async () => {
    const big = `{"encrypt":"${'a'.repeat(1024 * 1024)}"}`;
    const declared = await fetch(`${h.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    let left = 17; // 17 × 64 KiB > 1 MiB, with no content-length
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (left-- > 0) c.enqueue(chunk);
        else c.close();
      },
    });
    const streamed = await fetch(`${h.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(h.store.data.inbox).toHaveLength(0);
  });
});

describe('someone who is not in the org', () => {
  it('gets a polite refusal to a message and changes nothing', async () => {
    const before = snapshot();
    const r = await h.events.sendText({ from: STRANGER, chatType: 'p2p', text: '/请假 12月1日 北京 培训' });
    await h.settle();
    expect(r.response.status).toBe(200);
    const replies = repliesTo(r.messageId);
    expect(replies).toHaveLength(1);
    expect((replies[0]!.content as { text: string }).text).toBe(NOT_IN_ORG);
    expect(snapshot()).toBe(before);
  });

  it('is refused on a real approval card and nothing changes', async () => {
    const { card, approve, chatId } = await pendingLeave();
    const before = snapshot();
    const sent = h.lark.messages.length;
    const r = await h.events.tapCard({
      operator: STRANGER,
      messageId: card.messageId,
      chatId,
      value: approve,
    });
    await h.settle();
    expect(r.response.json).toMatchObject({ toast: { type: 'warning', content: NOT_IN_ORG } });
    expect(snapshot()).toBe(before);
    expect(h.lark.messages).toHaveLength(sent);
  });
});
