import type { Bot } from '../../app.ts';
import type { OrgIndex, Person } from '../../domain/org.ts';
import type { EventSender } from '../event-sender.ts';
import { p2pChatId, type SandboxLark } from '../lark-server.ts';
import type { Feed } from './feed.ts';

export type Json = Record<string, unknown>;
export type Toast = { type: string; content: string };

/** Lark's own words when a card callback gets no usable answer (error 200340). */
export const TAP_FAILED: Toast = { type: 'error', content: '出错了，请稍后重试' };

export class DriverError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Acts as a person in the sandbox Lark, exactly as the Lark client would: messages and card taps go
 * to the bot's /lark/events signed and encrypted. Used by the page and by the demo alike.
 */
export interface Driver {
  /** Sends text into a chat the person is in (their p2p chat with the bot when `chatId` is omitted). */
  say(personId: string, text: string, o?: { chatId?: string; mentionBot?: boolean }): Promise<string>;
  /** Taps a card's button (or submits its form) as the person; a card in the answer replaces the tapped one. */
  tap(personId: string, messageId: string, action: TapAction): Promise<{ toast?: Toast; replaced: boolean }>;
  /** Resolves once every accepted event is handled and every message delivered. */
  settle(): Promise<void>;
  person(personId: string): Person & { openId: string };
  canSee(personId: string, chatId: string): boolean;
}

export interface TapAction {
  value: Json;
  formValue?: Json;
  tag?: string;
  name?: string;
}

export function createDriver(d: {
  lark: SandboxLark;
  events: EventSender;
  org: OrgIndex;
  bot: Pick<Bot, 'intake' | 'sender'>;
  feed: Feed;
}): Driver {
  const person = (id: string) => {
    const p = d.org.person(id);
    if (!p?.openId) throw new DriverError(404, `没有这个人：${id}`);
    return p as Person & { openId: string };
  };
  const group = (chatId: string) =>
    (['leaders', 'supervision', 'governmentOffice'] as const)
      .map((k) => d.org.chat(k))
      .find((c) => c.chatId === chatId);
  const canSee = (personId: string, chatId: string) =>
    chatId === p2pChatId(person(personId).openId) || (group(chatId)?.members.includes(personId) ?? false);

  return {
    person,
    canSee,
    async say(personId, text, o = {}) {
      const me = person(personId);
      const chatId = o.chatId ?? p2pChatId(me.openId);
      if (!canSee(personId, chatId)) throw new DriverError(403, `${me.name} 不在这个群里`);
      const p2p = chatId === p2pChatId(me.openId);
      const r = await d.events.sendText({
        from: me.openId,
        chatType: p2p ? 'p2p' : 'group',
        chatId,
        text,
        mentionBot: !p2p && o.mentionBot === true,
      });
      return r.messageId;
    },
    async tap(personId, messageId, a) {
      const me = person(personId);
      const message = d.lark.messageById(messageId);
      if (message?.msgType !== 'interactive') throw new DriverError(404, '没有这张卡片');
      if (!canSee(personId, message.chatId)) throw new DriverError(403, `${me.name} 看不到这张卡片`);
      const r = await d.events.tapCard({
        operator: me.openId,
        messageId,
        chatId: message.chatId,
        value: a.value,
        ...(a.formValue ? { formValue: a.formValue } : {}),
        ...(a.tag ? { tag: a.tag } : {}),
        ...(a.name ? { name: a.name } : {}),
        // Bound to the message, so a delayed update (interactive/v1/card/update) patches this card.
        token: d.lark.cardToken(messageId),
      });
      if (r.response.status !== 200) return { toast: TAP_FAILED, replaced: false };
      const answer = (r.response.json ?? {}) as { toast?: Toast; card?: { type?: string; data?: unknown } };
      const card = answer.card?.type === 'raw' ? answer.card.data : undefined;
      if (card) d.feed.replaceCard(messageId, card);
      return { ...(answer.toast ? { toast: answer.toast } : {}), replaced: card !== undefined };
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await d.bot.intake.idle();
        await d.bot.sender.drained(15_000);
      }
    },
  };
}
