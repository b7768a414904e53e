import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wsHandlers } from '../../src/lark/ws.ts';
import { buttonValue, cardsIn } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// The long connection hands each event to the SDK's EventDispatcher with needCheck:false (no signature:
// the socket is authenticated). Driving that dispatcher directly exercises the same path minus the socket.
let h: Harness;
let dispatcher: lark.EventDispatcher;
beforeEach(async () => {
  h = await startHarness({ clock: () => new Date('2026-11-26T10:00:00+08:00') });
  dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(
    wsHandlers(h.bot.intake, h.bot.botOpenId),
  );
});
afterEach(async () => {
  await h.stop();
});

const message = (from: string, text: string, id: string) =>
  h.events.envelope(
    'im.message.receive_v1',
    {
      sender: { sender_id: { open_id: from }, sender_type: 'user' },
      message: {
        message_id: id,
        chat_id: `oc_p2p_${from}`,
        chat_type: 'p2p',
        message_type: 'text',
        content: JSON.stringify({ text }),
      },
    },
    { event_id: `ev-${id}` },
  );

describe('long connection (WSClient → EventDispatcher → the shared intake)', () => {
  it('a message is handled once however often it is delivered, and answered', async () => {
    const from = h.who('cao-min').openId;
    // Lark knows the user's message, so the bot's reply to it lands in the chat.
    h.lark.recordUserMessage({
      messageId: 'om_ws_1',
      chatId: `oc_p2p_${from}`,
      from,
      msgType: 'text',
      content: { text: '/请假' },
    });
    for (let i = 0; i < 3; i++)
      await dispatcher.invoke(message(from, '/请假 12月1日 北京 培训', 'om_ws_1'), { needCheck: false });
    await h.settle();
    expect(Object.keys(h.store.data.items)).toEqual(['Q0001']);
    expect(h.lastText('cao-min')).toContain('已提交请假申请 Q0001');
  });

  it('a card tap returns its toast and card to the SDK, which acks the frame with them', async () => {
    await h.say('cao-min', '/请假 12月1日 北京 培训');
    const [card] = cardsIn(h, 'sun-haiyan');
    const tap = h.events.envelope('card.action.trigger', {
      operator: { open_id: h.who('sun-haiyan').openId },
      token: 'c-token',
      action: { tag: 'button', value: buttonValue(card!.content, '同意'), form_value: {} },
      context: { open_message_id: card!.messageId, open_chat_id: `oc_p2p_${h.who('sun-haiyan').openId}` },
    });
    const reply = (await dispatcher.invoke(tap, { needCheck: false })) as { toast: { content: string } };
    expect(reply.toast.content).toBe('已同意');
    expect(h.store.data.items.Q0001?.steps[0]?.status).toBe('done');
  });
});
